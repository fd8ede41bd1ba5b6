#include "benchio.h"

#include "document.h"

#include <QElapsedTimer>
#include <QEventLoop>

#include <cstdio>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;

namespace BenchIo {

void printLine(const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
}

int fail(const QString &message)
{
    const QByteArray bytes = (u"tome-bench: "_s + message + u'\n').toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    return 1;
}

bool openDocument(Document &document, const QString &path)
{
    if (document.open(path))
        return true;
    fail(document.errorString());
    return false;
}

void waitForLines(Document &document, qint64 lines)
{
    const auto done = [&] {
        const LineIndex::Status status = document.lineIndex() ? document.lineIndex()->status() : LineIndex::Status::Idle;
        return document.lineCount() >= lines || (status != LineIndex::Status::Running && !document.isDecoding());
    };
    waitUntil(done, [&](QEventLoop &loop, const std::function<void()> &check) {
        QObject::connect(&document, &Document::lineCountChanged, &loop, check);
        QObject::connect(&document, &Document::indexFinished, &loop, check);
        QObject::connect(&document, &Document::decodeFinished, &loop, check);
    });
}

void waitUntil(const std::function<bool()> &done,
               const std::function<void(QEventLoop &loop, const std::function<void()> &check)> &wire)
{
    if (done())
        return;
    QEventLoop loop;
    wire(loop, [&] {
        if (done())
            loop.quit();
    });
    loop.exec();
}

qint64 peakResidentBytes()
{
#if defined(Q_OS_UNIX)
    struct rusage usage {};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
#if defined(Q_OS_DARWIN)
    return qint64(usage.ru_maxrss); // bytes
#else
    return qint64(usage.ru_maxrss) * 1024; // KiB
#endif
#else
    return -1;
#endif
}

int runEdit(Document &document, const std::function<FileEditor::Result(FileEditor &)> &apply)
{
    FileEditor editor(&document);
    FileEditor::Result result;
    QEventLoop loop;
    QObject::connect(&editor, &FileEditor::finished, &loop, [&](const FileEditor::Result &done) {
        result = done;
        loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    const FileEditor::Result first = apply(editor);
    if (first.status == FileEditor::Status::Started)
        loop.exec();
    else
        result = first;
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (result.status != FileEditor::Status::Done)
        return fail(result.message);
    const QString mode = result.mode == FileEditor::Mode::InPlace ? u"in-place"_s : u"rewrite"_s;
    printLine(u"{\"mode\":\"%1\",\"ms\":%2}"_s.arg(mode).arg(ms, 0, 'f', 3));
    return 0;
}

} // namespace BenchIo
