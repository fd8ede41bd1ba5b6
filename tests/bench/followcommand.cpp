#include "benchcommands.h"
#include "benchio.h"

#include "document.h"
#include "filefollower.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

// "lines" is always the line count of the file the path names, as Tome shows it: a deleted file
// (path gone) has 0 lines, although the GUI keeps showing its last mapped content.
qint64 linesNow(Document &document, const FileFollower &follower)
{
    if (follower.isFileGone() || !QFileInfo::exists(document.path()))
        return 0;
    document.waitForIndex();
    return document.state() == Document::State::Open ? document.lineCount() : 0;
}

void print(const QString &line)
{
    BenchIo::printLine(line);
    std::fflush(stdout);
}

} // namespace

// Follows FILE for S seconds with the FileFollower the GUI uses, printing each change it sees,
// {"event":"grew"|"truncated"|"replaced"|"rewritten"|"deleted","lines":N}, then {"lines":N} for
// the file as it is at the end.
int runFollowCommand(const QStringList &args)
{
    if (args.size() != 3 || args.at(1) != u"--seconds"_s)
        return BenchIo::fail(u"usage: tome-bench follow FILE --seconds S"_s);
    bool ok = false;
    const double seconds = args.at(2).toDouble(&ok);
    if (!ok || seconds < 0)
        return BenchIo::fail(u"\"%1\" is not a number of seconds"_s.arg(args.at(2)));
    Document document;
    if (!BenchIo::openDocument(document, args.at(0)))
        return 1;
    document.waitForIndex();
    FileFollower follower(&document);
    QObject::connect(&follower, &FileFollower::changed, &follower, [&](FileFollower::Event event) {
        print(u"{\"event\":\"%1\",\"lines\":%2}"_s.arg(FileFollower::eventName(event)).arg(linesNow(document, follower)));
    });
    follower.setActive(true);
    QEventLoop loop;
    QTimer::singleShot(qRound64(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
    // Catch up with what happened since the last poll, as a last check would.
    for (int round = 0; round < 10 && follower.checkNow(); ++round) {
    }
    print(u"{\"lines\":%1}"_s.arg(linesNow(document, follower)));
    return 0;
}
