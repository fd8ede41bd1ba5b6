#include "benchcommands.h"
#include "benchio.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct Command {
    QStringView name;
    QStringView usage;
    int (*run)(const QStringList &args);
};

// Add a subcommand here and in benchcommands.h, in a file of its own.
constexpr std::array kCommands{
    Command{u"append", u"append FILE WORD...        append WORDs as lines: {\"lines\",\"ms\"}", runAppendCommand},
    Command{u"filter", u"filter FILE [--show P]... [--hide P]... [--regex] [--ignore-case] [--word]  "
                       u"{\"shown_lines\",\"first_shown\",\"seconds\",\"set_bytes\"}",
            runFilterCommand},
    Command{u"follow", u"follow FILE --seconds S    print each change seen, then {\"lines\"}", runFollowCommand},
    Command{u"edit", u"edit FILE LINE TEXT         replace a line: {\"mode\":\"in-place\"|\"rewrite\",\"ms\"}", runEditCommand},
    Command{u"encoding", u"encoding FILE              detect the encoding: {\"encoding\",\"reason\",\"ms\",\"sample_bytes\"}",
            runEncodingCommand},
    Command{u"gen", u"gen FILE BYTES             write a deterministic sample log", runGenCommand},
    Command{u"index", u"index FILE                 full index: {\"lines\",\"seconds\",\"index_bytes\",\"rss_peak_bytes\",\"encoding\"}",
            runIndexCommand},
    Command{u"keep-lines", u"keep-lines FILE PATTERN [--invert] [--regex] [--ignore-case] [--word]  keep (--invert: "
                           u"delete) the matching lines: {\"kept_lines\",\"ms\"}",
            runKeepLinesCommand},
    Command{u"lines", u"lines FILE FIRST COUNT [--encoding=NAME]  print lines FIRST.. (1-based) as the view shows "
                      u"them, in UTF-8 (the file read in its detected encoding, or NAME)",
            runLinesCommand},
    Command{u"open", u"open FILE                  time until the first 100 lines are decoded",
            runOpenCommand},
    Command{u"replace", u"replace FILE PATTERN REPLACEMENT [--regex] [--ignore-case] [--word]  replace all: "
                        u"{\"replacements\",\"lines_changed\",\"ms\"}",
            runReplaceCommand},
    Command{u"search", u"search FILE PATTERN [--regex] [--ignore-case] [--word]  {\"matching_lines\",\"first_offset\",\"seconds\"}",
            runSearchCommand},
    Command{u"slice", u"slice FILE START END        print file[START:END] as Python's repr() of bytes", runSliceCommand},
    Command{u"write", u"write FILE START END (--hex HEX | --text TEXT | --literal LIT)  file[START:END] = bytes: "
                      u"{\"mode\":\"in-place\"|\"rewrite\",\"ms\"}",
            runWriteCommand},
};

QString commandHelp()
{
    QString help = u"Commands:\n"_s;
    for (const Command &command : kCommands)
        help += u"  "_s + command.usage + u'\n';
    return help;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"tome-bench"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(TOME_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measures Tome's model on real files.\n\n"_s + commandHelp());
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, u"What to do (see Commands)."_s, u"COMMAND [ARGS...]"_s);
    parser.process(app);

    QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return BenchIo::fail(u"no command given\n"_s + commandHelp());
    const QString name = args.takeFirst();
    for (const Command &command : kCommands) {
        if (command.name == name)
            return command.run(args);
    }
    return BenchIo::fail(u"unknown command \"%1\"\n"_s.arg(name) + commandHelp());
}
