#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// What the user asked for on the command line: `tome [FILE...] [--line N]`.
// --help and --version are answered by the parser itself (they print and exit).
struct CommandLineRequest {
    QString file;                  // the first file; empty: no file given
    QStringList files;             // every file given, in order (one tab each)
    std::optional<qint64> line;    // 1-based line to show, if given
    QString screenshotPath;        // --screenshot PATH: save the first painted screen and quit
};

struct CommandLineResult {
    enum class Status { Ok, Error, HelpShown, VersionShown, HelpAllShown };
    Status status = Status::Ok;
    QString errorText;
    CommandLineRequest request;
};

// Parses arguments (arguments[0] is the program). Does not print or exit: the caller shows
// help, version or errors. Pure function of its input; safe to call from tests.
//
// Qt's own options (-platform NAME, -style NAME, -style=NAME, -stylesheet FILE, -reverse,
// -qwindowgeometry G, …; with one dash or two) are accepted and skipped: QApplication takes them
// from argv when it is constructed. One whose value is missing is an error. After "--" every
// argument is a file name.
CommandLineResult parseCommandLine(const QStringList &arguments);

// The text that --help prints; with `withQtOptions`, what --help-all prints (Qt's options too).
QString commandLineHelpText(bool withQtOptions = false);
