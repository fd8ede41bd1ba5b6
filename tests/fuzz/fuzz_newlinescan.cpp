// Fuzz harness: NewlineScan's vectorised count() and findNth() against a plain loop, from every
// start alignment, on a buffer of exactly the input's size (so a read past it is an ASan report).
#include "fuzzcheck.h"
#include "newlinescan.h"

#include <QList>

#include <memory>

using namespace Qt::StringLiterals;

QString fuzzCheck(QByteArrayView input)
{
    if (input.isEmpty())
        return {};
    // Byte 0, bit 0: make '\n' dense (every byte that is 0 mod 4 becomes one).
    const bool dense = uchar(input.at(0)) & 1;
    const QByteArrayView body = input.sliced(1);
    const qint64 size = body.size();
    const std::unique_ptr<uchar[]> data(new uchar[size_t(qMax<qint64>(1, size))]);
    for (qint64 i = 0; i < size; ++i) {
        const uchar b = uchar(body.at(i));
        data[size_t(i)] = dense && b % 4 == 0 ? uchar('\n') : b;
    }
    for (qint64 start = 0; start <= qMin<qint64>(size, 70); ++start) {
        for (const qint64 end : {size, qMax(start, size - 1), qMax(start, size - 33), qMin(size, start + 31)}) {
            const uchar *from = data.get() + start;
            const qint64 length = end - start;
            QList<qint64> newlines;
            for (qint64 i = 0; i < length; ++i) {
                if (from[i] == '\n')
                    newlines.append(i);
            }
            const qint64 counted = NewlineScan::count(from, length);
            if (counted != newlines.size())
                return u"count([%1, %2)) = %3, expected %4 (%5)"_s.arg(start).arg(end).arg(counted).arg(newlines.size())
                    .arg(QString::fromLatin1(NewlineScan::variantName()));
            for (qint64 n = 1; n <= newlines.size() + 1; ++n) {
                if (n > 8 && n < newlines.size() - 8)
                    continue; // the first and last few are enough
                const qint64 found = NewlineScan::findNth(from, length, n);
                const qint64 expected = n <= newlines.size() ? newlines.at(n - 1) : -1;
                if (found != expected)
                    return u"findNth([%1, %2), %3) = %4, expected %5 (%6)"_s.arg(start).arg(end).arg(n).arg(found)
                        .arg(expected).arg(QString::fromLatin1(NewlineScan::variantName()));
            }
        }
    }
    return {};
}
