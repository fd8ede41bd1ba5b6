#include "editdialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

class tst_EditDialog : public QObject {
    Q_OBJECT
private slots:
    void summarySaysWhatApplyingDoes_data();
    void summarySaysWhatApplyingDoes();
    void encodesInTheFileEncoding();
    void readOnlyShowsWhyAndCannotApply();
    void takesHexAndPythonLiterals_data();
    void takesHexAndPythonLiterals();
    void smallFileNeedsOnlyItsOwnSpace();
    void staleDialogKeepsTheTextAndCannotApply();
    void rewriteRunsWithProgressAndCancel();
    void rangeEditsSeveralLines();
    void durationText_data();
    void durationText();

private:
    static EditDialog::Context lineContext()
    {
        EditDialog::Context context;
        context.what = QStringLiteral("line 2 of app.log");
        context.original = "beta";
        context.fileSize = 2'000'000'000;
        context.freeBytes = qint64(10) << 30;
        return context;
    }
};

void tst_EditDialog::summarySaysWhatApplyingDoes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("freeBytes");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("canApply");
    QTest::addColumn<QString>("button");
    QTest::newRow("unchanged") << QStringLiteral("beta") << qint64(1) << QStringLiteral("No change") << false
                               << QStringLiteral("&Apply");
    QTest::newRow("same length") << QStringLiteral("BETA") << qint64(1) << QStringLiteral("written in place") << true
                                 << QStringLiteral("&Apply");
    QTest::newRow("longer") << QStringLiteral("betamax") << (qint64(10) << 30) << QStringLiteral("will be rewritten")
                            << true << QStringLiteral("&Rewrite File");
    QTest::newRow("longer, disk short") << QStringLiteral("betamax") << qint64(1'000'000)
                                        << QStringLiteral("Not enough free disk space") << false
                                        << QStringLiteral("&Rewrite File");
    QTest::newRow("shorter, free unknown") << QStringLiteral("b") << qint64(-1) << QStringLiteral("by -3 bytes") << true
                                           << QStringLiteral("&Rewrite File");
}

void tst_EditDialog::summarySaysWhatApplyingDoes()
{
    QFETCH(QString, text);
    QFETCH(qint64, freeBytes);
    QFETCH(QString, expected);
    QFETCH(bool, canApply);
    QFETCH(QString, button);
    EditDialog::Context context = lineContext();
    context.freeBytes = freeBytes;
    EditDialog dialog(context);
    auto *edit = dialog.findChild<QLineEdit *>(QStringLiteral("text"));
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QCOMPARE(dialog.text(), text);
    QVERIFY2(dialog.summary().contains(expected), qPrintable(dialog.summary()));
    QCOMPARE(dialog.canApply(), canApply);
    auto *apply = dialog.findChild<QPushButton *>(QStringLiteral("apply"));
    QCOMPARE(apply->isEnabled(), canApply);
    QCOMPARE(apply->text(), button);
    if (expected == QStringLiteral("will be rewritten")) {
        QVERIFY(dialog.summary().contains(QStringLiteral("2 GB")) || dialog.summary().contains(QStringLiteral("1.86 GiB")));
        QVERIFY(dialog.summary().contains(QStringLiteral("second")));
    }
}

