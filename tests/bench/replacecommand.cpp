#include "benchcommands.h"
#include "benchio.h"
#include "bulkbench.h"

using namespace Qt::StringLiterals;

// Replaces every match of PATTERN by REPLACEMENT in each line of FILE, as Edit ▸ Replace All does
// (one crash-safe rewrite), and prints {"replacements":N,"lines_changed":M,"ms":T}. REPLACEMENT is
// literal text, or with --regex PCRE2 substitution syntax ($1, ${1}, ${name}, $$).
int runReplaceCommand(const QStringList &args)
{
    const QString usage =
        u"usage: tome-bench replace FILE PATTERN REPLACEMENT [--regex] [--ignore-case] [--word]"_s;
    BulkOperation operation;
    operation.kind = BulkOperation::Kind::Replace;
    QStringList positional;
    if (!BulkBench::parseOptions(args, &operation.options, &positional) || positional.size() != 3)
        return BenchIo::fail(usage);
    operation.options.pattern = positional.at(1);
    operation.replacement = positional.at(2);
    return BulkBench::run(positional.at(0), operation, [](const BulkTransform::Counts &counts, double ms) {
        return u"{\"replacements\":%1,\"lines_changed\":%2,\"ms\":%3}"_s.arg(counts.replacements)
            .arg(counts.changedLines)
            .arg(ms, 0, 'f', 3);
    });
}
