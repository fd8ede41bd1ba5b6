#include "screenshotter.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QPixmap>
#include <QScreen>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <cstdio>

Screenshotter::Screenshotter(QWidget *window, QString path, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_path(std::move(path))
{
}

void Screenshotter::capture()
{
    if (m_done || !m_window)
        return;
    m_done = true;
    QTimer::singleShot(50, this, [this] {
        QPixmap pixmap;
        // Grab what the window system shows when there is one; the offscreen platform has
        // no framebuffer to read back, so render the widget tree there.
        QScreen *screen = m_window->screen();
        if (screen && QGuiApplication::platformName() != QLatin1String("offscreen") && m_window->windowHandle())
            pixmap = screen->grabWindow(m_window->windowHandle()->winId());
        if (pixmap.isNull() || pixmap.size() != m_window->size() * pixmap.devicePixelRatio())
            pixmap = m_window->grab();
        const bool saved = pixmap.save(m_path, "PNG");
        if (!saved)
            std::fprintf(stderr, "tome: could not write the screenshot to %s\n", qPrintable(m_path));
        QCoreApplication::exit(saved ? 0 : 1);
    });
}
