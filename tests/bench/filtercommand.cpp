#include "benchcommands.h"
#include "benchio.h"

#include "linedecoder.h"
#include "linefilter.h"
#include "mappedfile.h"

#include <QElapsedTimer>
#include <QEventLoop>

using namespace Qt::StringLiterals;

// Filters the whole file as the filter view does (the same worker):
// {"shown_lines":N,"first_shown":[1-based line numbers, at most 100],"seconds":S,"set_bytes":B}.
// A line is shown when it matches a --show pattern (or there is none) and no --hide pattern;
// --regex, --ignore-case and --word apply to every pattern.
int runFilterCommand(const QStringList &args)
{
    const QString usage = u"usage: tome-bench filter FILE [--show PATTERN]... [--hide PATTERN]... [--regex] "
                          u"[--ignore-case] [--word]"_s;
    QStringList positional;
    QList<FilterRule> rules;
    bool regex = false, caseSensitive = true, wholeWord = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == u"--regex") {
            regex = true;
        } else if (arg == u"--ignore-case") {
            caseSensitive = false;
        } else if (arg == u"--word") {
            wholeWord = true;
        } else if (arg == u"--show" || arg == u"--hide") {
            if (i + 1 >= args.size())
                return BenchIo::fail(usage);
            FilterRule rule;
            rule.options.pattern = args.at(++i);
            rule.action = arg == u"--show" ? FilterRule::Action::Show : FilterRule::Action::Hide;
            rules.append(rule);
        } else if (arg.startsWith(u"--") && arg.size() > 2) {
            return BenchIo::fail(usage);
        } else {
            positional.append(arg);
        }
    }
    if (positional.size() != 1)
        return BenchIo::fail(usage);
    for (FilterRule &rule : rules) {
        rule.options.regex = regex;
        rule.options.caseSensitive = caseSensitive;
        rule.options.wholeWord = wholeWord;
    }

    MappedFile file;
    if (file.open(positional.at(0)) != OpenError::None)
        return BenchIo::fail(file.errorString());
    const QByteArray head = file.read(0, 4).value_or(QByteArray());
    const LineDecoder::Encoding encoding = LineDecoder::detectEncoding(head);

    QElapsedTimer timer;
    timer.start();
    LineFilter filter;
    QEventLoop loop;
    LineFilter::Status status = LineFilter::Status::Running;
    QObject::connect(&filter, &LineFilter::finished, &loop, [&](LineFilter::Status end) {
        status = end;
        loop.quit();
    });
    filter.start(file.region(), rules, encoding);
    loop.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (status != LineFilter::Status::Finished)
        return BenchIo::fail(filter.errorMessage().isEmpty() ? u"filtering %1 failed"_s.arg(positional.at(0))
                                                             : filter.errorMessage());

    const LineSet &shown = filter.lines();
    QStringList first;
    for (qint64 i = 0; i < qMin<qint64>(100, shown.count()); ++i)
        first.append(QString::number(*shown.at(i) + 1));
    BenchIo::printLine(u"{\"shown_lines\":%1,\"first_shown\":[%2],\"seconds\":%3,\"set_bytes\":%4}"_s.arg(shown.count())
                           .arg(first.join(u','))
                           .arg(seconds, 0, 'f', 4)
                           .arg(shown.memoryBytes()));
    return 0;
}
