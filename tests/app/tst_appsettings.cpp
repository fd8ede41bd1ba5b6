#include "appsettings.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

class TestAppSettings : public QObject {
    Q_OBJECT
private slots:
    void fileEncodings();
    void windowRoundTrip();
    void recentFiles_data();
    void recentFiles();
    void highlightRuleSets_data();
    void highlightRuleSets();
};

void TestAppSettings::windowRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("tome.ini"));
    const QByteArray geometry("\x01\x02geometry\x00\xff", 12);
    {
        AppSettings settings(ini);
        settings.setWindowGeometry(geometry);
        settings.setWindowState(QByteArrayLiteral("state"));
        settings.sync();
    }
    AppSettings reread(ini);
    QCOMPARE(reread.windowGeometry(), geometry);
    QCOMPARE(reread.windowState(), QByteArrayLiteral("state"));
}

void TestAppSettings::recentFiles_data()
{
    QTest::addColumn<QStringList>("added");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("none") << QStringList{} << QStringList{};
    QTest::newRow("order") << QStringList{QStringLiteral("/a"), QStringLiteral("/b")}
                           << QStringList{QStringLiteral("/b"), QStringLiteral("/a")};
    QTest::newRow("duplicate moves to front")
        << QStringList{QStringLiteral("/a"), QStringLiteral("/b"), QStringLiteral("/a")}
        << QStringList{QStringLiteral("/a"), QStringLiteral("/b")};
    QStringList many;
    QStringList newest;
    for (int i = 0; i < AppSettings::kMaxRecentFiles + 5; ++i)
        many << QStringLiteral("/f%1").arg(i);
    for (int i = AppSettings::kMaxRecentFiles + 4; i >= 5; --i)
        newest << QStringLiteral("/f%1").arg(i);
    QTest::newRow("capped") << many << newest;
}

void TestAppSettings::recentFiles()
{
    QFETCH(QStringList, added);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("tome.ini"));
    {
        AppSettings settings(ini);
        for (const QString &path : added)
            settings.addRecentFile(path);
        settings.sync();
    }
    AppSettings reread(ini);
    QCOMPARE(reread.recentFiles(), expected);
    if (!expected.isEmpty()) {
        reread.removeRecentFile(expected.first());
        QCOMPARE(reread.recentFiles(), expected.mid(1));
    }
}

void TestAppSettings::highlightRuleSets_data()
{
    QTest::addColumn<QList<HighlightRuleSet>>("sets");
    QTest::addColumn<QString>("current");
    QTest::newRow("none") << QList<HighlightRuleSet>{} << QString();
    HighlightRule plain;
    plain.pattern = QStringLiteral("ERROR");
    plain.background = QStringLiteral("#ff0000");
    HighlightRule every;
    every.pattern = QStringLiteral(" [a-z]+=\\d+; \"x\" # caf\u00e9 \U0001F600 ");
    every.regex = true;
    every.caseSensitive = false;
    every.wholeWord = true;
    every.enabled = false;
    every.foreground = QStringLiteral("#0000ff");
    every.background = QStringLiteral("#7033aaff");
    HighlightRule empty; // no pattern, no colours
    QTest::newRow("one set") << QList<HighlightRuleSet>{{QStringLiteral("Logs"), {plain}}} << QStringLiteral("Logs");
    QTest::newRow("sets and odd text")
        << QList<HighlightRuleSet>{{QStringLiteral("Logs"), {plain, every, empty}},
                                   {QStringLiteral("web/server = 2"), {}},
                                   {QString(), {every}}}
        << QStringLiteral("web/server = 2");
}

void TestAppSettings::highlightRuleSets()
{
    QFETCH(QList<HighlightRuleSet>, sets);
    QFETCH(QString, current);
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("tome.ini"));
    {
        AppSettings settings(ini);
        // A longer list first: only the last list is read back.
        QList<HighlightRuleSet> longer = sets;
        longer.append({QStringLiteral("extra"), {HighlightRule{}, HighlightRule{}}});
        longer.prepend({QStringLiteral("first"), {HighlightRule{}, HighlightRule{}, HighlightRule{}}});
        settings.setHighlightRuleSets(longer);
        settings.setHighlightRuleSets(sets);
        settings.setCurrentHighlightRuleSet(current);
        settings.sync();
    }
    AppSettings reread(ini);
    QCOMPARE(reread.highlightRuleSets(), sets);
    QCOMPARE(reread.currentHighlightRuleSet(), current);
}

void TestAppSettings::fileEncodings()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("tome.ini"));
    const QString a = dir.filePath(QStringLiteral("a.log"));
    const QString tabbed = dir.filePath(QStringLiteral("x\tb.log")); // a tab in the name
    {
        AppSettings settings(ini);
        QVERIFY(settings.fileEncoding(a).isEmpty());
        settings.setFileEncoding(a, "Shift_JIS");
        settings.setFileEncoding(tabbed, "KOI8-R");
        settings.setFileEncoding(a, "windows-1251"); // the latest choice
        settings.sync();
    }
    AppSettings settings(ini);
    QCOMPARE(settings.fileEncoding(a), QByteArray("windows-1251"));
    QCOMPARE(settings.fileEncoding(tabbed), QByteArray("KOI8-R"));
    QVERIFY(settings.fileEncoding(dir.filePath(QStringLiteral("b.log"))).isEmpty());
    settings.setFileEncoding(a, QByteArray()); // forgotten
    QVERIFY(settings.fileEncoding(a).isEmpty());
    QCOMPARE(settings.fileEncoding(tabbed), QByteArray("KOI8-R"));
    for (int i = 0; i < AppSettings::kMaxFileEncodings + 5; ++i)
        settings.setFileEncoding(dir.filePath(QStringLiteral("f%1").arg(i)), "EUC-KR");
    QVERIFY(settings.fileEncoding(tabbed).isEmpty()); // the oldest go
    QCOMPARE(settings.fileEncoding(dir.filePath(QStringLiteral("f%1").arg(AppSettings::kMaxFileEncodings))),
             QByteArray("EUC-KR"));
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
