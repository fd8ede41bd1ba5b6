#pragma once

#include "bulkoperation.h"
#include "bulktransform.h"

#include <QStringList>

#include <functional>

// The shared part of `tome-bench replace` and `tome-bench keep-lines`: the pattern options, then
// one crash-safe rewrite of the file by BulkRewriter (no undo version kept), timed until the new
// file is in place and flushed.
namespace BulkBench {

// Reads --regex, --ignore-case, --word (and `extraFlag`, if given, into *extraSet) out of `args`;
// the rest are positional. False on an unknown option.
bool parseOptions(const QStringList &args, SearchOptions *options, QStringList *positional,
                  const QString &extraFlag = QString(), bool *extraSet = nullptr);
// Runs `operation` on `path` and prints what `format` makes of the counts and the milliseconds;
// on failure prints the reason. Returns the exit code.
int run(const QString &path, BulkOperation operation,
        const std::function<QString(const BulkTransform::Counts &counts, double ms)> &format);

} // namespace BulkBench
