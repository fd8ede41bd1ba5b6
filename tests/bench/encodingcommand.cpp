#include "benchcommands.h"
#include "benchio.h"

#include "encodingdetector.h"
#include "mappedfile.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace {

const char *reasonName(EncodingDetector::Reason reason)
{
    switch (reason) {
    case EncodingDetector::Reason::ByteOrderMark:
        return "byte-order-mark";
    case EncodingDetector::Reason::Utf16Pattern:
        return "utf-16-pattern";
    case EncodingDetector::Reason::Utf8:
        return "utf-8";
    case EncodingDetector::Reason::Charset:
        return "charset";
    case EncodingDetector::Reason::Fallback:
        break;
    }
    return "fallback";
}

} // namespace

// Detects the file's encoding as the window does at open, on its mapping:
// {"encoding":"NAME","reason":R,"ms":T,"sample_bytes":B,"size":S}; T counts the reads of the
// sample (cold pages come from disk) and the detection, not the mapping.
int runEncodingCommand(const QStringList &args)
{
    if (args.size() != 1)
        return BenchIo::fail(u"usage: tome-bench encoding FILE"_s);
    MappedFile file;
    if (file.open(args.at(0)) != OpenError::None)
        return BenchIo::fail(file.errorString());
    qint64 sampled = 0;
    QElapsedTimer timer;
    timer.start();
    if (const std::shared_ptr<const MappedRegion> region = file.region()) { // as Document does
        for (const auto &[offset, length] : EncodingDetector::samplePieces(file.size()))
            region->prefetch(offset, length);
    }
    const EncodingDetector::Result result = EncodingDetector::detect(file.size(), [&](qint64 offset, qint64 length) {
        sampled += length;
        return file.read(offset, length);
    });
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    BenchIo::printLine(u"{\"encoding\":\"%1\",\"reason\":\"%2\",\"ms\":%3,\"sample_bytes\":%4,\"size\":%5}"_s
                           .arg(QString::fromLatin1(result.encoding.name()), QString::fromLatin1(reasonName(result.reason)))
                           .arg(ms, 0, 'f', 3)
                           .arg(sampled)
                           .arg(file.size()));
    return 0;
}
