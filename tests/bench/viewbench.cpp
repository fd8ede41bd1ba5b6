// tome-viewbench FILE [--jumps N] [--pages N] [--rule REGEX]...
// Measures the real main window (line view, highlighting on) on the offscreen platform: the time
// to jump to a random line and paint it, and the time of each PgDn step with its paint. Each
// --rule adds a highlight rule (a regex, with a background and a foreground) to the window's set.
// Prints one JSON line: {"lines":N,"jump_ms_median":..,"jump_ms_p95":..,"jump_ms_max":..,
// "pgdn_ms_median":..,"pgdn_ms_p95":..,"pgdn_ms_max":..}
//
// tome-viewbench FILE --columns N          (see viewbenchcolumns.h)
// tome-viewbench FILE --wrap [--pages N]   (see viewbenchcolumns.h)
// Long lines: random column jumps on the first line; PgDn with View > Wrap Lines on.
//
// tome-viewbench FILE --filter PATTERN [--hide] [--regex] [--ignore-case] [--word] [--toggles N]
// Filters through the real window (see viewbenchfilter.h).
//
// tome-viewbench FILE --search PATTERN [--regex] [--ignore-case] [--word]
// Searches through the real find bar (Find, then the pattern and Enter) and prints
// {"matching_lines":N,"search_ms":..,"first_row_ms":..,"all_rows_ms":..,"idle_cpu_ms_per_s":..}:
// from Enter until the count is final, until the Search Results pane paints its first row, until
// the pane holds all N rows (its scroll range covers them, then a paint), and the process's CPU
// time per second over the 2 s after that (the window idle with the bar and the pane open).
#include "appsettings.h"
#include "document.h"
#include "highlightrulesdialog.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchresultsview.h"
#include "viewbenchcolumns.h"
#include "viewbenchfilter.h"

#include <QAction>
#include <QEventLoop>
#include <QLineEdit>
#include <QScrollBar>
#include <QTimer>

#include <sys/resource.h>

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

double processCpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
           + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// Notes the first paint of the pane that shows a row.
class PaintWatcher : public QObject {
public:
    PaintWatcher(SearchResultsView *pane, const QElapsedTimer &clock) : m_pane(pane), m_clock(clock)
    {
        pane->viewport()->installEventFilter(this);
    }
    double firstRowMs = -1;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && firstRowMs < 0 && m_pane->model()
            && m_pane->model()->rowCount() > 0 && m_pane->isVisible())
            firstRowMs = m_clock.nsecsElapsed() / 1e6;
        return QObject::eventFilter(watched, event);
    }

private:
    SearchResultsView *m_pane;
    const QElapsedTimer &m_clock;
};

