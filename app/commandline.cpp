#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {

struct Parser {
    QCommandLineParser parser;
    QCommandLineOption lineOption{QStringList{QStringLiteral("l"), QStringLiteral("line")},
                                  QStringLiteral("Show line <N> (1-based) once it is indexed."),
                                  QStringLiteral("N")};
    QCommandLineOption screenshotOption{
        QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window once the first screen is painted, then quit."),
        QStringLiteral("PATH")};
    QCommandLineOption helpOption;
    QCommandLineOption versionOption;

    Parser()
        : helpOption(parser.addHelpOption())
        , versionOption(parser.addVersionOption())
    {
        parser.setApplicationDescription(
            QStringLiteral("Tome opens text files of any size instantly: read, search, inspect, edit and append."));
        parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The file to open."),
                                     QStringLiteral("[FILE]"));
        parser.addOption(lineOption);
        parser.addOption(screenshotOption);
    }
};

} // namespace

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    Parser p;
    CommandLineResult result;
    if (!p.parser.parse(arguments)) {
        result.status = CommandLineResult::Status::Error;
        result.errorText = p.parser.errorText();
        return result;
    }
    if (p.parser.isSet(p.helpOption)) {
        result.status = CommandLineResult::Status::HelpShown;
        return result;
    }
    if (p.parser.isSet(p.versionOption)) {
        result.status = CommandLineResult::Status::VersionShown;
        return result;
    }
    const QStringList positional = p.parser.positionalArguments();
    if (positional.size() > 1) {
        result.status = CommandLineResult::Status::Error;
        result.errorText = QStringLiteral("Only one file can be opened at a time.");
        return result;
    }
    if (!positional.isEmpty())
        result.request.file = positional.first();
    if (p.parser.isSet(p.lineOption)) {
        bool ok = false;
        const qint64 line = p.parser.value(p.lineOption).toLongLong(&ok);
        if (!ok || line < 1) {
            result.status = CommandLineResult::Status::Error;
            result.errorText = QStringLiteral("--line takes a line number of 1 or more, not \"%1\".")
                                   .arg(p.parser.value(p.lineOption));
            return result;
        }
        result.request.line = line;
    }
    result.request.screenshotPath = p.parser.value(p.screenshotOption);
    return result;
}

QString commandLineHelpText()
{
    Parser p;
    return p.parser.helpText();
}
