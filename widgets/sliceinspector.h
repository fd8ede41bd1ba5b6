#pragma once

#include "linedecoder.h"
#include "slice.h"
#include "slicetext.h"

#include <QDockWidget>
#include <QPointer>

#include <optional>

class Document;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QToolButton;

// A dock that shows the exact bytes of a range of the document: a hex dump, the Python bytes
// literal (as repr() writes it), the text decoded in a chosen encoding with invalid sequences
// marked, the character under the text cursor (code point, category, UTF-8 bytes), and where the
// range starts and ends as line:column (column in bytes, 1-based).
//
// The range comes from the start/end inputs (decimal or 0x hex; an empty End means the end of
// the file, as in Python's data[start:]), from a line number (with or
// without its line ending), or from setRange() (the view's selection, see SliceInspectorLink).
// Only the first displayLimit() bytes are read and shown, and a notice says how many are hidden,
// so any range costs the same; while the dock is hidden nothing is read until it is shown.
// "Edit Bytes…" asks (editRequested) to change the range shown; the inspector writes nothing.
//
// The document must outlive the inspector or be destroyed with it. GUI thread only.
class SliceInspector : public QDockWidget {
    Q_OBJECT
public:
    explicit SliceInspector(Document *document, QWidget *parent = nullptr);
    // Inspects another document (the current tab's): what was shown is gone.
    void setDocument(Document *document);

    // Shows [start, end) and puts the numbers in the inputs; does not emit rangeEdited().
    void setRange(qint64 start, qint64 end);
    // The range shown, end clipped to the file; nullopt while the inputs hold an error.
    std::optional<std::pair<qint64, qint64>> range() const;
    const Slice &slice() const { return m_slice; }

    // Reads the range again (its bytes were changed in place, e.g. by an edit).
    void refresh();

    void setEncoding(LineDecoder::Encoding encoding);
    LineDecoder::Encoding encoding() const;
    void setDisplayLimit(qint64 bytes);
    qint64 displayLimit() const { return m_displayLimit; }
    // Whether a selection in the view replaces the range (on by default).
    bool followsSelection() const;
    void setFollowsSelection(bool follow);

    // What the panes show (for the controller's Copy action and for tests).
    QString hexDumpText() const;
    QString literalText() const;
    QString decodedText() const;
    QString errorText() const; // empty when the inputs are fine
    QString noticeText() const; // hidden bytes, clipped end
    QString locationText() const;
    QString characterText() const;
    QPlainTextEdit *decodedPane() const { return m_decoded; }

signals:
    // The person chose a range here (offsets typed, a line); the view should select it.
    void rangeEdited(qint64 start, qint64 end);
    // The view's selection is wanted (Follow selection switched on, or shown while following).
    void selectionRequested();
    // "Edit Bytes…" was pressed on the range [start, end).
    void editRequested(qint64 start, qint64 end);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildInputs();
    QWidget *buildPanes();
    void applyInputs(bool byPerson);
    void applyLine();
    void showError(const QString &message);
    void render();
    void renderDecoded();
    void updateLocation();
    void updateCharacter();
    void documentChanged();

    QPointer<Document> m_document;
    QList<QMetaObject::Connection> m_documentConnections;
    qint64 m_displayLimit = Slice::kDefaultDisplayLimit;
    Slice m_slice;
    SliceText m_text;
    bool m_hasRange = false;
    bool m_dirty = false;
    bool m_locationKnown = true;

    QLineEdit *m_start = nullptr;
    QLineEdit *m_end = nullptr;
    QLineEdit *m_line = nullptr;
    QCheckBox *m_withEnding = nullptr;
    QToolButton *m_follow = nullptr;
    QPushButton *m_editBytes = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_notice = nullptr;
    QLabel *m_location = nullptr;
    QPlainTextEdit *m_hex = nullptr;
    QLabel *m_literalTitle = nullptr;
    QPlainTextEdit *m_literal = nullptr;
    QComboBox *m_encoding = nullptr;
    QLabel *m_invalid = nullptr;
    QPlainTextEdit *m_decoded = nullptr;
    QLabel *m_character = nullptr;
    QTimer *m_inputDelay = nullptr;
};
