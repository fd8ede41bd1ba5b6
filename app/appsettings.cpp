#include "appsettings.h"

#include <QFileInfo>


namespace {
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kRecentKey = QStringLiteral("files/recent");
const QString kSearchHistoryKey = QStringLiteral("search/history");
const QString kThemeKey = QStringLiteral("view/theme");
const QString kWrapLinesKey = QStringLiteral("view/wrapLines");
const QString kRuleSetsKey = QStringLiteral("highlight/sets");
const QString kCurrentRuleSetKey = QStringLiteral("highlight/current");
const QString kFileStatesKey = QStringLiteral("files/states"); // a group: one key per file
const QString kFileStateOrderKey = QStringLiteral("files/stateOrder");
const QString kOpenTabsKey = QStringLiteral("session/tabs");
const QString kCurrentTabKey = QStringLiteral("session/current");
const QString kFilterHistoryKey = QStringLiteral("filter/history");

// A settings key for a path: '/' and '\\' would make groups of it.
QString fileStateKey(const QString &path)
{
    return kFileStatesKey + u'/' + QString::fromLatin1(QFileInfo(path).absoluteFilePath().toUtf8().toBase64(
                                       QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
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

bool AppSettings::wrapLines() const { return m_settings->value(kWrapLinesKey, false).toBool(); }

void AppSettings::setWrapLines(bool wrap) { m_settings->setValue(kWrapLinesKey, wrap); }

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

QList<HighlightRuleSet> AppSettings::highlightRuleSets() const
{
    QList<HighlightRuleSet> sets;
    const int setCount = m_settings->beginReadArray(kRuleSetsKey);
    for (int i = 0; i < setCount; ++i) {
        m_settings->setArrayIndex(i);
        HighlightRuleSet set;
        set.name = m_settings->value(QStringLiteral("name")).toString();
        const int ruleCount = m_settings->beginReadArray(QStringLiteral("rules"));
        for (int r = 0; r < ruleCount; ++r) {
            m_settings->setArrayIndex(r);
            HighlightRule rule;
            rule.pattern = m_settings->value(QStringLiteral("pattern")).toString();
            rule.regex = m_settings->value(QStringLiteral("regex"), rule.regex).toBool();
            rule.caseSensitive = m_settings->value(QStringLiteral("caseSensitive"), rule.caseSensitive).toBool();
            rule.wholeWord = m_settings->value(QStringLiteral("wholeWord"), rule.wholeWord).toBool();
            rule.enabled = m_settings->value(QStringLiteral("enabled"), rule.enabled).toBool();
            rule.foreground = m_settings->value(QStringLiteral("foreground")).toString();
            rule.background = m_settings->value(QStringLiteral("background")).toString();
            set.rules.append(rule);
        }
        m_settings->endArray();
        sets.append(set);
    }
    m_settings->endArray();
    return sets;
}

void AppSettings::setHighlightRuleSets(const QList<HighlightRuleSet> &sets)
{
    m_settings->remove(kRuleSetsKey); // no rules of a longer list left behind
    m_settings->beginWriteArray(kRuleSetsKey, int(sets.size()));
    for (int i = 0; i < sets.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), sets.at(i).name);
        const QList<HighlightRule> &rules = sets.at(i).rules;
        m_settings->beginWriteArray(QStringLiteral("rules"), int(rules.size()));
        for (int r = 0; r < rules.size(); ++r) {
            m_settings->setArrayIndex(r);
            const HighlightRule &rule = rules.at(r);
            m_settings->setValue(QStringLiteral("pattern"), rule.pattern);
            m_settings->setValue(QStringLiteral("regex"), rule.regex);
            m_settings->setValue(QStringLiteral("caseSensitive"), rule.caseSensitive);
            m_settings->setValue(QStringLiteral("wholeWord"), rule.wholeWord);
            m_settings->setValue(QStringLiteral("enabled"), rule.enabled);
            m_settings->setValue(QStringLiteral("foreground"), rule.foreground);
            m_settings->setValue(QStringLiteral("background"), rule.background);
        }
        m_settings->endArray();
    }
    m_settings->endArray();
}

QString AppSettings::currentHighlightRuleSet() const
{
    return m_settings->value(kCurrentRuleSetKey).toString();
}

void AppSettings::setCurrentHighlightRuleSet(const QString &name)
{
    m_settings->setValue(kCurrentRuleSetKey, name);
}

void AppSettings::sync() { m_settings->sync(); }

QByteArray AppSettings::fileState(const QString &path) const
{
    return m_settings->value(fileStateKey(path)).toByteArray();
}

void AppSettings::setFileState(const QString &path, const QByteArray &json)
{
    const QString key = fileStateKey(path);
    QStringList order = m_settings->value(kFileStateOrderKey).toStringList();
    order.removeAll(key);
    order.prepend(key);
    while (order.size() > kMaxFileStates)
        m_settings->remove(order.takeLast());
    m_settings->setValue(kFileStateOrderKey, order);
    m_settings->setValue(key, json);
}

AppSettings::OpenTabs AppSettings::openTabs() const
{
    return {m_settings->value(kOpenTabsKey).toStringList(), m_settings->value(kCurrentTabKey).toInt()};
}

void AppSettings::setOpenTabs(const QStringList &paths, int current)
{
    m_settings->setValue(kOpenTabsKey, paths);
    m_settings->setValue(kCurrentTabKey, current);
}

QStringList AppSettings::filterHistory() const
{
    return m_settings->value(kFilterHistoryKey).toStringList();
}

void AppSettings::setFilterHistory(const QStringList &patterns)
{
    m_settings->setValue(kFilterHistoryKey, patterns);
}

// "NAME<TAB>ABSOLUTE PATH" entries, the latest choice first.
static const QString kFileEncodingsKey = QStringLiteral("files/encodings");

QByteArray AppSettings::fileEncoding(const QString &path) const
{
    const QString prefix = u'\t' + QFileInfo(path).absoluteFilePath();
    const QStringList entries = m_settings->value(kFileEncodingsKey).toStringList();
    for (const QString &entry : entries) {
        if (entry.endsWith(prefix) && entry.size() > prefix.size() && entry.indexOf(u'\t') == entry.size() - prefix.size())
            return entry.left(entry.size() - prefix.size()).toLatin1();
    }
    return QByteArray();
}

void AppSettings::setFileEncoding(const QString &path, const QByteArray &name)
{
    const QString suffix = u'\t' + QFileInfo(path).absoluteFilePath();
    QStringList entries = m_settings->value(kFileEncodingsKey).toStringList();
    entries.removeIf([&suffix](const QString &entry) {
        return entry.endsWith(suffix) && entry.indexOf(u'\t') == entry.size() - suffix.size();
    });
    if (!name.isEmpty())
        entries.prepend(QString::fromLatin1(name) + suffix);
    while (entries.size() > kMaxFileEncodings)
        entries.removeLast();
    if (entries.isEmpty())
        m_settings->remove(kFileEncodingsKey);
    else
        m_settings->setValue(kFileEncodingsKey, entries);
}
