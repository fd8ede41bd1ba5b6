#include "benchcommands.h"
#include "benchio.h"

#include "byteliteral.h"
#include "document.h"
#include "fileeditor.h"

#include <QElapsedTimer>
#include <QEventLoop>

using namespace Qt::StringLiterals;

namespace {

const QString kUsage = u"usage: tome-bench write FILE START END (--hex HEX | --text TEXT | --literal LIT)"_s;

std::optional<qint64> parseNumber(const QString &text, const QString &what, QString *error)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    bool digitsOnly = !text.isEmpty();
    for (const QChar c : text)
        digitsOnly = digitsOnly && (c.isDigit() || c == u'-');
    if (!ok || !digitsOnly) {
        *error = u"%1 \"%2\" is not a whole number of bytes"_s.arg(what, text);
        return std::nullopt;
    }
    if (value < 0) {
        *error = u"%1 %2 is negative; only offsets from the start (0 and up) are accepted"_s.arg(what).arg(value);
        return std::nullopt;
    }
    return value;
}

} // namespace

// Replaces bytes [START, END) of FILE the way Python's data[START:END] = new does (END past the
// file is clipped, and so is START: a START at or past the end appends), through the same
// FileEditor the GUI uses, and times it until it is on disk:
// {"mode":"in-place"|"rewrite","ms":T}. START > END and negative numbers are refused.
int runWriteCommand(const QStringList &args)
{
    if (args.size() != 5)
        return BenchIo::fail(kUsage);
    QString error;
    const std::optional<qint64> start = parseNumber(args.at(1), u"START"_s, &error);
    if (!start)
        return BenchIo::fail(error);
    const std::optional<qint64> end = parseNumber(args.at(2), u"END"_s, &error);
    if (!end)
        return BenchIo::fail(error);
    if (*start > *end)
        return BenchIo::fail(u"START %1 is after END %2; give START <= END"_s.arg(*start).arg(*end));
    const QString form = args.at(3);
    std::optional<QByteArray> bytes;
    if (form == u"--hex"_s)
        bytes = ByteLiteral::parseHex(args.at(4), &error);
    else if (form == u"--text"_s)
        bytes = args.at(4).toUtf8();
    else if (form == u"--literal"_s)
        bytes = ByteLiteral::parsePython(args.at(4), &error);
    else
        return BenchIo::fail(u"unknown form \"%1\"\n"_s.arg(form) + kUsage);
    if (!bytes)
        return BenchIo::fail(error);

    Document document;
    if (!BenchIo::openDocument(document, args.at(0)))
        return 1;
    if (!document.recoveryMessage().isEmpty())
        BenchIo::fail(document.recoveryMessage());
    const qint64 size = document.size();
    const qint64 from = qMin(*start, size);
    const qint64 to = qMin(*end, size);

    return BenchIo::runEdit(document, [&](FileEditor &editor) { return editor.replace(from, to - from, *bytes); });
}
