#pragma once

#include <QObject>

class Document;
class LineModel;
class LineView;
class QLabel;
class QProgressBar;
class QStatusBar;
struct TextPosition;

// Keeps the status bar in step with the open document and the view: file size, line count (or
// indexing progress), the cursor's line, column and byte offset, the encoding, read-only state.
class DocumentStatus : public QObject {
    Q_OBJECT
public:
    DocumentStatus(Document *document, LineModel *model, LineView *view, QStatusBar *bar);

    void setMessage(const QString &text); // left-hand message (errors, notices)
    void setReadOnly(bool readOnly);
    void refresh();

    // "1.5 GB", "12 bytes": sizes as a person reads them.
    static QString humanSize(qint64 bytes);

private:
    void updatePosition();
    void updateLines();

    Document *m_document;
    LineModel *m_model;
    LineView *m_view;
    QLabel *m_message;
    QLabel *m_size;
    QLabel *m_lines;
    QProgressBar *m_progress;
    QLabel *m_position;
    QLabel *m_encoding;
    QLabel *m_readOnly;
};
