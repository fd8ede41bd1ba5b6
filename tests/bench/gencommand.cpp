#include "benchcommands.h"
#include "benchio.h"

#include <QFile>
#include <QSaveFile>

#include <cstdio>

using namespace Qt::StringLiterals;

// A log-like file of exactly BYTES bytes, the same for the same size: timestamped lines of
// varying length from a fixed-seed generator, written in large blocks.
int runGenCommand(const QStringList &args)
{
    if (args.size() != 2)
        return BenchIo::fail(u"usage: tome-bench gen FILE BYTES"_s);
    bool ok = false;
    const qint64 total = args.at(1).toLongLong(&ok);
    if (!ok || total < 0)
        return BenchIo::fail(u"BYTES must be a non-negative number, not \"%1\""_s.arg(args.at(1)));
    QSaveFile file(args.at(0));
    if (!file.open(QIODevice::WriteOnly))
        return BenchIo::fail(u"cannot write %1: %2"_s.arg(args.at(0), file.errorString()));

    static constexpr const char *kLevels[] = {"INFO ", "DEBUG", "WARN ", "INFO ", "ERROR", "INFO "};
    static constexpr const char *kWords[] = {"request", "served", "cache", "miss", "user", "session", "opened",
                                             "closed", "retry", "timeout", "payload", "accepted", "queue"};
    quint64 state = 0x9e3779b97f4a7c15ULL;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<quint32>(state >> 33);
    };
    constexpr qint64 kBlock = 8 << 20;
    QByteArray block;
    block.reserve(kBlock + 512);
    qint64 written = 0;
    qint64 lineNumber = 0;
    char line[512];
    while (written < total) {
        block.clear();
        while (block.size() < kBlock) {
            const quint32 r = next();
            const qint64 seconds = lineNumber / 50;
            int n = std::snprintf(line, sizeof line, "2024-05-%02lld %02lld:%02lld:%02lld.%03u %s [worker-%u] ",
                                  1 + (seconds / 86400) % 28, (seconds / 3600) % 24, (seconds / 60) % 60,
                                  seconds % 60, r % 1000, kLevels[r % 6], (r >> 10) % 16);
            const int words = 3 + int((r >> 14) % 14);
            for (int w = 0; w < words && n < 400; ++w)
                n += std::snprintf(line + n, sizeof line - size_t(n), "%s=%u ", kWords[next() % 13], next() % 100000);
            line[n - 1] = '\n';
            block.append(line, n);
            ++lineNumber;
        }
        const qint64 take = qMin<qint64>(block.size(), total - written);
        if (file.write(block.constData(), take) != take)
            return BenchIo::fail(u"cannot write %1: %2"_s.arg(args.at(0), file.errorString()));
        written += take;
    }
    if (!file.commit())
        return BenchIo::fail(u"cannot write %1: %2"_s.arg(args.at(0), file.errorString()));
    return 0;
}
