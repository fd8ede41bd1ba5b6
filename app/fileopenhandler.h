#pragma once

#include <QObject>

class MainWindow;

// Opens the files the platform asks the running application to open (macOS Finder's
// "Open With", double-clicks on associated documents: QFileOpenEvent).
class FileOpenHandler : public QObject {
    Q_OBJECT
public:
    explicit FileOpenHandler(MainWindow *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    MainWindow *m_window;
};
