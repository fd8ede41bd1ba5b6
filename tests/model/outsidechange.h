#pragma once

#include <QString>

#if defined(Q_OS_WIN) && defined(__x86_64__)
#include <windows.h>
#endif

// Changes made to a file from outside Windows, for the Windows build's tests under Wine.
//
// Windows refuses to truncate a file while a view of it is mapped (ERROR_USER_MAPPED_FILE), and
// Wine, like Windows before 10 version 1903, keeps a deleted file's name until its last handle
// closes. A mapped file still changes under Tome when something outside Windows changes it (the
// server of a network share; under Wine, any Linux program), and Windows 10 1903 and later remove
// a deleted file's name at once. Under Wine these helpers make such a change themselves, with the
// Linux system call (the test runs in a Linux process), so that what must follow it (the fault
// guard, the follower) is exercised rather than skipped. Elsewhere they do nothing and say so.
namespace OutsideChange {

#if defined(Q_OS_WIN) && defined(__x86_64__)
namespace Detail {

// The Linux name of a Windows path, through Wine's kernel32 (empty when not under Wine).
inline QByteArray unixName(const QString &path)
{
    using ToUnix = char *(__cdecl *)(const wchar_t *);
    static const auto toUnix = reinterpret_cast<ToUnix>(reinterpret_cast<void (*)()>(
        GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "wine_get_unix_file_name")));
    if (!toUnix)
        return {};
    char *name = toUnix(reinterpret_cast<const wchar_t *>(path.utf16()));
    if (!name)
        return {};
    const QByteArray result(name);
    HeapFree(GetProcessHeap(), 0, name);
    return result;
}

// A Linux system call with two arguments (64-bit registers: long is 32 bits on Windows).
inline qint64 linuxCall(qint64 number, const char *path, qint64 argument)
{
    qint64 result;
    __asm__ volatile("syscall" : "=a"(result) : "a"(number), "D"(path), "S"(argument) : "rcx", "r11", "memory");
    return result;
}

} // namespace Detail

// Whether these helpers can change files here (under Wine on x86-64 Linux).
inline bool available()
{
    return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != nullptr;
}

// truncate(2): as a Linux program sharing the file would. False when not available or refused.
inline bool truncate(const QString &path, qint64 size)
{
    const QByteArray name = available() ? Detail::unixName(path) : QByteArray();
    return !name.isEmpty() && Detail::linuxCall(76, name.constData(), size) == 0;
}

// unlink(2): the name goes at once, as Windows 10 1903 and later delete a file that is open.
inline bool unlink(const QString &path)
{
    const QByteArray name = available() ? Detail::unixName(path) : QByteArray();
    return !name.isEmpty() && Detail::linuxCall(87, name.constData(), 0) == 0;
}
#else
inline bool available() { return false; }
inline bool truncate(const QString &, qint64) { return false; }
inline bool unlink(const QString &) { return false; }
#endif

} // namespace OutsideChange
