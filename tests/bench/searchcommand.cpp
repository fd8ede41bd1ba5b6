#include "benchcommands.h"
#include "benchio.h"

#include "mappedfile.h"
#include "searchengine.h"
#include "searchmatcher.h"

#include <QElapsedTimer>
#include <QEventLoop>

using namespace Qt::StringLiterals;

namespace {

std::optional<SearchMatcher::Engine> engineNamed(const QString &name)
{
    if (name == u"auto")
        return SearchMatcher::Engine::Auto;
    if (name == u"literal")
        return SearchMatcher::Engine::Literal;
    if (name == u"hyperscan")
        return SearchMatcher::Engine::Hyperscan;
    if (name == u"pcre2")
        return SearchMatcher::Engine::Pcre2;
    return std::nullopt;
}

std::optional<LineDecoder::Encoding> encodingNamed(const QString &name)
{
    if (name == u"utf-8")
        return LineDecoder::Encoding::Utf8;
    if (name == u"latin-1")
        return LineDecoder::Encoding::Latin1;
    if (name == u"utf-16le")
        return LineDecoder::Encoding::Utf16LE;
    if (name == u"utf-16be")
        return LineDecoder::Encoding::Utf16BE;
    return std::nullopt;
}

} // namespace

// Searches the whole file with the GUI's engine:
// {"matching_lines":N,"first_offset":O,"seconds":S,"rss_peak_bytes":R}. With --first-match, prints instead how long
// the first batch of matches took to arrive: {"first_match_ms":T,"first_offset":O}.
// --engine=auto|literal|hyperscan|pcre2 and --threads=N are for measurements. The text is UTF-8, or
// what --encoding=utf-8|latin-1|utf-16le|utf-16be says; a UTF-16 byte order mark decides as in the window.
int runSearchCommand(const QStringList &args)
{
    const QString usage = u"usage: tome-bench search FILE PATTERN [--regex] [--ignore-case] [--word] "
                          u"[--first-match] [--engine=auto|literal|hyperscan|pcre2] [--threads=N] "
                          u"[--encoding=utf-8|latin-1|utf-16le|utf-16be]"_s;
    QStringList positional;
    SearchOptions options;
    SearchMatcher::Engine engine = SearchMatcher::Engine::Auto;
    int threads = 0;
    bool firstMatchOnly = false;
    for (const QString &arg : args) {
        if (arg == u"--regex") {
            options.regex = true;
        } else if (arg == u"--ignore-case") {
            options.caseSensitive = false;
        } else if (arg == u"--word") {
            options.wholeWord = true;
        } else if (arg == u"--first-match") {
            firstMatchOnly = true;
        } else if (arg.startsWith(u"--engine=")) {
            const std::optional<SearchMatcher::Engine> named = engineNamed(arg.mid(9));
            if (!named)
                return BenchIo::fail(usage);
            engine = *named;
        } else if (arg.startsWith(u"--encoding=")) {
            const std::optional<LineDecoder::Encoding> named = encodingNamed(arg.mid(11));
            if (!named)
                return BenchIo::fail(usage);
            options.encoding = *named;
        } else if (arg.startsWith(u"--threads=")) {
            threads = arg.mid(10).toInt();
        } else if (arg.startsWith(u"--") && arg.size() > 2) {
            return BenchIo::fail(usage);
        } else {
            positional.append(arg);
        }
    }
    if (positional.size() != 2)
        return BenchIo::fail(usage);
    options.pattern = positional.at(1);

    MappedFile file;
    if (file.open(positional.at(0)) != OpenError::None)
        return BenchIo::fail(file.errorString());

    QElapsedTimer timer;
    timer.start();
    QString error;
    const QByteArray sample = file.read(0, SearchMatcher::kSampleBytes).value_or(QByteArray());
    const LineDecoder::Encoding announced = LineDecoder::detectEncoding(sample);
    if (announced == LineDecoder::Encoding::Utf16LE || announced == LineDecoder::Encoding::Utf16BE)
        options.encoding = announced;
    const std::shared_ptr<const SearchMatcher> matcher = SearchMatcher::compile(options, &error, sample, engine);
    if (!matcher)
        return BenchIo::fail(error);

    SearchEngine search;
    search.setThreadCount(threads);
    qint64 firstLine = -1;
    double firstMatchMs = -1;
    SearchEngine::Status status = SearchEngine::Status::Running;
    qint64 matchingLines = 0;
    QEventLoop loop;
    QObject::connect(&search, &SearchEngine::matchesFound, &loop, [&](const QList<qint64> &lineStarts) {
        if (firstLine < 0 && !lineStarts.isEmpty()) {
            firstLine = lineStarts.first();
            firstMatchMs = double(timer.nsecsElapsed()) / 1e6;
            if (firstMatchOnly)
                loop.quit();
        }
    });
    QObject::connect(&search, &SearchEngine::finished, &loop, [&](SearchEngine::Status end, qint64 lines) {
        status = end;
        matchingLines = lines;
        loop.quit();
    });
    search.start(file.region(), matcher);
    loop.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!firstMatchOnly && status != SearchEngine::Status::Finished)
        return BenchIo::fail(u"searching %1 failed (the file changed while it was read)"_s.arg(positional.at(0)));

    qint64 firstOffset = -1;
    if (firstLine >= 0) {
        const QByteArray bytes = file.read(firstLine, 1 << 20).value_or(QByteArray());
        const QList<SearchMatcher::Span> spans = matcher->matchesInLine(bytes, 1, firstLine);
        if (!spans.isEmpty())
            firstOffset = firstLine + spans.first().start;
    }
    if (firstMatchOnly) {
        search.cancel();
        BenchIo::printLine(u"{\"first_match_ms\":%1,\"first_offset\":%2}"_s.arg(firstMatchMs, 0, 'f', 3).arg(firstOffset));
        return 0;
    }
    BenchIo::printLine(u"{\"matching_lines\":%1,\"first_offset\":%2,\"seconds\":%3,\"rss_peak_bytes\":%4}"_s.arg(matchingLines)
                           .arg(firstOffset)
                           .arg(seconds, 0, 'f', 4)
                           .arg(BenchIo::peakResidentBytes()));
    return 0;
}
