#include "benchcommands.h"
#include "benchio.h"
#include "bulkbench.h"

using namespace Qt::StringLiterals;

// Keeps the lines of FILE that PATTERN matches (with --invert, deletes them), as Edit ▸ Keep Only /
// Delete Matching Lines do (one crash-safe rewrite), and prints {"kept_lines":N,"ms":T}.
int runKeepLinesCommand(const QStringList &args)
{
    const QString usage =
        u"usage: tome-bench keep-lines FILE PATTERN [--invert] [--regex] [--ignore-case] [--word]"_s;
    BulkOperation operation;
    bool invert = false;
    QStringList positional;
    if (!BulkBench::parseOptions(args, &operation.options, &positional, u"--invert"_s, &invert)
        || positional.size() != 2)
        return BenchIo::fail(usage);
    operation.kind = invert ? BulkOperation::Kind::DeleteMatching : BulkOperation::Kind::KeepMatching;
    operation.options.pattern = positional.at(1);
    return BulkBench::run(positional.at(0), operation, [](const BulkTransform::Counts &counts, double ms) {
        return u"{\"kept_lines\":%1,\"ms\":%2}"_s.arg(counts.keptLines).arg(ms, 0, 'f', 3);
    });
}
