#pragma once

#include <QObject>

class Document;
class DocumentTab;
class MainWindow;
class QAction;
class QActionGroup;
class QMenu;

// View > Encoding: "Detect Automatically", the common encodings, the file's own when it is
// another, and More… (EncodingDialog, every encoding Qt knows). The file's encoding is checked.
//
// Every tab's document detects the encoding of the files it opens (Document::setAutomaticEncoding)
// unless an encoding was chosen for that path, which AppSettings remembers per file and which is
// applied as the file opens. Choosing an encoding applies it to the current file and remembers
// it; "Detect Automatically" forgets it and detects again.
class EncodingController : public QObject {
    Q_OBJECT
public:
    explicit EncodingController(MainWindow *window);

    // The encodings listed directly in the menu, by name.
    static QList<QByteArray> commonNames();

    // What the menu actions do, for the current file (also for tests).
    void chooseEncoding(const QByteArray &name);
    void detectAutomatically();
    // Opens the More… dialog (window-modal, returns at once).
    void chooseFromAll();

private:
    void watch(DocumentTab *tab);
    void applyRemembered(Document *document);
    void rebuildMenu();
    void encodingApplied();

    MainWindow *m_window;
    QMenu *m_menu = nullptr;
};
