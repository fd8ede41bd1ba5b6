#include "commandline.h"

#include <QTest>

class TestCommandLine : public QObject {
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void helpMentionsOptions();
    void helpAllListsQtOptions();
};

void TestCommandLine::parse_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("line"); // -1: no line
    QTest::addColumn<QString>("screenshot");

    using S = CommandLineResult::Status;
    const QString t = QStringLiteral("tome");
    QTest::newRow("nothing") << QStringList{t} << int(S::Ok) << QString() << qint64(-1) << QString();
    QTest::newRow("file") << QStringList{t, QStringLiteral("a.log")} << int(S::Ok) << QStringLiteral("a.log")
                          << qint64(-1) << QString();
    QTest::newRow("file and line") << QStringList{t, QStringLiteral("a.log"), QStringLiteral("--line"), QStringLiteral("42")}
                                   << int(S::Ok) << QStringLiteral("a.log") << qint64(42) << QString();
    QTest::newRow("short line, huge") << QStringList{t, QStringLiteral("-l"), QStringLiteral("9000000000"), QStringLiteral("b")}
                                      << int(S::Ok) << QStringLiteral("b") << qint64(9000000000) << QString();
    QTest::newRow("line zero") << QStringList{t, QStringLiteral("--line"), QStringLiteral("0"), QStringLiteral("a")}
                               << int(S::Error) << QString() << qint64(-1) << QString();
    QTest::newRow("line not a number") << QStringList{t, QStringLiteral("--line=ten"), QStringLiteral("a")}
                                       << int(S::Error) << QString() << qint64(-1) << QString();
    QTest::newRow("line missing value") << QStringList{t, QStringLiteral("--line")} << int(S::Error) << QString()
                                        << qint64(-1) << QString();
    QTest::newRow("two files") << QStringList{t, QStringLiteral("a"), QStringLiteral("b")} << int(S::Ok)
                               << QStringLiteral("a") << qint64(-1) << QString();
    QTest::newRow("three files and a line")
        << QStringList{t, QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("--line"), QStringLiteral("7"),
                       QStringLiteral("c")}
        << int(S::Ok) << QStringLiteral("a") << qint64(7) << QString();
    QTest::newRow("unknown option") << QStringList{t, QStringLiteral("--frobnicate")} << int(S::Error) << QString()
                                    << qint64(-1) << QString();
    QTest::newRow("help") << QStringList{t, QStringLiteral("--help")} << int(S::HelpShown) << QString() << qint64(-1)
                          << QString();
    QTest::newRow("version") << QStringList{t, QStringLiteral("--version")} << int(S::VersionShown) << QString()
                             << qint64(-1) << QString();
    // Qt's own options are left for QApplication; the file is still found.
    QTest::newRow("qt platform") << QStringList{t, QStringLiteral("-platform"), QStringLiteral("xcb"), QStringLiteral("f.log")}
                                 << int(S::Ok) << QStringLiteral("f.log") << qint64(-1) << QString();
    QTest::newRow("qt style reverse")
        << QStringList{t, QStringLiteral("-style"), QStringLiteral("fusion"), QStringLiteral("-reverse"), QStringLiteral("f.log")}
        << int(S::Ok) << QStringLiteral("f.log") << qint64(-1) << QString();
    QTest::newRow("qt double dash, equals")
        << QStringList{t, QStringLiteral("--style=fusion"), QStringLiteral("--stylesheet"), QStringLiteral("a.qss"),
                       QStringLiteral("f.log"), QStringLiteral("--line"), QStringLiteral("3")}
        << int(S::Ok) << QStringLiteral("f.log") << qint64(3) << QString();
    QTest::newRow("qt geometry after file")
        << QStringList{t, QStringLiteral("f.log"), QStringLiteral("-qwindowgeometry"), QStringLiteral("400x300+0+0")}
        << int(S::Ok) << QStringLiteral("f.log") << qint64(-1) << QString();
    QTest::newRow("qt option without its value") << QStringList{t, QStringLiteral("f.log"), QStringLiteral("-style")}
                                                 << int(S::Error) << QString() << qint64(-1) << QString();
    QTest::newRow("file named like a qt option after --")
        << QStringList{t, QStringLiteral("--"), QStringLiteral("-reverse")} << int(S::Ok) << QStringLiteral("-reverse")
        << qint64(-1) << QString();
    QTest::newRow("help-all") << QStringList{t, QStringLiteral("--help-all")} << int(S::HelpAllShown) << QString()
                              << qint64(-1) << QString();
    QTest::newRow("screenshot") << QStringList{t, QStringLiteral("--screenshot"), QStringLiteral("/x.png"), QStringLiteral("f")}
                                << int(S::Ok) << QStringLiteral("f") << qint64(-1) << QStringLiteral("/x.png");
}

void TestCommandLine::parse()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, status);
    QFETCH(QString, file);
    QFETCH(qint64, line);
    QFETCH(QString, screenshot);

    const CommandLineResult result = parseCommandLine(arguments);
    QCOMPARE(int(result.status), status);
    if (result.status == CommandLineResult::Status::Error) {
        QVERIFY(!result.errorText.isEmpty());
        return;
    }
    QCOMPARE(result.request.file, file);
    QCOMPARE(result.request.files.value(0), file);
    // Every positional argument is a file, in order.
    QStringList files;
    bool afterDashes = false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!afterDashes && argument == QLatin1String("--")) {
            afterDashes = true;
            continue;
        }
        if (!afterDashes && argument.startsWith(u'-')) {
            const bool takesValue = !argument.contains(u'=')
                && QStringList{QStringLiteral("--line"), QStringLiteral("-l"), QStringLiteral("-platform"),
                               QStringLiteral("-style"), QStringLiteral("--stylesheet"), QStringLiteral("-qwindowgeometry"),
                               QStringLiteral("--screenshot")}
                       .contains(argument);
            i += takesValue ? 1 : 0;
            continue;
        }
        files << argument;
    }
    QCOMPARE(result.request.files, files);
    QCOMPARE(result.request.line.value_or(-1), line);
    QCOMPARE(result.request.screenshotPath, screenshot);
}

void TestCommandLine::helpMentionsOptions()
{
    const QString help = commandLineHelpText();
    QVERIFY(help.contains(QLatin1String("--line")));
    QVERIFY(help.contains(QLatin1String("--version")));
    QVERIFY(help.contains(QLatin1String("FILE")));
}

void TestCommandLine::helpAllListsQtOptions()
{
    const QString help = commandLineHelpText(true);
    for (const char *option : {"--line", "-platform", "-style", "-stylesheet", "-reverse", "-qwindowgeometry"})
        QVERIFY2(help.contains(QLatin1String(option)), option);
    QVERIFY(!commandLineHelpText().contains(QLatin1String("-platform")));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
