#pragma once

#include <QStringList>

// One function per tome-bench subcommand. Each gets the arguments after its name, prints its
// result on stdout and returns the process exit code (errors go to stderr, non-zero).
int runEditCommand(const QStringList &args);
int runEncodingCommand(const QStringList &args);
int runGenCommand(const QStringList &args);
int runIndexCommand(const QStringList &args);
int runKeepLinesCommand(const QStringList &args);
int runLinesCommand(const QStringList &args);
int runOpenCommand(const QStringList &args);
int runReplaceCommand(const QStringList &args);
int runAppendCommand(const QStringList &args);
int runFilterCommand(const QStringList &args);
int runFollowCommand(const QStringList &args);
int runSearchCommand(const QStringList &args);
int runSliceCommand(const QStringList &args);
int runWriteCommand(const QStringList &args);
