// Runs the real `tome` binary in a real X server (xvfb-run) on a real file and checks that the
// screenshot it saves shows something: a window with text, not a blank rectangle.
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>

class TestSmoke : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp_data();
    void versionAndHelp();
    void screenshotShowsText_data();
    void screenshotShowsText();
};

void TestSmoke::versionAndHelp_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("expected");
    QTest::newRow("version") << QStringLiteral("--version") << QStringLiteral("tome " TOME_VERSION);
    QTest::newRow("help") << QStringLiteral("--help") << QStringLiteral("--line");
    QTest::newRow("help-all") << QStringLiteral("--help-all") << QStringLiteral("-stylesheet");
}

void TestSmoke::versionAndHelp()
{
    QFETCH(QString, argument);
    QFETCH(QString, expected);
    // No display and no platform chosen: answering --version or --help needs no window system.
    QProcess tome;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    tome.setProcessEnvironment(env);
    tome.start(QStringLiteral(TOME_BINARY), {argument});
    QVERIFY(tome.waitForFinished(30000));
    QCOMPARE(tome.exitCode(), 0);
    QVERIFY2(QString::fromUtf8(tome.readAllStandardOutput()).contains(expected), qPrintable(expected));
}

void TestSmoke::screenshotShowsText_data()
{
    QTest::addColumn<bool>("withFile");
    QTest::addColumn<QStringList>("qtOptions"); // Qt's own, for QApplication
    QTest::newRow("log file") << true << QStringList();
    QTest::newRow("welcome") << false << QStringList();
    QTest::newRow("qt options") << true
                                << QStringList{QStringLiteral("-platform"), QStringLiteral("xcb"), QStringLiteral("-style"),
                                               QStringLiteral("fusion"), QStringLiteral("-reverse")};
}

void TestSmoke::screenshotShowsText()
{
    QFETCH(bool, withFile);
    QFETCH(QStringList, qtOptions);
    const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    QVERIFY2(!xvfbRun.isEmpty(), "xvfb-run is part of the build environment");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString log = dir.filePath(QStringLiteral("sample.log"));
    {
        QFile file(log);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 2000; ++i)
            file.write(QStringLiteral("2026-11-24 12:00:%1 INFO worker-%2 request %3 served in %4 ms\n")
                           .arg(i % 60, 2, 10, QLatin1Char('0')).arg(i % 7).arg(i).arg(i * 37 % 1000).toUtf8());
    }
    const QString shot = dir.filePath(QStringLiteral("shot.png"));
    QStringList arguments{QStringLiteral("-a"), QStringLiteral("-s"), QStringLiteral("-screen 0 1280x800x24"),
                          QStringLiteral(TOME_BINARY)};
    arguments << qtOptions << QStringLiteral("--screenshot") << shot;
    if (withFile)
        arguments << log;

    QProcess tome;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    // At start the xcb platform asks the desktop portal over D-Bus; when the program quits before
    // the answer (the screenshot is quick) Qt leaks the pending call's watcher, which
    // LeakSanitizer reports as our exit code. There is no portal under xvfb-run anyway.
    env.insert(QStringLiteral("QT_NO_XDG_DESKTOP_PORTAL"), QStringLiteral("1"));
    tome.setProcessEnvironment(env);
    tome.setProcessChannelMode(QProcess::ForwardedChannels);
    tome.start(xvfbRun, arguments);
    QVERIFY(tome.waitForFinished(120000));
    QCOMPARE(tome.exitCode(), 0);

    QImage image(shot);
    QVERIFY2(!image.isNull(), "the screenshot is a readable PNG");
    QVERIFY(image.width() > 300 && image.height() > 200);

    // Blank means one colour (or a few, for the frame). Text means many pixels far from the
    // background and many distinct shades from antialiasing.
    std::map<QRgb, qint64> histogram;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            ++histogram[image.pixel(x, y)];
    QRgb background = 0;
    qint64 most = 0;
    for (const auto &[colour, count] : histogram)
        if (count > most)
            background = colour, most = count;
    qint64 ink = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (std::abs(qGray(image.pixel(x, y)) - qGray(background)) > 80)
                ++ink;
    const double inkShare = double(ink) / (image.width() * image.height());
    qInfo("distinct colours %zu, ink share %.4f", histogram.size(), inkShare);
    QVERIFY2(histogram.size() >= 16, "antialiased text gives many shades");
    QVERIFY2(inkShare > (withFile ? 0.01 : 0.0005), "enough pixels stand out from the background");
}

QTEST_MAIN(TestSmoke)
#include "tst_smoke.moc"
