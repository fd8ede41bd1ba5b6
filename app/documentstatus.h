#pragma once

#include <QObject>
#include <QString>

class Document;
class LineModel;
class LineView;
class QLabel;
class QProgressBar;
class QStatusBar;
struct TextPosition;

// Keeps the status bar in step with the open document and the view: file size (following every
// growth, reload and truncation), line count (or indexing progress), the cursor's line, column
// and byte offset (from the first row on), the encoding, read-only state.
//
// The bar never cuts a text: when it is too narrow for everything, it gives up its least
// important parts first (fitWidth()): the encoding, then the byte in the position, then the
// size, then the words around the line count; the message is elided last, with the whole text
// in its tooltip. Widgets other controllers put in the bar are measured, never changed.
class DocumentStatus : public QObject {
    Q_OBJECT
public:
    // How much the bar gave up to fit (each level includes those before it).
    enum class Fit { Full, NoEncoding, ShortPosition, NoSize, ShortLines };
    Q_ENUM(Fit)

    DocumentStatus(Document *document, LineModel *model, LineView *view, QStatusBar *bar);

    // Follows another document (the current tab's); nullptr: none.
    void setTarget(Document *document, LineModel *model, LineView *view);
    void setMessage(const QString &text); // left-hand message (errors, notices)
    QString message() const { return m_messageText; }
    void setReadOnly(bool readOnly);
    void refresh();
    Fit fit() const { return m_fit; }

    // "1.5 GB", "1 byte", "12 bytes": sizes as a person reads them.
    static QString humanSize(qint64 bytes);
    // "1 line", "12,345 lines" (any qint64).
    static QString lineCountText(qint64 lines);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateSize();
    void updatePosition();
    void updateLines();
    void fitWidth();
    void elideMessage();
    void applyFit(Fit fit);
    int neededWidth() const;
    static void setLabelText(QLabel *label, const QString &text);

    Document *m_document;
    LineModel *m_model;
    LineView *m_view;
    QStatusBar *m_bar;
    QLabel *m_message;
    QLabel *m_size;
    QLabel *m_lines;
    QProgressBar *m_progress;
    QLabel *m_position;
    QLabel *m_encoding;
    QLabel *m_readOnly;
    QString m_messageText;
    QString m_linesText;    // in full
    QString m_positionText; // in full
    QString m_positionShort;
    QString m_linesShort;
    Fit m_fit = Fit::Full;
    QList<QMetaObject::Connection> m_connections;
    bool m_fitting = false;
};
