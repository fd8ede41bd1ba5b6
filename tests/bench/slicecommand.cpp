#include "benchcommands.h"
#include "benchio.h"

#include "byteformat.h"
#include "mappedfile.h"
#include "offsetparser.h"

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kChunk = 1 << 20;

// Calls fn(QByteArrayView) on [start, end) one guarded chunk at a time; false if a read faulted.
template <typename F> bool forEachChunk(const MappedFile &file, qint64 start, qint64 end, F &&fn)
{
    for (qint64 at = start; at < end; at += kChunk) {
        const std::optional<QByteArray> bytes = file.read(at, qMin(kChunk, end - at));
        if (!bytes || bytes->size() != qMin(kChunk, end - at))
            return false;
        fn(QByteArrayView(*bytes));
    }
    return true;
}

} // namespace

// Prints the Python bytes literal of file[START:END] (repr() of the bytes), streamed in chunks so
// any slice size works. END past the end of the file is clipped, as Python slicing clips it.
int runSliceCommand(const QStringList &args)
{
    if (args.size() != 3)
        return BenchIo::fail(u"usage: tome-bench slice FILE START END (offsets decimal or 0x hex)"_s);
    const std::optional<qint64> start = parseOffset(args.at(1));
    const std::optional<qint64> requestedEnd = parseOffset(args.at(2));
    if (!start)
        return BenchIo::fail(u"START \"%1\" is not a byte offset: %2"_s.arg(args.at(1), offsetSyntaxHint()));
    if (!requestedEnd)
        return BenchIo::fail(u"END \"%1\" is not a byte offset: %2"_s.arg(args.at(2), offsetSyntaxHint()));
    if (*requestedEnd < *start)
        return BenchIo::fail(u"END (%1) is before START (%2)"_s.arg(*requestedEnd).arg(*start));

    MappedFile file;
    if (file.open(args.at(0)) != OpenError::None)
        return BenchIo::fail(file.errorString());
    if (*start > file.size())
        return BenchIo::fail(
            u"START (%1) is past the end of %2 (%3 bytes)"_s.arg(*start).arg(args.at(0)).arg(file.size()));
    const qint64 end = qMin(*requestedEnd, file.size());

    bool hasSingle = false, hasDouble = false;
    const bool scanned = forEachChunk(file, *start, end, [&](QByteArrayView bytes) {
        hasSingle = hasSingle || bytes.contains('\'');
        hasDouble = hasDouble || bytes.contains('"');
    });
    if (!scanned)
        return BenchIo::fail(u"%1 changed while it was read"_s.arg(args.at(0)));

    const char quote = ByteFormat::pythonBytesQuote(hasSingle, hasDouble);
    const auto write = [](const QByteArray &bytes) { std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout); };
    write(QByteArray("b") + quote);
    const bool written = forEachChunk(
        file, *start, end, [&](QByteArrayView bytes) { write(ByteFormat::pythonBytesEscaped(bytes, quote)); });
    if (!written) {
        std::fputc('\n', stdout);
        return BenchIo::fail(u"%1 changed while it was read"_s.arg(args.at(0)));
    }
    write(QByteArray(1, quote) + '\n');
    return 0;
}
