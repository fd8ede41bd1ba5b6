#pragma once

#include "document.h"
#include "fileeditor.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <functional>

// Shared steps of the edit tests: run an edit to its end, list temporaries, read a file.
namespace EditTest {

// Runs fn (an edit, undo or redo) and, if it started a rewrite, waits for it to finish.
inline FileEditor::Result runToEnd(FileEditor &editor, const std::function<FileEditor::Result()> &fn)
{
    QSignalSpy finished(&editor, &FileEditor::finished);
    const FileEditor::Result first = fn();
    if (first.status != FileEditor::Status::Started)
        return first;
    if (!finished.wait(20000))
        return {FileEditor::Status::Failed, first.mode, QStringLiteral("timed out"), first.edit};
    return finished.last().at(0).value<FileEditor::Result>();
}

inline QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// Names in `folder` that an edit leaves behind while it runs (journals, temporaries).
inline QStringList leftovers(const QString &folder)
{
    return QDir(folder).entryList({QStringLiteral(".*.tome-*")}, QDir::Files | QDir::Hidden);
}

inline bool openIndexed(Document &document, const QString &path)
{
    if (!document.open(path))
        return false;
    document.waitForIndex();
    return true;
}

} // namespace EditTest
