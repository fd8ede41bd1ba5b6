#include "viewbenchfilter.h"

#include "document.h"
#include "documenttab.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTabWidget>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {
std::pair<double, double> medianAndMax(std::vector<double> ms)
{
    if (ms.empty())
        return {0, 0};
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back()};
}
} // namespace

int runFilterBench(MainWindow &window, const FilterRule &rule, int toggles)
{
    DocumentTab *tab = window.currentTab();
    LineView *view = tab->lineView();
    QElapsedTimer clock;
    double firstBatchAt = -1;
    double firstScreenAt = -1;
    QObject::connect(tab->lineFilter(), &LineFilter::linesAdded, &window, [&] {
        if (firstBatchAt < 0)
            firstBatchAt = clock.nsecsElapsed() / 1e6;
    });
    QObject::connect(view, &LineView::screenPainted, &window, [&] {
        if (firstBatchAt >= 0 && firstScreenAt < 0 && tab->lineModel()->rowCount() > 0)
            firstScreenAt = clock.nsecsElapsed() / 1e6;
    });
    clock.start();
    tab->setFilterRules({rule});
    tab->setFilterOn(true);
    while (tab->lineFilter()->status() == LineFilter::Status::Running)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double filterMs = clock.nsecsElapsed() / 1e6;
    QCoreApplication::processEvents();
    if (tab->lineFilter()->status() != LineFilter::Status::Finished) {
        std::fprintf(stderr, "tome-viewbench: %s\n", qPrintable(tab->lineFilter()->errorMessage()));
        return 1;
    }
    const qint64 shown = tab->lineModel()->rowCount();
    // Toggling: off is a model switch, on restarts the filter; both repaint at once (the first
    // screen of the filter as soon as a screenful matched, which is what is timed).
    std::vector<double> toggleMs;
    for (int i = 0; i < toggles; ++i) {
        clock.start();
        tab->setFilterOn(i % 2 == 1);
        view->viewport()->repaint();
        toggleMs.push_back(clock.nsecsElapsed() / 1e6);
        while (tab->lineFilter()->status() == LineFilter::Status::Running)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    // Tab switching, with a second file.
    QTemporaryDir dir;
    const QString other = dir.filePath(QStringLiteral("other.log"));
    QFile file(other);
    if (file.open(QIODevice::WriteOnly))
        file.write("a second file\nof three\nlines\n");
    file.close();
    window.openFile(other);
    QCoreApplication::processEvents();
    std::vector<double> switchMs;
    for (int i = 0; i < toggles; ++i) {
        clock.start();
        window.tabWidget()->setCurrentIndex(i % 2);
        window.lineView()->viewport()->repaint();
        switchMs.push_back(clock.nsecsElapsed() / 1e6);
        QCoreApplication::processEvents();
    }
    const auto [toggleMedian, toggleMax] = medianAndMax(toggleMs);
    const auto [switchMedian, switchMax] = medianAndMax(switchMs);
    std::printf("{\"shown_lines\":%lld,\"filter_ms\":%.3f,\"filter_first_screen_ms\":%.3f,\"toggle_ms_median\":%.3f,"
                "\"toggle_ms_max\":%.3f,\"tab_switch_ms_median\":%.3f,\"tab_switch_ms_max\":%.3f}\n",
                static_cast<long long>(shown), filterMs, firstScreenAt >= 0 ? firstScreenAt - firstBatchAt : -1.0,
                toggleMedian, toggleMax, switchMedian, switchMax);
    return 0;
}
