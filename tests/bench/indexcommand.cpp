#include "benchcommands.h"
#include "benchio.h"

#include "document.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

// Indexes the whole file on all cores (a compressed file: decompresses it first, as the window
// does): {"lines":N,"seconds":S,"index_bytes":B,"rss_peak_bytes":R,"encoding":"NAME"}, NAME the
// encoding the window reads it in (detected, as EncodingDetector names it: "UTF-8", "Shift_JIS").
int runIndexCommand(const QStringList &args)
{
    if (args.size() != 1)
        return BenchIo::fail(u"usage: tome-bench index FILE"_s);
    QElapsedTimer timer;
    timer.start();
    Document document;
    document.setAutomaticEncoding();
    if (!BenchIo::openDocument(document, args.at(0)))
        return 1;
    const LineIndex::Status status = document.waitForIndex();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!document.decodeError().isEmpty())
        BenchIo::fail(document.decodeError()); // a damaged archive: what came before the damage is counted
    if (status != LineIndex::Status::Complete)
        return BenchIo::fail(u"indexing %1 failed (the file changed while it was read)"_s.arg(args.at(0)));
    BenchIo::printLine(u"{\"lines\":%1,\"seconds\":%2,\"index_bytes\":%3,\"rss_peak_bytes\":%4,\"encoding\":\"%5\"}"_s
                           .arg(document.lineCount())
                           .arg(seconds, 0, 'f', 4)
                           .arg(document.lineIndex()->memoryBytes())
                           .arg(BenchIo::peakResidentBytes())
                           .arg(QString::fromLatin1(document.encoding().name())));
    return 0;
}
