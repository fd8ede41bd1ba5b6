// tome-viewbench FILE [--jumps N] [--pages N]
// Measures the real main window (line view, highlighting on) on the offscreen platform: the time
// to jump to a random line and paint it, and the time of each PgDn step with its paint.
// Prints one JSON line: {"lines":N,"jump_ms_median":..,"jump_ms_p95":..,"jump_ms_max":..,
// "pgdn_ms_median":..,"pgdn_ms_p95":..,"pgdn_ms_max":..}
#include "appsettings.h"
#include "document.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {
struct Summary {
    double median = 0;
    double p95 = 0;
    double max = 0;
};

Summary summarise(std::vector<double> ms)
{
    if (ms.empty())
        return {};
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], ms.back()};
}
} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The file to open."));
    QCommandLineOption jumpsOption(QStringLiteral("jumps"), QStringLiteral("Random jumps."), QStringLiteral("N"),
                                   QStringLiteral("200"));
    QCommandLineOption pagesOption(QStringLiteral("pages"), QStringLiteral("PgDn steps."), QStringLiteral("N"),
                                   QStringLiteral("500"));
    parser.addOption(jumpsOption);
    parser.addOption(pagesOption);
    parser.addHelpOption();
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        std::fputs("usage: tome-viewbench FILE [--jumps N] [--pages N]\n", stderr);
        return 2;
    }

    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("bench.ini")));
    MainWindow window(settings);
    window.resize(1280, 800);
    window.show();
    window.openFile(parser.positionalArguments().first());
    if (window.document()->state() != Document::State::Open) {
        std::fprintf(stderr, "tome-viewbench: %s\n", qPrintable(window.lineView()->placeholderText()));
        return 1;
    }
    while (!window.document()->isIndexComplete())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QCoreApplication::processEvents();

    LineView *view = window.lineView();
    const int rows = window.lineModel()->rowCount();
    QRandomGenerator random(20261124);
    QElapsedTimer clock;

    std::vector<double> jumps;
    const int jumpCount = parser.value(jumpsOption).toInt();
    for (int i = 0; i < jumpCount && rows > 0; ++i) {
        const qint64 line = 1 + random.bounded(rows);
        clock.start();
        window.goToLine(line);
        view->viewport()->repaint();
        jumps.push_back(clock.nsecsElapsed() / 1e6);
    }

    std::vector<double> pages;
    view->setCursorPosition({0, 0});
    const int pageCount = parser.value(pagesOption).toInt();
    for (int i = 0; i < pageCount; ++i) {
        QKeyEvent press(QEvent::KeyPress, Qt::Key_PageDown, Qt::NoModifier);
        clock.start();
        QCoreApplication::sendEvent(view, &press);
        view->viewport()->repaint();
        pages.push_back(clock.nsecsElapsed() / 1e6);
    }

    const Summary j = summarise(jumps);
    const Summary p = summarise(pages);
    std::printf("{\"lines\":%lld,\"jump_ms_median\":%.3f,\"jump_ms_p95\":%.3f,\"jump_ms_max\":%.3f,"
                "\"pgdn_ms_median\":%.3f,\"pgdn_ms_p95\":%.3f,\"pgdn_ms_max\":%.3f}\n",
                static_cast<long long>(window.document()->lineCount()), j.median, j.p95, j.max, p.median, p.p95,
                p.max);
    return 0;
}