void tst_EditDialog::encodesInTheFileEncoding()
{
    EditDialog::Context context = lineContext();
    context.original = "caf\xe9"; // Latin-1
    context.encoding = EditDialog::Encoding::Latin1;
    EditDialog latin1(context);
    QCOMPARE(latin1.text(), QStringLiteral("café"));
    latin1.setText(QStringLiteral("CAFÉ"));
    QCOMPARE(latin1.newBytes(), QByteArray("CAF\xc9"));
    QVERIFY(latin1.isSameLength());
    latin1.setText(QStringLiteral("caf€"));
    QVERIFY(!latin1.canApply());
    QVERIFY(latin1.summary().contains(QStringLiteral("Latin-1")));

    context.encoding = EditDialog::Encoding::Utf8;
    context.original = "caf\xc3\xa9";
    EditDialog utf8(context);
    QCOMPARE(utf8.text(), QStringLiteral("café"));
    utf8.setText(QStringLiteral("cafè"));
    QCOMPARE(utf8.newBytes(), QByteArray("caf\xc3\xa8"));
    QVERIFY(utf8.summary().contains(QStringLiteral("in place")));

    context.original = "bad \xff byte";
    EditDialog invalid(context);
    QVERIFY(invalid.summary().contains(QStringLiteral("not valid UTF-8")));
    QCOMPARE(invalid.form(), EditDialog::Form::PythonLiteral);
    QCOMPARE(invalid.text(), QStringLiteral("b'bad \\xff byte'"));
    QCOMPARE(invalid.newBytes(), context.original);
}

void tst_EditDialog::takesHexAndPythonLiterals_data()
{
    QTest::addColumn<int>("form");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("says");
    QTest::newRow("hex, same length") << int(EditDialog::Form::Hex) << QStringLiteral("58 58 58 58") << QByteArray("XXXX")
                                      << QStringLiteral("in place");
    QTest::newRow("hex, packed, longer") << int(EditDialog::Form::Hex) << QStringLiteral("585858585858")
                                         << QByteArray("XXXXXX") << QStringLiteral("rewritten");
    QTest::newRow("literal") << int(EditDialog::Form::PythonLiteral) << QStringLiteral("b'XXXX'") << QByteArray("XXXX")
                             << QStringLiteral("in place");
    QTest::newRow("literal with escapes") << int(EditDialog::Form::PythonLiteral)
                                          << QStringLiteral("b'casta\\xc3\\xb1a\\n'")
                                          << QByteArray("casta\xc3\xb1" "a\n") << QStringLiteral("rewritten");
    QTest::newRow("bad hex") << int(EditDialog::Form::Hex) << QStringLiteral("5g") << QByteArray()
                             << QStringLiteral("not a hex digit");
    QTest::newRow("bad literal") << int(EditDialog::Form::PythonLiteral) << QStringLiteral("b'abc")
                                 << QByteArray() << QStringLiteral("closing quote");
}

void tst_EditDialog::takesHexAndPythonLiterals()
{
    QFETCH(int, form);
    QFETCH(QString, typed);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, says);
    EditDialog dialog(lineContext());
    dialog.setForm(EditDialog::Form(form));
    // Switching converts what is there: "beta" in the new form.
    QCOMPARE(dialog.newBytes(), QByteArray("beta"));
    dialog.setText(typed);
    QVERIFY2(dialog.summary().contains(says), qPrintable(dialog.summary()));
    QVERIFY(dialog.summary().contains(QStringLiteral("Old: 4 byte"))); // "bytes" once EnglishPlurals is installed
    QCOMPARE(dialog.canApply(), !bytes.isEmpty());
    if (!bytes.isEmpty()) {
        QCOMPARE(dialog.newBytes(), bytes);
        QVERIFY(dialog.summary().contains(QStringLiteral("New: %1 byte").arg(bytes.size())));
    }
}

void tst_EditDialog::smallFileNeedsOnlyItsOwnSpace()
{
    EditDialog::Context context = lineContext();
    context.fileSize = 61;
    context.freeBytes = 1000;
    EditDialog dialog(context);
    dialog.setText(QStringLiteral("betamax"));
    QVERIFY2(dialog.summary().contains(QStringLiteral("needs 64 bytes")), qPrintable(dialog.summary()));
    QVERIFY(!dialog.summary().contains(QStringLiteral("MiB")));
    QVERIFY(dialog.canApply());
}

