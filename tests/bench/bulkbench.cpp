#include "bulkbench.h"

#include "benchio.h"

#include "bulkrewriter.h"
#include "linedecoder.h"
#include "mappedfile.h"
#include "searchmatcher.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace BulkBench {

bool parseOptions(const QStringList &args, SearchOptions *options, QStringList *positional,
                  const QString &extraFlag, bool *extraSet)
{
    bool onlyPositional = false;
    for (const QString &arg : args) {
        if (!onlyPositional && arg == u"--regex") {
            options->regex = true;
        } else if (!onlyPositional && arg == u"--ignore-case") {
            options->caseSensitive = false;
        } else if (!onlyPositional && arg == u"--word") {
            options->wholeWord = true;
        } else if (!onlyPositional && !extraFlag.isEmpty() && arg == extraFlag) {
            *extraSet = true;
        } else if (!onlyPositional && arg == u"--") {
            onlyPositional = true; // what follows is positional, even when it starts with "--"
        } else if (!onlyPositional && arg.startsWith(u"--") && arg.size() > 2) {
            return false;
        } else {
            positional->append(arg);
        }
    }
    return true;
}

int run(const QString &path, BulkOperation operation,
        const std::function<QString(const BulkTransform::Counts &counts, double ms)> &format)
{
    QElapsedTimer timer;
    timer.start();
    const FileIdentity before = MappedFile::identityOf(path);
    if (before.size < 0)
        return BenchIo::fail(u"no such file: %1"_s.arg(path));
    {
        MappedFile file;
        if (file.open(path) != OpenError::None)
            return BenchIo::fail(file.errorString());
        const QByteArray sample = file.read(0, SearchMatcher::kSampleBytes).value_or(QByteArray());
        const LineDecoder::Encoding announced = LineDecoder::detectEncoding(sample);
        if (announced == LineDecoder::Encoding::Utf16LE || announced == LineDecoder::Encoding::Utf16BE)
            operation.options.encoding = announced;
        QString error;
        BulkRewriter::Plan plan;
        plan.path = path;
        plan.expected = file.identity();
        plan.transform = BulkTransform::compile(operation, &error, sample);
        if (!plan.transform)
            return BenchIo::fail(error);
        file.close();
        const BulkRewriter::Result result = BulkRewriter::run(plan);
        if (!result.ok || !result.error.isEmpty())
            return BenchIo::fail(result.error);
        BenchIo::printLine(format(result.counts, double(timer.nsecsElapsed()) / 1e6));
    }
    return 0;
}

} // namespace BulkBench
