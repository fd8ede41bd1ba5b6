#pragma once

#include <QByteArray>
#include <QSettings>
#include <QStringList>

#include <memory>

// The application's persistent settings, over QSettings. app/ owns the only instance and passes
// what it needs to the rest; model/ and widgets/ never read settings themselves.
class AppSettings {
public:
    static constexpr int kMaxRecentFiles = 10;

    AppSettings();                               // the user's settings (organisation/application names)
    explicit AppSettings(const QString &iniPath); // a given INI file (tests, portable use)

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);

    // Most recent first, no duplicates, at most kMaxRecentFiles entries.
    QStringList recentFiles() const;
    void addRecentFile(const QString &path);
    void removeRecentFile(const QString &path);

    // The syntax theme chosen in View > Theme; empty: "Automatic" (follows the palette).
    QString themeName() const;
    void setThemeName(const QString &name);

    // Search patterns, most recent first (the find bar keeps at most its own limit).
    QStringList searchHistory() const;
    void setSearchHistory(const QStringList &patterns);

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};
