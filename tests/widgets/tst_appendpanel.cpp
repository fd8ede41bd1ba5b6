#include "appendpanel.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_AppendPanel : public QObject {
    Q_OBJECT
private slots:
    void requests_data();
    void requests();
    void ctrlEnterAppends();
    void emptyTextIsRefusedWithAMessage();
    void successClearsAndErrorKeepsTheText();
    void disabledSaysWhy();
    void screenshot();
};

void tst_AppendPanel::requests_data()
{
    QTest::addColumn<Appender::Splitting>("splitting");
    QTest::newRow("one per line") << Appender::Splitting::OnePerLine;
    QTest::newRow("whitespace") << Appender::Splitting::OnWhitespace;
}

void tst_AppendPanel::requests()
{
    QFETCH(Appender::Splitting, splitting);
    AppendPanel panel;
    QSignalSpy requested(&panel, &AppendPanel::appendRequested);
    panel.setText(u"dog house\nconjuración"_s);
    panel.setSplitting(splitting);
    QCOMPARE(panel.splitting(), splitting);
    QPushButton *button = panel.findChild<QPushButton *>();
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), u"dog house\nconjuración"_s);
    QCOMPARE(requested.at(0).at(1).value<Appender::Splitting>(), splitting);
}

void tst_AppendPanel::ctrlEnterAppends()
{
    AppendPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy requested(&panel, &AppendPanel::appendRequested);
    auto *edit = panel.findChild<QPlainTextEdit *>();
    QVERIFY(edit);
    panel.focusText();
    QTest::keyClicks(edit, u"sheep"_s);
    QTest::keyClick(edit, Qt::Key_Return); // a plain Enter is a new line
    QCOMPARE(requested.size(), 0);
    QTest::keyClicks(edit, u"dog"_s);
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), u"sheep\ndog"_s);
}

void tst_AppendPanel::emptyTextIsRefusedWithAMessage()
{
    AppendPanel panel;
    QSignalSpy requested(&panel, &AppendPanel::appendRequested);
    panel.setText(u"  \n "_s);
    QTest::mouseClick(panel.findChild<QPushButton *>(), Qt::LeftButton);
    QCOMPARE(requested.size(), 0);
    QVERIFY(panel.statusText().contains(u"Nothing to append"_s));
}

void tst_AppendPanel::successClearsAndErrorKeepsTheText()
{
    AppendPanel panel;
    panel.setText(u"dog"_s);
    panel.showError(u"Disk full; nothing was appended."_s);
    QCOMPARE(panel.text(), u"dog"_s);
    QCOMPARE(panel.statusText(), u"Disk full; nothing was appended."_s);
    panel.showAppended(4, 12);
    QCOMPARE(panel.text(), QString());
    QVERIFY(panel.statusText().contains(u"Appended 4 lines"_s));
    QVERIFY(panel.statusText().contains(u"12 lines"_s));
}

void tst_AppendPanel::disabledSaysWhy()
{
    AppendPanel panel;
    QSignalSpy requested(&panel, &AppendPanel::appendRequested);
    panel.setText(u"dog"_s);
    panel.setAppendEnabled(false, u"The file is read-only."_s);
    QVERIFY(!panel.isAppendEnabled());
    QCOMPARE(panel.statusText(), u"The file is read-only."_s);
    auto *edit = panel.findChild<QPlainTextEdit *>();
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requested.size(), 0);
    panel.setAppendEnabled(true);
    QVERIFY(panel.isAppendEnabled());
    QCOMPARE(panel.statusText(), QString());
}

// Saves what the panel looks like, for a person to check (TOME_SHOT_DIR, when set).
void tst_AppendPanel::screenshot()
{
    AppendPanel panel;
    panel.resize(420, 220);
    panel.setText(u"dog\nhouse\nsheep\nconjuración"_s);
    panel.showAppended(4, 12);
    panel.setText(u"dog\nhouse\nsheep\nconjuración"_s);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QImage image = panel.grab().toImage();
    QVERIFY(!image.isNull());
    const QByteArray dir = qgetenv("TOME_SHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(image.save(QString::fromLocal8Bit(dir) + u"/appendpanel.png"_s));
}

QTEST_MAIN(tst_AppendPanel)
#include "tst_appendpanel.moc"
