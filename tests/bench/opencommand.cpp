#include "benchcommands.h"
#include "benchio.h"

#include "document.h"
#include "linemodel.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

// Time from open until the first 100 lines are decoded for display, through the same
// Document and LineModel the GUI uses: {"first_screen_ms":T}
int runOpenCommand(const QStringList &args)
{
    if (args.size() != 1)
        return BenchIo::fail(u"usage: tome-bench open FILE"_s);
    constexpr int kScreenLines = 100;
    QElapsedTimer timer;
    timer.start();
    Document document;
    LineModel model(&document);
    if (!BenchIo::openDocument(document, args.at(0)))
        return 1;
    BenchIo::waitForLines(document, kScreenLines);
    const int rows = qMin(model.rowCount(), kScreenLines);
    qint64 characters = 0;
    for (int row = 0; row < rows; ++row)
        characters += model.data(model.index(row), Qt::DisplayRole).toString().size();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    Q_UNUSED(characters);
    BenchIo::printLine(u"{\"first_screen_ms\":%1}"_s.arg(ms, 0, 'f', 2));
    return 0;
}
