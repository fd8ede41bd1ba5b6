#include "benchcommands.h"
#include "benchio.h"

#include "document.h"
#include "linemodel.h"

#include <QEventLoop>

#include <cstdio>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kPieceColumns = 1 << 20;

void write(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
}

// A row's whole display text (LineModel::text()), a mebi-column at a time: lines of any length.
void printWhole(const LineModel &model, int row)
{
    const qint64 columns = model.columnCount(row, nullptr, std::numeric_limits<qint64>::max());
    bool skipFirst = false; // the column after a pair given whole at a piece's end
    for (qint64 from = 0; from < columns; from += kPieceColumns) {
        const qint64 to = qMin(columns, from + kPieceColumns);
        QString piece = model.text(row, from, to);
        const bool pairAtEnd = piece.size() > to - from;
        if (skipFirst)
            piece.remove(0, 1);
        write(piece);
        skipFirst = pairAtEnd;
    }
    write(u"\n"_s);
}

// Waits until the model has the document's first ROWS rows. The index counts on its own thread,
// ahead of what it has told the document, and the model grows only when told: waitForLines() can
// see the lines before the model has their rows (seen once, under load: a row short).
void waitForRows(const LineModel &model, const Document &document, qint64 rows)
{
    BenchIo::waitUntil([&] { return model.totalRows() >= rows; },
                       [&](QEventLoop &loop, const std::function<void()> &check) {
                           QObject::connect(&model, &LineModel::rowsInserted, &loop, check);
                           QObject::connect(&model, &LineModel::modelReset, &loop, check);
                           // Once the index has finished, the model has been told all (it is
                           // connected first): what it lacks then, it cannot show, which the
                           // caller reports.
                           QObject::connect(&document, &Document::indexFinished, &loop, &QEventLoop::quit);
                       });
}

} // namespace

// Prints lines FIRST .. FIRST + COUNT - 1 (1-based) as the view shows them, whole (however long),
// one per line, in UTF-8: the file read in the encoding the window detects in it, or in
// --encoding=NAME (any name TextEncoding::fromName() takes).
int runLinesCommand(const QStringList &arguments)
{
    QStringList args;
    std::optional<TextEncoding> encoding;
    for (const QString &arg : arguments) {
        if (!arg.startsWith(u"--encoding=")) {
            args << arg;
            continue;
        }
        QString error;
        encoding = TextEncoding::fromName(arg.mid(11).toLatin1(), &error);
        if (!encoding)
            return BenchIo::fail(error);
    }
    if (args.size() != 3)
        return BenchIo::fail(u"usage: tome-bench lines FILE FIRST COUNT [--encoding=NAME]"_s);
    bool firstOk = false, countOk = false;
    const qint64 first = args.at(1).toLongLong(&firstOk);
    const qint64 count = args.at(2).toLongLong(&countOk);
    if (!firstOk || first < 1)
        return BenchIo::fail(u"FIRST must be a line number from 1, not \"%1\""_s.arg(args.at(1)));
    if (!countOk || count < 0)
        return BenchIo::fail(u"COUNT must be a non-negative number, not \"%1\""_s.arg(args.at(2)));
    Document document;
    LineModel model(&document);
    if (encoding)
        document.setEncoding(*encoding);
    else
        document.setAutomaticEncoding();
    if (!BenchIo::openDocument(document, args.at(0)))
        return 1;
    const qint64 last = first + count - 1;
    BenchIo::waitForLines(document, last);
    if (!document.decodeError().isEmpty())
        BenchIo::fail(document.decodeError());
    if (document.lineIndex()->status() == LineIndex::Status::Failed)
        return BenchIo::fail(u"%1 changed while it was read"_s.arg(args.at(0)));
    if (first > document.lineCount())
        return BenchIo::fail(u"%1 has %2 lines"_s.arg(args.at(0)).arg(document.lineCount()));
    waitForRows(model, document, qMin(last, document.lineCount()));
    if (document.lineCount() > model.rowCount() && last > model.rowCount())
        return BenchIo::fail(u"lines past %1 cannot be shown"_s.arg(model.rowCount()));
    for (qint64 line = first; line <= last && line <= model.rowCount(); ++line)
        printWhole(model, int(line - 1));
    return 0;
}
