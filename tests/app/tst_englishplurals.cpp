#include "englishplurals.h"

#include <QCoreApplication>
#include <QTest>

class TestEnglishPlurals : public QObject {
    Q_OBJECT
private slots:
    void pluralForm_data();
    void pluralForm();
    void translatesThroughQt_data();
    void translatesThroughQt();
    void leavesOtherTextsAlone();
};

void TestEnglishPlurals::pluralForm_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one line") << QStringLiteral("%Ln line(s)") << 1 << QStringLiteral("%Ln line");
    QTest::newRow("no lines") << QStringLiteral("%Ln line(s)") << 0 << QStringLiteral("%Ln lines");
    QTest::newRow("two lines") << QStringLiteral("%Ln line(s)") << 2 << QStringLiteral("%Ln lines");
    QTest::newRow("es") << QStringLiteral("%n match(es) in %n line(s)") << 1 << QStringLiteral("%n match in %n line");
    QTest::newRow("es plural") << QStringLiteral("%n match(es)") << 7 << QStringLiteral("%n matches");
    QTest::newRow("whole word") << QStringLiteral("%n entry|entries") << 1 << QStringLiteral("%n entry");
    QTest::newRow("whole word plural") << QStringLiteral("%n entry|entries") << 3 << QStringLiteral("%n entries");
    QTest::newRow("no mark") << QStringLiteral("%n bytes") << 1 << QStringLiteral("%n bytes");
}

void TestEnglishPlurals::pluralForm()
{
    QFETCH(QString, text);
    QFETCH(int, n);
    QFETCH(QString, expected);
    QCOMPARE(EnglishPlurals::pluralForm(text, n), expected);
}

void TestEnglishPlurals::translatesThroughQt_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("expected");
    QTest::newRow("0") << 0 << QStringLiteral("0 lines");
    QTest::newRow("1") << 1 << QStringLiteral("1 line");
    QTest::newRow("2") << 2 << QStringLiteral("2 lines");
    QTest::newRow("1,000") << 1000 << QStringLiteral("1,000 lines");
}

void TestEnglishPlurals::translatesThroughQt()
{
    QFETCH(int, n);
    QFETCH(QString, expected);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(QCoreApplication::translate("Test", "%Ln line(s)", nullptr, n), QStringLiteral("%1 line(s)").arg(QLocale().toString(n))); // none installed
    EnglishPlurals plurals;
    QVERIFY(QCoreApplication::installTranslator(&plurals));
    const QString text = QCoreApplication::translate("Test", "%Ln line(s)", nullptr, n);
    QCoreApplication::removeTranslator(&plurals);
    QCOMPARE(text, expected);
}

void TestEnglishPlurals::leavesOtherTextsAlone()
{
    EnglishPlurals plurals;
    QVERIFY(plurals.translate("Test", "Open (s)ome file").isEmpty()); // no count: not ours
    QVERIFY(plurals.translate("Test", "%n bytes", nullptr, 1).isEmpty());
}

QTEST_GUILESS_MAIN(TestEnglishPlurals)
#include "tst_englishplurals.moc"
