#pragma once

#include "highlightruleset.h"

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

    // View > Wrap Lines: long lines fold at the window's width.
    bool wrapLines() const;
    void setWrapLines(bool wrap);

    // Search patterns, most recent first (the find bar keeps at most its own limit).
    QStringList searchHistory() const;
    void setSearchHistory(const QStringList &patterns);

    // The highlight rule sets (View > Highlight Rules), in order, and the name of the one applied.
    QList<HighlightRuleSet> highlightRuleSets() const;
    void setHighlightRuleSets(const QList<HighlightRuleSet> &sets);
    QString currentHighlightRuleSet() const;
    void setCurrentHighlightRuleSet(const QString &name);

    // Per file (by absolute path): what a tab keeps between sessions (DocumentTab::state(), JSON).
    // At most kMaxFileStates files are remembered, the least recently saved dropped first.
    static constexpr int kMaxFileStates = 200;
    QByteArray fileState(const QString &path) const;
    void setFileState(const QString &path, const QByteArray &json);

    // The files open in tabs when the window last closed, and which one was current.
    struct OpenTabs {
        QStringList paths;
        int current = 0;
    };
    OpenTabs openTabs() const;
    void setOpenTabs(const QStringList &paths, int current);

    // Filter patterns, most recent first.
    QStringList filterHistory() const;
    void setFilterHistory(const QStringList &patterns);

    // The encoding chosen for a file in View > Encoding (a TextEncoding name); empty when none
    // was (the file's encoding is detected). Kept for the kMaxFileEncodings files chosen last.
    static constexpr int kMaxFileEncodings = 500;
    QByteArray fileEncoding(const QString &path) const;
    // Remembers the choice for `path`; an empty name forgets it.
    void setFileEncoding(const QString &path, const QByteArray &name);

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};
