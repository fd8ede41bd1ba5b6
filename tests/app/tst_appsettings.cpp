#include "appsettings.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

class TestAppSettings : public QObject {
    Q_OBJECT
private slots:
    void windowRoundTrip();
    void recentFiles_data();
    void recentFiles();
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

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
