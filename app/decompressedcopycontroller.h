#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class Document;
class MainWindow;
class QAction;
class QFile;
class QProgressDialog;
class QSaveFile;

// File > Save Decompressed Copy As…: writes the text of a compressed file (the document's
// decoded cache file, byte for byte) to a path the user chooses, so that it can be edited there.
// On for a decoded document (compressed, or a copy of an unsized file), off for others; such a
// document's tab says as it opens why it cannot be edited and points here (Document::editRefusal).
//
// The copy goes a few megabytes per event-loop turn, with a progress dialog that cancels it; a
// copy started while decompression is still running follows it to its end. A damaged archive's
// copy holds what could be decompressed, and the finishing message says where it stopped. The
// target is written through QSaveFile: it appears whole or not at all.
class DecompressedCopyController : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kChunkBytes = 4 << 20;

    explicit DecompressedCopyController(MainWindow *window);
    ~DecompressedCopyController() override;

    QAction *action() const { return m_action; }
    // Starts copying the current document to `path` without asking (the menu asks first). False,
    // with copyFinished(false, why), when it cannot start.
    bool saveCopy(const QString &path);
    bool isCopying() const { return m_in != nullptr; }

signals:
    // A copy ended: written (`ok`), or failed or cancelled; `message` says which, for the user.
    void copyFinished(bool ok, const QString &message);

private:
    void chooseAndSave();
    void updateAction();
    void copyChunk();
    void finish(bool ok, const QString &message);

    MainWindow *m_window;
    QAction *m_action = nullptr;
    QPointer<Document> m_document;
    std::unique_ptr<QFile> m_in;
    std::unique_ptr<QSaveFile> m_out;
    QPointer<QProgressDialog> m_progress;
    QMetaObject::Connection m_connections[2]; // to m_document, while copying
    QString m_decodeError; // where decompression stopped early, once it has ended
    bool m_decodeEnded = false;
    qint64 m_copied = 0;
};