void tst_EditDialog::staleDialogKeepsTheTextAndCannotApply()
{
    EditDialog dialog(lineContext());
    dialog.setText(QStringLiteral("BETA"));
    QVERIFY(dialog.canApply());
    dialog.setStale(QStringLiteral("app.log was replaced by another file."));
    QVERIFY(!dialog.canApply());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("apply"))->isEnabled());
    QCOMPARE(dialog.text(), QStringLiteral("BETA"));
    dialog.setStale(QString());
    QVERIFY(dialog.canApply());
}

void tst_EditDialog::readOnlyShowsWhyAndCannotApply()
{
    EditDialog::Context context = lineContext();
    context.readOnlyReason = QStringLiteral("app.log is on a read-only medium.");
    EditDialog dialog(context);
    dialog.setText(QStringLiteral("BETA"));
    QVERIFY(!dialog.canApply());
    QVERIFY(dialog.summary().contains(QStringLiteral("read-only medium")));
    auto *apply = dialog.findChild<QPushButton *>(QStringLiteral("apply"));
    QVERIFY(!apply->isEnabled());
    QCOMPARE(apply->toolTip(), context.readOnlyReason);
}

void tst_EditDialog::rewriteRunsWithProgressAndCancel()
{
    EditDialog dialog(lineContext());
    QSignalSpy applied(&dialog, &EditDialog::applyRequested);
    QSignalSpy cancelled(&dialog, &EditDialog::cancelRequested);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    dialog.open();
    auto *edit = dialog.findChild<QLineEdit *>(QStringLiteral("text"));
    edit->setText(QStringLiteral("beta, longer"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("apply")), Qt::LeftButton);
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.at(0).at(0).toByteArray(), QByteArray("beta, longer"));

    dialog.setRunning(true);
    dialog.setProgress(512 << 20, 2'000'000'000);
    auto *progress = dialog.findChild<QProgressBar *>(QStringLiteral("progress"));
    QVERIFY(progress->isVisible());
    QCOMPARE(progress->value(), 268);
    QVERIFY(edit->isReadOnly());
    const QImage shot = dialog.grab().toImage();
    QVERIFY(!shot.isNull());
    if (qEnvironmentVariableIsSet("TOME_SHOT_DIR"))
        shot.save(qEnvironmentVariable("TOME_SHOT_DIR") + QStringLiteral("/editdialog-rewrite.png"));
    QTest::keyClick(&dialog, Qt::Key_Escape); // while running: cancel, not close
    QCOMPARE(cancelled.size(), 1);
    QVERIFY(dialog.isVisible());
    QCOMPARE(rejected.size(), 0);

    dialog.showError(QStringLiteral("The rewrite was cancelled; the file is unchanged."));
    QVERIFY(!dialog.isRunning());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("error"))->isVisible());
    QVERIFY(!edit->isReadOnly());
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(rejected.size(), 1);
}

void tst_EditDialog::rangeEditsSeveralLines()
{
    EditDialog::Context context = lineContext();
    context.what = QStringLiteral("bytes 6 to 16 of app.log");
    context.original = "beta\ngamma";
    context.multiLine = true;
    EditDialog dialog(context);
    QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("text")));
    QCOMPARE(dialog.text(), QStringLiteral("beta\ngamma"));
    dialog.setText(QStringLiteral("BETA\nGAMMA"));
    QVERIFY(dialog.isSameLength());
    QCOMPARE(dialog.newBytes(), QByteArray("BETA\nGAMMA"));
    QVERIFY(dialog.canApply());
}

void tst_EditDialog::durationText_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("small") << qint64(1000) << QStringLiteral("under a second");
    QTest::newRow("2 GB") << (qint64(2) << 30) << QStringLiteral("about 2 seconds");
    QTest::newRow("200 GB") << (qint64(200) << 30) << QStringLiteral("about 3 minutes");
}

void tst_EditDialog::durationText()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, expected);
    QCOMPARE(EditDialog::durationText(bytes, qint64(1) << 30), expected);
}

QTEST_MAIN(tst_EditDialog)
#include "tst_editdialog.moc"
