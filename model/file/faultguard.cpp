#include "faultguard.h"

#include <cstdint>

#if defined(Q_OS_WIN)
#include <mutex>
#include <windows.h>
#else
#include <csetjmp>
#include <csignal>
#include <mutex>
#endif

#if defined(Q_OS_WIN)

namespace {

bool isGuardedFault(const EXCEPTION_RECORD *record, std::uintptr_t begin, std::uintptr_t end)
{
    // An in-page error is a mapped file's read that failed (device gone, I/O error, or the file
    // truncated from outside Windows, e.g. under Wine); an access violation inside the range is a
    // page that is no longer there. Both carry the address in ExceptionInformation[1].
    if (record->ExceptionCode != EXCEPTION_IN_PAGE_ERROR && record->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
        return false;
    if (record->NumberParameters < 2)
        return false;
    const auto address = static_cast<std::uintptr_t>(record->ExceptionInformation[1]);
    return address >= begin && address < end;
}

} // namespace

#if defined(_MSC_VER)

bool FaultGuard::runRaw(const void *base, qint64 len, void (*call)(void *), void *context)
{
    const auto begin = reinterpret_cast<std::uintptr_t>(base);
    const auto end = begin + static_cast<std::uintptr_t>(len > 0 ? len : 0);
    __try {
        call(context);
    } __except (isGuardedFault(GetExceptionInformation()->ExceptionRecord, begin, end)
                    ? EXCEPTION_EXECUTE_HANDLER
                    : EXCEPTION_CONTINUE_SEARCH) {
        return false;
    }
    return true;
}

#else

// GCC (MinGW) has no __try. A vectored exception handler sees the fault first; when it lies in a
// range guarded on the faulting thread, the handler does not jump from inside the exception
// dispatcher: it lets the dispatcher finish (EXCEPTION_CONTINUE_EXECUTION) with the thread's
// context pointed at escapeToGuard(frame), which then leaves by __builtin_longjmp to the guard's
// __builtin_setjmp, exactly as sigsetjmp/siglongjmp do on Unix (no unwinding: hence fn's contract).

namespace {

struct GuardFrame {
    std::uintptr_t begin;
    std::uintptr_t end;
    void *jump[5]; // __builtin_setjmp's buffer
    GuardFrame *outer;
};

thread_local GuardFrame *t_innermost = nullptr;
std::once_flag s_installed;

[[noreturn]] void escapeToGuard(GuardFrame *frame)
{
    __builtin_longjmp(frame->jump, 1);
}

LONG CALLBACK onException(EXCEPTION_POINTERS *info)
{
    for (GuardFrame *frame = t_innermost; frame; frame = frame->outer) {
        if (isGuardedFault(info->ExceptionRecord, frame->begin, frame->end)) {
            t_innermost = frame->outer;
            CONTEXT *context = info->ContextRecord;
#if defined(__x86_64__)
            // As if escapeToGuard() had been called at the fault: a fresh, aligned frame below the
            // faulting one (rsp = 8 mod 16 at entry), with room for its home area.
            context->Rsp = ((context->Rsp - 256) & ~DWORD64(15)) - 8;
            context->Rip = reinterpret_cast<DWORD64>(&escapeToGuard);
            context->Rcx = reinterpret_cast<DWORD64>(frame); // its argument (Windows x64 convention)
#else
#error "FaultGuard: the MinGW fault guard is written for x86_64"
#endif
            return EXCEPTION_CONTINUE_EXECUTION;
        }
    }
    return EXCEPTION_CONTINUE_SEARCH; // not ours: the next handler, or the crash it would have been
}

void installHandler()
{
    AddVectoredExceptionHandler(1, &onException);
}

// Kept out of line so that the setjmp frame is this one's alone.
__attribute__((noinline)) bool guardedCall(GuardFrame *frame, void (*call)(void *), void *context)
{
    if (__builtin_setjmp(frame->jump) != 0)
        return false; // t_innermost was reset by the handler to the frame outside ours
    t_innermost = frame;
    call(context);
    t_innermost = frame->outer;
    return true;
}

} // namespace

bool FaultGuard::runRaw(const void *base, qint64 len, void (*call)(void *), void *context)
{
    std::call_once(s_installed, installHandler);
    GuardFrame frame;
    frame.begin = reinterpret_cast<std::uintptr_t>(base);
    frame.end = frame.begin + static_cast<std::uintptr_t>(len > 0 ? len : 0);
    frame.outer = t_innermost;
    return guardedCall(&frame, call, context);
}

#endif

#else

namespace {

// One per active run() on a thread, linked innermost first. Trivial types only: the signal
// handler reads them.
struct GuardFrame {
    std::uintptr_t begin;
    std::uintptr_t end;
    sigjmp_buf jump;
    GuardFrame *outer;
};

thread_local GuardFrame *t_innermost = nullptr;
struct sigaction s_previous {};
std::once_flag s_installed;

void chainToPrevious(int signal, siginfo_t *info, void *ucontext)
{
    if (s_previous.sa_flags & SA_SIGINFO) {
        if (s_previous.sa_sigaction) {
            s_previous.sa_sigaction(signal, info, ucontext);
            return;
        }
    } else if (s_previous.sa_handler == SIG_IGN) {
        return;
    } else if (s_previous.sa_handler != SIG_DFL && s_previous.sa_handler) {
        s_previous.sa_handler(signal);
        return;
    }
    // Default action: restore it; returning re-executes the faulting access, which now kills us
    // the way it would have without a guard.
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal, &fallback, nullptr);
}

void onBusError(int signal, siginfo_t *info, void *ucontext)
{
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (GuardFrame *frame = t_innermost; frame; frame = frame->outer) {
        if (address >= frame->begin && address < frame->end) {
            t_innermost = frame->outer;
            siglongjmp(frame->jump, 1);
        }
    }
    chainToPrevious(signal, info, ucontext);
}

void installHandler()
{
    struct sigaction action {};
    action.sa_sigaction = &onBusError;
    sigemptyset(&action.sa_mask);
    // SA_NODEFER: we leave the handler by siglongjmp without restoring the signal mask (cheaper
    // than sigsetjmp(..., 1), which costs a system call per guarded read).
    action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigaction(SIGBUS, &action, &s_previous);
}

} // namespace

bool FaultGuard::runRaw(const void *base, qint64 len, void (*call)(void *), void *context)
{
    std::call_once(s_installed, installHandler);
    GuardFrame frame;
    frame.begin = reinterpret_cast<std::uintptr_t>(base);
    frame.end = frame.begin + static_cast<std::uintptr_t>(len > 0 ? len : 0);
    frame.outer = t_innermost;
    if (sigsetjmp(frame.jump, 0) != 0) {
        // t_innermost was reset by the handler to the frame outside ours.
        return false;
    }
    t_innermost = &frame;
    call(context);
    t_innermost = frame.outer;
    return true;
}

#endif
