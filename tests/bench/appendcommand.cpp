#include "benchcommands.h"
#include "benchio.h"

#include "appender.h"
#include "document.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

// Appends WORD... as lines through the Appender the GUI uses, and times it from the append
// until the index shows the new lines (write + remap + index extension): {"lines":N,"ms":T}.
// The file is indexed completely first, so T covers the append alone.
int runAppendCommand(const QStringList &args)
{
    if (args.size() < 2)
        return BenchIo::fail(u"usage: tome-bench append FILE WORD..."_s);
    Document document;
    if (!BenchIo::openDocument(document, args.at(0)))
        return 1;
    if (document.waitForIndex() != LineIndex::Status::Complete)
        return BenchIo::fail(u"the file changed while it was being indexed"_s);
    Appender appender(&document);
    QElapsedTimer timer;
    timer.start();
    const Appender::Result result = appender.append(args.mid(1));
    if (!result.ok)
        return BenchIo::fail(result.error);
    document.waitForIndex();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    BenchIo::printLine(u"{\"lines\":%1,\"ms\":%2}"_s.arg(document.lineCount()).arg(ms, 0, 'f', 3));
    return 0;
}
