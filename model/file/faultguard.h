#pragma once

#include <QtGlobal>

#include <type_traits>
#include <utility>

// Turns a hardware fault while reading a memory-mapped file into an error result.
//
// When another program truncates a mapped file, touching a page past its new end raises SIGBUS
// (Unix) or EXCEPTION_IN_PAGE_ERROR (Windows, where an access violation inside the range counts
// too). Every read of mapped memory in Tome goes through run(): if the faulting address lies
// inside [base, base + len), run() returns false instead of the process dying. A fault outside
// the guarded range is passed on to whatever handler was installed before (or the default
// action), so real bugs still crash.
//
// Contract for `fn`:
//  - it is abandoned mid-way on a fault (siglongjmp; with MinGW, a longjmp after a vectored
//    exception handler): it must not own anything that needs a destructor (no QString,
//    QByteArray, std::vector, locks) in its own frame or in frames it calls; write results
//    through pointers to objects that live outside run();
//  - it may be called from any thread; guards nest per thread (the innermost range wins).
// Thread-safety: the signal handler is installed once, on first use, in a thread-safe way.
class FaultGuard {
public:
    template <typename F>
    static bool run(const void *base, qint64 len, F &&fn)
    {
        using Fn = std::remove_reference_t<F>;
        return runRaw(base, len, [](void *context) { (*static_cast<Fn *>(context))(); },
                      const_cast<void *>(static_cast<const void *>(&fn)));
    }

    // The type-erased form of run(); `call(context)` is invoked under the guard.
    static bool runRaw(const void *base, qint64 len, void (*call)(void *), void *context);
};
