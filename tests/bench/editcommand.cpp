#include "benchcommands.h"
#include "benchio.h"

#include "document.h"
#include "fileeditor.h"

#include <QElapsedTimer>
#include <QEventLoop>

using namespace Qt::StringLiterals;

// Replaces line LINE (1-based) of FILE with TEXT through the same FileEditor the GUI uses, and
// times the edit until it is on disk (flushed; for a rewrite, renamed and the folder flushed):
// {"mode":"in-place"|"rewrite","ms":T}
int runEditCommand(const QStringList &args)
{
    bool isNumber = false;
    const qint64 line = args.size() == 3 ? args.at(1).toLongLong(&isNumber) : 0;
    if (!isNumber || line < 1)
        return BenchIo::fail(u"usage: tome-bench edit FILE LINE TEXT   (LINE 1-based)"_s);
    Document document;
    if (!BenchIo::openDocument(document, args.at(0)))
        return 1;
    BenchIo::waitForLines(document, line + 1);
    if (!document.recoveryMessage().isEmpty())
        BenchIo::fail(document.recoveryMessage());

    const QByteArray text = args.at(2).toUtf8();
    return BenchIo::runEdit(document, [&](FileEditor &editor) { return editor.replaceLine(line - 1, text); });
}
