#include "faultguard.h"

#include <cstdint>

#if defined(Q_OS_WIN)
#include <windows.h>
#else
#include <csetjmp>
#include <csignal>
#include <mutex>
#endif

#if defined(Q_OS_WIN)

namespace {

int filterInPageError(EXCEPTION_POINTERS *info, std::uintptr_t begin, std::uintptr_t end)
{
    const EXCEPTION_RECORD *record = info->ExceptionRecord;
    if (record->ExceptionCode != EXCEPTION_IN_PAGE_ERROR || record->NumberParameters < 2)
        return EXCEPTION_CONTINUE_SEARCH;
    const auto address = static_cast<std::uintptr_t>(record->ExceptionInformation[1]);
    return address >= begin && address < end ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

} // namespace

bool FaultGuard::runRaw(const void *base, qint64 len, void (*call)(void *), void *context)
{
    const auto begin = reinterpret_cast<std::uintptr_t>(base);
    const auto end = begin + static_cast<std::uintptr_t>(len);
#if defined(_MSC_VER)
    __try {
        call(context);
    } __except (filterInPageError(GetExceptionInformation(), begin, end)) {
        return false;
    }
    return true;
#else
    // MinGW has no __try; reads are unguarded there.
    Q_UNUSED(begin);
    Q_UNUSED(end);
    call(context);
    return true;
#endif
}

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
