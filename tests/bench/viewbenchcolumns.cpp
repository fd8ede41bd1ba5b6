#include "viewbenchcolumns.h"

#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QAction>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QKeyEvent>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

struct Spread {
    double median = 0;
    double max = 0;
};

Spread spread(std::vector<double> ms)
{
    if (ms.empty())
        return {};
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back()};
}

} // namespace

double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

int runColumnsBench(MainWindow &window, int jumps, double firstScreenMs)
{
    LineView *view = window.lineView();
    LineModel *model = window.lineModel();
    if (model->rowCount() == 0) {
        std::fputs("tome-viewbench: the file has no lines\n", stderr);
        return 1;
    }
    // The first line is measured in the background once shown; wait for it, as a user would.
    QElapsedTimer clock;
    clock.start();
    bool exact = false;
    qint64 columns = model->columnCount(0, &exact);
    while (!exact) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        columns = model->columnCount(0, &exact);
    }
    const double measureMs = clock.nsecsElapsed() / 1e6;

    QRandomGenerator random(20261124);
    std::vector<double> ms;
    for (int i = 0; i < jumps; ++i) {
        const qint64 column = qint64(random.generate64() % quint64(columns + 1));
        clock.start();
        view->setCursorPosition({0, column}, true);
        view->viewport()->repaint();
        ms.push_back(clock.nsecsElapsed() / 1e6);
    }
    const Spread s = spread(ms);
    std::printf("{\"column_ms_median\":%.3f,\"column_ms_max\":%.3f}\n", s.median, s.max);
    std::fprintf(stderr, "{\"columns\":%lld,\"measure_ms\":%.1f,\"first_screen_ms\":%.1f,\"vmrss_mib\":%.1f}\n",
                 static_cast<long long>(columns), measureMs, firstScreenMs, residentMiB());
    return 0;
}

int runWrapBench(MainWindow &window, int pages, double firstScreenMs)
{
    auto *wrap = window.findChild<QAction *>(QStringLiteral("wrapLinesAction"));
    if (!wrap) {
        std::fputs("tome-viewbench: the window has no View > Wrap Lines\n", stderr);
        return 1;
    }
    wrap->setChecked(true);
    LineView *view = window.lineView();
    view->setCursorPosition({0, 0});
    QCoreApplication::processEvents();
    view->viewport()->repaint();

    QElapsedTimer clock;
    std::vector<double> ms;
    for (int i = 0; i < pages; ++i) {
        QKeyEvent press(QEvent::KeyPress, Qt::Key_PageDown, Qt::NoModifier);
        clock.start();
        QCoreApplication::sendEvent(view, &press);
        view->viewport()->repaint();
        ms.push_back(clock.nsecsElapsed() / 1e6);
    }
    const Spread s = spread(ms);
    std::printf("{\"wrap_pgdn_ms_median\":%.3f,\"wrap_pgdn_ms_max\":%.3f}\n", s.median, s.max);
    const WrapLayout::Place top = view->topPlace();
    std::fprintf(stderr,
                 "{\"rows_paged\":%lld,\"top_row\":%d,\"top_segment\":%lld,\"first_screen_ms\":%.1f,\"vmrss_mib\":%.1f}\n",
                 static_cast<long long>(pages) * view->visibleRowCount(), top.row,
                 static_cast<long long>(top.segment), firstScreenMs, residentMiB());
    return 0;
}
