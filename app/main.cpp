#include "appsettings.h"
#include "commandline.h"
#include "englishplurals.h"
#include "fileopenhandler.h"
#include "mainwindow.h"
#include "screenshotter.h"

#include <QApplication>
#include <QIcon>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Tome"));
    QCoreApplication::setApplicationName(QStringLiteral("Tome"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOME_VERSION));

    // --help, --version and mistakes are answered before any window system is needed, so they
    // work on a machine with no display. Qt's own options (-platform, -style, -reverse, …) are
    // left in argv for QApplication to take.
    CommandLineResult parsed;
    {
        QCoreApplication probe(argc, argv);
        parsed = parseCommandLine(QCoreApplication::arguments());
        switch (parsed.status) {
        case CommandLineResult::Status::HelpShown:
            std::fputs(qPrintable(commandLineHelpText()), stdout);
            return 0;
        case CommandLineResult::Status::HelpAllShown:
            std::fputs(qPrintable(commandLineHelpText(true)), stdout);
            return 0;
        case CommandLineResult::Status::VersionShown:
            std::printf("tome %s\n", TOME_VERSION);
            return 0;
        case CommandLineResult::Status::Error:
            std::fprintf(stderr, "tome: %s\nTry 'tome --help'.\n", qPrintable(parsed.errorText));
            return 2;
        case CommandLineResult::Status::Ok:
            break;
        }
    }

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("org.tome.Tome"));
    QApplication::setWindowIcon(MainWindow::applicationIcon());
    app.installTranslator(new EnglishPlurals(&app));

    AppSettings settings;
    MainWindow window(settings);
    app.installEventFilter(new FileOpenHandler(&window));
    if (!parsed.request.screenshotPath.isEmpty()) {
        auto *shooter = new Screenshotter(&window, parsed.request.screenshotPath, &window);
        QObject::connect(&window, &MainWindow::firstScreenShown, shooter, &Screenshotter::capture);
    }
    window.show();
    if (!parsed.request.files.isEmpty())
        window.openFiles(parsed.request.files, parsed.request.line);
    else if (parsed.request.screenshotPath.isEmpty())
        window.restoreSession(); // the tabs of the last session, or the welcome text
    else
        window.showWelcome();
    return QApplication::exec();
}
