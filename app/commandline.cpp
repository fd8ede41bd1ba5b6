#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <algorithm>
#include <iterator>

namespace {

// The options QGuiApplication, QApplication and the xcb platform read from argv themselves.
struct QtOption {
    const char *name;
    const char *valueName; // nullptr: a flag
    const char *description;
};

constexpr QtOption kQtOptions[] = {
    {"platform", "platformName[:options]", QT_TRANSLATE_NOOP("CommandLine", "Platform plugin to use (xcb, wayland, offscreen, …).")},
    {"platformpluginpath", "path", QT_TRANSLATE_NOOP("CommandLine", "Where to look for platform plugins.")},
    {"platformtheme", "theme", QT_TRANSLATE_NOOP("CommandLine", "Platform theme.")},
    {"plugin", "plugin", QT_TRANSLATE_NOOP("CommandLine", "An additional plugin to load (may be repeated).")},
    {"style", "style", QT_TRANSLATE_NOOP("CommandLine", "Widget style (fusion, windows, …); also -style=STYLE.")},
    {"stylesheet", "file", QT_TRANSLATE_NOOP("CommandLine", "Qt style sheet to apply; also -stylesheet=FILE.")},
    {"reverse", nullptr, QT_TRANSLATE_NOOP("CommandLine", "Right-to-left layout.")},
    {"qwindowgeometry", "geometry", QT_TRANSLATE_NOOP("CommandLine", "Geometry of the main window, as WxH+X+Y.")},
    {"qwindowicon", "icon", QT_TRANSLATE_NOOP("CommandLine", "Window icon.")},
    {"qwindowtitle", "title", QT_TRANSLATE_NOOP("CommandLine", "Title of the first window.")},
    {"session", "session", QT_TRANSLATE_NOOP("CommandLine", "Restore the application from an earlier session.")},
    {"widgetcount", nullptr, QT_TRANSLATE_NOOP("CommandLine", "Print how many widgets were left at exit.")},
    {"testability", nullptr, QT_TRANSLATE_NOOP("CommandLine", "Load the testability plugin.")},
    {"display", "display", QT_TRANSLATE_NOOP("CommandLine", "X11: the display to use, instead of $DISPLAY.")},
    {"name", "name", QT_TRANSLATE_NOOP("CommandLine", "X11: instance name (ICCCM).")},
    {"visual", "id", QT_TRANSLATE_NOOP("CommandLine", "X11: the visual to use.")},
    {"geometry", "geometry", QT_TRANSLATE_NOOP("CommandLine", "X11: same as -qwindowgeometry.")},
    {"title", "title", QT_TRANSLATE_NOOP("CommandLine", "X11: same as -qwindowtitle.")},
    {"icon", "icon", QT_TRANSLATE_NOOP("CommandLine", "X11: same as -qwindowicon.")},
    {"nograb", nullptr, QT_TRANSLATE_NOOP("CommandLine", "X11: never grab the mouse (for debuggers).")},
    {"dograb", nullptr, QT_TRANSLATE_NOOP("CommandLine", "X11: grab the mouse even under a debugger.")},
};

// Options Qt accepts in the -name=value form only.
constexpr const char *kQtValueOnlyWithEquals[] = {"qmljsdebugger"};

const QtOption *findQtOption(QStringView name)
{
    const auto it = std::find_if(std::begin(kQtOptions), std::end(kQtOptions),
                                 [name](const QtOption &option) { return name == QLatin1String(option.name); });
    return it == std::end(kQtOptions) ? nullptr : it;
}

struct Parser {
    QCommandLineParser parser;
    QCommandLineOption lineOption{QStringList{QStringLiteral("l"), QStringLiteral("line")},
                                  QStringLiteral("Show line <N> (1-based) of the first file once it is indexed."),
                                  QStringLiteral("N")};
    QCommandLineOption screenshotOption{
        QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window once the first screen is painted, then quit."),
        QStringLiteral("PATH")};
    QCommandLineOption helpOption; // also declares --help-all
    QCommandLineOption versionOption;

    Parser()
        : helpOption(parser.addHelpOption())
        , versionOption(parser.addVersionOption())
    {
        parser.setApplicationDescription(
            QStringLiteral("Tome opens text files of any size instantly: read, search, inspect, edit and append."));
        parser.addPositionalArgument(QStringLiteral("files"),
                                     QStringLiteral("The files to open, one tab each (--line applies to the first)."),
                                     QStringLiteral("[FILE...]"));
        parser.addOption(lineOption);
        parser.addOption(screenshotOption);
    }
};

// Removes Qt's options (and their values) from `arguments`. Returns an error text, or empty.
QString stripQtOptions(QStringList &arguments)
{
    QStringList kept;
    kept.reserve(arguments.size());
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (i == 0 || !argument.startsWith(u'-') || argument.size() < 2) {
            kept << argument;
            continue;
        }
        if (argument == QLatin1String("--")) {
            kept << arguments.mid(i);
            break;
        }
        QStringView name = QStringView(argument).mid(argument.startsWith(QLatin1String("--")) ? 2 : 1);
        const qsizetype equals = name.indexOf(u'=');
        const bool hasInlineValue = equals >= 0;
        if (hasInlineValue)
            name = name.left(equals);
        const QtOption *option = findQtOption(name);
        const bool valueOnlyWithEquals
            = std::any_of(std::begin(kQtValueOnlyWithEquals), std::end(kQtValueOnlyWithEquals),
                          [name](const char *known) { return name == QLatin1String(known); });
        if (valueOnlyWithEquals && hasInlineValue)
            continue;
        if (!option) {
            kept << argument;
            continue;
        }
        if (!option->valueName) {
            if (hasInlineValue) {
                kept << argument; // "-reverse=x" is not Qt's; let the parser call it unknown
                continue;
            }
            continue;
        }
        if (hasInlineValue)
            continue; // -style=fusion
        if (i + 1 >= arguments.size())
            return QStringLiteral("Missing value after '%1'.").arg(argument);
        ++i; // the value
    }
    arguments = kept;
    return {};
}

} // namespace

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    Parser p;
    CommandLineResult result;
    QStringList ours = arguments;
    const QString qtError = stripQtOptions(ours);
    if (!qtError.isEmpty()) {
        result.status = CommandLineResult::Status::Error;
        result.errorText = qtError;
        return result;
    }
    if (!p.parser.parse(ours)) {
        result.status = CommandLineResult::Status::Error;
        result.errorText = p.parser.errorText();
        return result;
    }
    if (p.parser.isSet(QStringLiteral("help-all"))) {
        result.status = CommandLineResult::Status::HelpAllShown;
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
    result.request.files = positional;
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

QString commandLineHelpText(bool withQtOptions)
{
    Parser p;
    QString text = p.parser.helpText();
    if (!withQtOptions)
        return text;
    text += QStringLiteral("\nQt options (one dash or two):\n");
    QStringList left;
    int widest = 0;
    for (const QtOption &option : kQtOptions) {
        QString name = QStringLiteral("  -") + QLatin1String(option.name);
        if (option.valueName)
            name += QStringLiteral(" <%1>").arg(QLatin1String(option.valueName));
        widest = std::max(widest, int(name.size()));
        left << name;
    }
    for (qsizetype i = 0; i < left.size(); ++i)
        text += left.at(i).leftJustified(widest + 2)
            + QCoreApplication::translate("CommandLine", kQtOptions[i].description) + u'\n';
    return text;
}