int runSearch(MainWindow &window, const SearchOptions &options)
{
    auto *bar = window.findChild<SearchBar *>();
    auto *pane = window.findChild<SearchResultsView *>();
    if (!bar || !pane) {
        std::fputs("tome-viewbench: the window has no find bar\n", stderr);
        return 1;
    }
    const auto actions = window.findChildren<QAction *>();
    for (QAction *action : actions) {
        if (action->shortcut() == QKeySequence(QKeySequence::Find))
            action->trigger(); // Edit > Find: the bar opens
    }
    bar->setOptions(options);
    QCoreApplication::processEvents();

    QElapsedTimer clock;
    PaintWatcher watcher(pane, clock);
    double searchMs = -1;
    double allRowsMs = -1;
    qint64 matching = -1;
    QEventLoop loop;
    QObject::connect(bar, &SearchBar::searchFinished, &loop, [&](qint64 lines) {
        searchMs = clock.nsecsElapsed() / 1e6;
        matching = lines;
    });
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (matching < 0 || !pane->isVisible() || !pane->model())
            return;
        const qint64 rows = qMin<qint64>(matching, INT_MAX);
        const int maximum = int(qMax<qint64>(0, rows - pane->visibleRowCount()));
        if (pane->model()->rowCount() == rows && pane->verticalScrollBar()->maximum() == maximum) {
            pane->viewport()->repaint();
            allRowsMs = clock.nsecsElapsed() / 1e6;
            loop.quit();
        }
    });
    QTimer::singleShot(600'000, &loop, &QEventLoop::quit);
    clock.start();
    QKeyEvent enter(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
    QCoreApplication::sendEvent(bar->patternEdit(), &enter);
    poll.start();
    loop.exec();
    poll.stop();
    if (allRowsMs < 0) {
        std::fputs("tome-viewbench: the search did not end within 10 minutes\n", stderr);
        return 1;
    }

    const double cpuBefore = processCpuMs();
    QElapsedTimer idle;
    idle.start();
    QEventLoop idleLoop;
    QTimer::singleShot(2000, &idleLoop, &QEventLoop::quit);
    idleLoop.exec();
    const double idleCpu = (processCpuMs() - cpuBefore) / (idle.nsecsElapsed() / 1e9);

    std::printf("{\"matching_lines\":%lld,\"search_ms\":%.1f,\"first_row_ms\":%.1f,\"all_rows_ms\":%.1f,"
                "\"idle_cpu_ms_per_s\":%.1f}\n",
                static_cast<long long>(matching), searchMs, watcher.firstRowMs, allRowsMs, idleCpu);
    return 0;
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
    QCommandLineOption searchOption(QStringLiteral("search"),
                                    QStringLiteral("Search PATTERN through the find bar instead."),
                                    QStringLiteral("PATTERN"));
    QCommandLineOption regexOption(QStringLiteral("regex"), QStringLiteral("The pattern is a regex."));
    QCommandLineOption ignoreCaseOption(QStringLiteral("ignore-case"), QStringLiteral("Ignore case."));
    QCommandLineOption wordOption(QStringLiteral("word"), QStringLiteral("Whole words."));
    parser.addOption(jumpsOption);
    parser.addOption(pagesOption);
    parser.addOptions({searchOption, regexOption, ignoreCaseOption, wordOption});
    QCommandLineOption ruleOption(QStringLiteral("rule"), QStringLiteral("A highlight rule (regex); repeatable."),
                                  QStringLiteral("REGEX"));
    parser.addOption(ruleOption);
    QCommandLineOption filterOption(QStringLiteral("filter"),
                                    QStringLiteral("Filter by PATTERN through the real window instead."),
                                    QStringLiteral("PATTERN"));
    QCommandLineOption hideOption(QStringLiteral("hide"), QStringLiteral("The filter hides the matching lines."));
    QCommandLineOption togglesOption(QStringLiteral("toggles"), QStringLiteral("Filter toggles and tab switches."),
                                     QStringLiteral("N"), QStringLiteral("20"));
    parser.addOptions({filterOption, hideOption, togglesOption});
    QCommandLineOption columnsOption(QStringLiteral("columns"),
                                     QStringLiteral("N random column jumps on the first line instead."),
                                     QStringLiteral("N"));
    QCommandLineOption wrapOption(QStringLiteral("wrap"), QStringLiteral("PgDn with View > Wrap Lines on instead."));
    parser.addOptions({columnsOption, wrapOption});
    parser.addHelpOption();
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        std::fputs("usage: tome-viewbench FILE [--jumps N] [--pages N] [--rule REGEX]...\n"
                   "       tome-viewbench FILE --search PATTERN [--regex] [--ignore-case] [--word]\n"
                   "       tome-viewbench FILE --filter PATTERN [--hide] [--regex] [--ignore-case] [--word] [--toggles N]\n"
                   "       tome-viewbench FILE --columns N\n"
                   "       tome-viewbench FILE --wrap [--pages N]\n",
                   stderr);
        return 2;
    }

    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("bench.ini")));
    const QStringList rulePatterns = parser.values(ruleOption);
    if (!rulePatterns.isEmpty()) {
        HighlightRuleSet set{QStringLiteral("bench"), {}};
        for (const QString &pattern : rulePatterns) {
            HighlightRule rule;
            rule.pattern = pattern;
            rule.regex = true;
            rule.background = HighlightRulesDialog::nextBackground(set.rules);
            rule.foreground = QStringLiteral("#202080");
            set.rules.append(rule);
        }
        settings.setHighlightRuleSets({set});
        settings.setCurrentHighlightRuleSet(set.name);
    }
    MainWindow window(settings);
    window.resize(1280, 800);
    window.show();
    QElapsedTimer opening;
    double firstScreenMs = -1;
    QObject::connect(&window, &MainWindow::firstScreenShown, &window,
                     [&] { firstScreenMs = firstScreenMs < 0 ? opening.nsecsElapsed() / 1e6 : firstScreenMs; });
    opening.start();
    window.openFile(parser.positionalArguments().first());
    if (window.document()->state() != Document::State::Open) {
        std::fprintf(stderr, "tome-viewbench: %s\n", qPrintable(window.lineView()->placeholderText()));
        return 1;
    }
    while (!window.document()->isIndexComplete())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QCoreApplication::processEvents();

    if (parser.isSet(filterOption)) {
        FilterRule rule;
        rule.options = SearchOptions{parser.value(filterOption), parser.isSet(regexOption),
                                     !parser.isSet(ignoreCaseOption), parser.isSet(wordOption)};
        rule.options.encoding = window.lineModel()->encoding();
        rule.action = parser.isSet(hideOption) ? FilterRule::Action::Hide : FilterRule::Action::Show;
        return runFilterBench(window, rule, parser.value(togglesOption).toInt());
    }
    if (parser.isSet(columnsOption))
        return runColumnsBench(window, parser.value(columnsOption).toInt(), firstScreenMs);
    if (parser.isSet(wrapOption))
        return runWrapBench(window, parser.value(pagesOption).toInt(), firstScreenMs);
    if (parser.isSet(searchOption)) {
        return runSearch(window, SearchOptions{parser.value(searchOption), parser.isSet(regexOption),
                                               !parser.isSet(ignoreCaseOption), parser.isSet(wordOption)});
    }

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
