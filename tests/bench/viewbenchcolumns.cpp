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

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#endif

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

// Waits until the first line's columns are all known (measured in the background once it is
// shown), as a reader would before going far into it; returns how long that took.
double waitForFirstLine(LineModel *model, qint64 *columns)
{
    QElapsedTimer clock;
    clock.start();
    bool exact = false;
    *columns = model->columnCount(0, &exact);
    while (!exact) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        *columns = model->columnCount(0, &exact);
    }
    return clock.nsecsElapsed() / 1e6;
}

// CPU time of the calling thread, ms: on a loaded machine the wall time of a step is the CPU time
// it took plus the waiting for a core.
double threadCpuMs()
{
#if defined(Q_OS_LINUX)
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
#else
    return 0;
#endif
}

} // namespace

double residentMiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toDouble() / 1024.0;
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
    qint64 columns = 0;
    const double measureMs = waitForFirstLine(model, &columns);

    QElapsedTimer clock;
    QRandomGenerator random(20261124);
    std::vector<double> ms;
    std::vector<double> cpu;
    for (int i = 0; i < jumps; ++i) {
        const qint64 column = qint64(random.generate64() % quint64(columns + 1));
        const double cpuBefore = threadCpuMs();
        clock.start();
        view->setCursorPosition({0, column}, true);
        view->viewport()->repaint();
        ms.push_back(clock.nsecsElapsed() / 1e6);
        cpu.push_back(threadCpuMs() - cpuBefore);
    }
    const Spread s = spread(ms);
    const Spread c = spread(cpu);
    std::printf("{\"column_ms_median\":%.3f,\"column_ms_max\":%.3f}\n", s.median, s.max);
    std::fprintf(stderr,
                 "{\"columns\":%lld,\"measure_ms\":%.1f,\"first_screen_ms\":%.1f,\"vmrss_mib\":%.1f,\"vmhwm_mib\":%.1f,"
                 "\"column_cpu_ms_median\":%.3f,\"column_cpu_ms_max\":%.3f}\n",
                 static_cast<long long>(columns), measureMs, firstScreenMs, residentMiB(), residentMiB("VmHWM"),
                 c.median, c.max);
    return 0;
}

int runWrapBench(MainWindow &window, int pages, double firstScreenMs)
{
    auto *wrap = window.findChild<QAction *>(QStringLiteral("wrapLinesAction"));
    if (!wrap) {
        std::fputs("tome-viewbench: the window has no View > Wrap Lines\n", stderr);
        return 1;
    }
    qint64 columns = 0;
    const double measureMs = window.lineModel()->rowCount() > 0 ? waitForFirstLine(window.lineModel(), &columns) : 0;
    wrap->setChecked(true);
    LineView *view = window.lineView();
    view->setCursorPosition({0, 0});
    QCoreApplication::processEvents();
    view->viewport()->repaint();

    QElapsedTimer clock;
    std::vector<double> ms;
    std::vector<double> cpu;
    for (int i = 0; i < pages; ++i) {
        QKeyEvent press(QEvent::KeyPress, Qt::Key_PageDown, Qt::NoModifier);
        const double cpuBefore = threadCpuMs();
        clock.start();
        QCoreApplication::sendEvent(view, &press);
        view->viewport()->repaint();
        ms.push_back(clock.nsecsElapsed() / 1e6);
        cpu.push_back(threadCpuMs() - cpuBefore);
    }
    const Spread s = spread(ms);
    const Spread c = spread(cpu);
    std::printf("{\"wrap_pgdn_ms_median\":%.3f,\"wrap_pgdn_ms_max\":%.3f}\n", s.median, s.max);
    const WrapLayout::Place top = view->topPlace();
    std::fprintf(stderr,
                 "{\"rows_paged\":%lld,\"top_row\":%d,\"top_segment\":%lld,\"first_line_columns\":%lld,"
                 "\"measure_ms\":%.1f,\"first_screen_ms\":%.1f,\"vmrss_mib\":%.1f,\"vmhwm_mib\":%.1f,\"wrap_pgdn_cpu_ms_median\":%.3f,"
                 "\"wrap_pgdn_cpu_ms_max\":%.3f}\n",
                 static_cast<long long>(pages) * view->visibleRowCount(), top.row,
                 static_cast<long long>(top.segment), static_cast<long long>(columns), measureMs, firstScreenMs,
                 residentMiB(), residentMiB("VmHWM"), c.median, c.max);
    return 0;
}
