#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QWidget;

// Saves a PNG of a window once it has painted what it was waiting for, then quits the
// application with exit code 0 (or 1 if the image could not be written). Used by
// `tome --screenshot PATH`, which `make run` and the smoke test rely on.
class Screenshotter : public QObject {
    Q_OBJECT
public:
    Screenshotter(QWidget *window, QString path, QObject *parent = nullptr);

public slots:
    // Call once the content worth capturing has been painted; the capture is taken on the
    // next turn of the event loop so the paint has reached the screen.
    void capture();

private:
    QPointer<QWidget> m_window;
    QString m_path;
    bool m_done = false;
};
