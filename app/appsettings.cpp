#include "appsettings.h"

#include <QFileInfo>

namespace {
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kRecentKey = QStringLiteral("files/recent");
const QString kSearchHistoryKey = QStringLiteral("search/history");
const QString kThemeKey = QStringLiteral("view/theme");
} // namespace

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>())
{
}

AppSettings::AppSettings(const QString &iniPath)
    : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

QByteArray AppSettings::windowGeometry() const { return m_settings->value(kGeometryKey).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray &geometry) { m_settings->setValue(kGeometryKey, geometry); }
QByteArray AppSettings::windowState() const { return m_settings->value(kStateKey).toByteArray(); }
void AppSettings::setWindowState(const QByteArray &state) { m_settings->setValue(kStateKey, state); }

QStringList AppSettings::recentFiles() const
{
    return m_settings->value(kRecentKey).toStringList();
}

void AppSettings::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    m_settings->setValue(kRecentKey, files);
}

void AppSettings::removeRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(QFileInfo(path).absoluteFilePath());
    m_settings->setValue(kRecentKey, files);
}

QString AppSettings::themeName() const { return m_settings->value(kThemeKey).toString(); }

void AppSettings::setThemeName(const QString &name)
{
    if (name.isEmpty())
        m_settings->remove(kThemeKey);
    else
        m_settings->setValue(kThemeKey, name);
}

QStringList AppSettings::searchHistory() const
{
    return m_settings->value(kSearchHistoryKey).toStringList();
}

void AppSettings::setSearchHistory(const QStringList &patterns)
{
    m_settings->setValue(kSearchHistoryKey, patterns);
}

void AppSettings::sync() { m_settings->sync(); }
