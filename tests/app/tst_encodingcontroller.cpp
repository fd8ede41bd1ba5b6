#include "appsettings.h"
#include "codecreader.h"
#include "document.h"
#include "documentstatus.h"
#include "encodingcontroller.h"
#include "encodingdialog.h"
#include "linemodel.h"
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// View > Encoding in the real window: detection at open, the menu's checks, choices remembered
// per file, More….
class TestEncodingController : public QObject {
    Q_OBJECT
private slots:
    void init();
    void detectsAtOpen_data();
    void detectsAtOpen();
    void choiceIsRememberedPerFile();
    void menuListsAndChecks();
    void moreDialogFiltersAndChooses();

private:
    QString write(const QString &name, const QString &text, const char *encoding);
    QString statusEncoding(const MainWindow &window) const
    {
        const auto *label = window.statusBar()->findChild<QLabel *>(u"statusEncoding"_s);
        return label ? label->text() : QString();
    }
    QStringList rows(const MainWindow &window) const
    {
        QStringList lines;
        for (int row = 0; row < window.lineModel()->rowCount(); ++row)
            lines << window.lineModel()->index(row).data().toString();
        return lines;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

const QString kJapanese = u"東京の朝は早い。駅の改札を通り抜ける人々は、それぞれの目的地へ急いでいる。\n"
                          u"私は小さな喫茶店に入り、温かいコーヒーを注文した。窓の外では雨が静かに降り始めていた。\n"
                          u"今日の会議では、新しい計画について話し合う予定だ。\n"_s;
const QString kRussian = u"Сегодня утром погода была прекрасной, и мы с другом пошли гулять в парк.\n"
                         u"Мой друг сказал, что пишет программу, которая быстро открывает большие файлы журналов.\n"
                         u"После обеда мы отправились в библиотеку и взяли несколько книг по истории.\n"_s;

void TestEncodingController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestEncodingController::write(const QString &name, const QString &text, const char *encoding)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    const QByteArray bytes = *CodecReader::encode(*TextEncoding::fromName(encoding), text);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

void TestEncodingController::detectsAtOpen_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("encoding");
    QTest::newRow("Shift_JIS") << kJapanese << QByteArray("Shift_JIS");
    QTest::newRow("EUC-JP") << kJapanese << QByteArray("EUC-JP");
    QTest::newRow("windows-1251") << kRussian << QByteArray("windows-1251");
    QTest::newRow("KOI8-R") << kRussian << QByteArray("KOI8-R");
}

void TestEncodingController::detectsAtOpen()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, encoding);
    const QString path = write(u"file.txt"_s, text, encoding.constData());
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 3);
    QCOMPARE(window.document()->encoding().name(), encoding);
    QCOMPARE(rows(window), text.split(u'\n', Qt::SkipEmptyParts));
    QTRY_COMPARE(statusEncoding(window), QString::fromLatin1(encoding));
}

void TestEncodingController::choiceIsRememberedPerFile()
{
    const QString russian = write(u"russian.txt"_s, kRussian, "windows-1251");
    const QString other = write(u"other.txt"_s, kRussian, "windows-1251");
    const QString ini = m_dir->filePath(u"tome.ini"_s);
    {
        AppSettings settings(ini);
        MainWindow window(settings);
        window.openFile(russian);
        QTRY_COMPARE(window.lineModel()->rowCount(), 3);
        auto *controller = window.findChild<EncodingController *>();
        QVERIFY(controller);
        controller->chooseEncoding("KOI8-R"); // wrong on purpose: remembered all the same
        QCOMPARE(window.document()->encoding().name(), QByteArray("KOI8-R"));
        QVERIFY(!window.document()->isEncodingAutomatic());
        QCOMPARE(settings.fileEncoding(russian), QByteArray("KOI8-R"));
        QVERIFY(rows(window) != kRussian.split(u'\n', Qt::SkipEmptyParts));
        window.close();
        settings.sync();
    }
    {
        AppSettings settings(ini);
        MainWindow window(settings);
        window.openFile(other); // another file is still detected
        QTRY_COMPARE(window.lineModel()->rowCount(), 3);
        QCOMPARE(window.document()->encoding().name(), QByteArray("windows-1251"));
        window.openFile(russian); // the remembered choice applies
        QTRY_COMPARE(window.document()->path(), russian);
        QTRY_COMPARE(window.document()->encoding().name(), QByteArray("KOI8-R"));
        window.findChild<EncodingController *>()->detectAutomatically();
        QCOMPARE(window.document()->encoding().name(), QByteArray("windows-1251"));
        QVERIFY(settings.fileEncoding(russian).isEmpty());
        QCOMPARE(rows(window), kRussian.split(u'\n', Qt::SkipEmptyParts));
    }
}

void TestEncodingController::menuListsAndChecks()
{
    const QString path = write(u"japanese.txt"_s, kJapanese, "Shift_JIS");
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    window.openFile(path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 3);
    auto *menu = window.findChild<QMenu *>(u"encodingMenu"_s);
    QVERIFY(menu);
    emit menu->aboutToShow();
    QStringList checked;
    QStringList listed;
    for (QAction *action : menu->actions()) {
        if (action->isChecked())
            checked << action->text();
        if (!action->data().isNull())
            listed << action->data().toString();
    }
    QCOMPARE(checked, QStringList({u"&Detect Automatically (Shift_JIS)"_s, u"Shift_JIS"_s}));
    for (const QByteArray &name : EncodingController::commonNames())
        QVERIFY2(listed.contains(QString::fromLatin1(name)), name.constData());

    // A choice outside the common ones is listed too, and checked.
    window.findChild<EncodingController *>()->chooseEncoding("IBM866");
    emit menu->aboutToShow();
    checked.clear();
    for (QAction *action : menu->actions()) {
        if (action->isChecked())
            checked << action->text();
    }
    QCOMPARE(checked, QStringList({u"IBM866"_s}));
}

void TestEncodingController::moreDialogFiltersAndChooses()
{
    EncodingDialog dialog("Shift_JIS");
    QCOMPARE(dialog.chosenName(), QByteArray("Shift_JIS"));
    const int all = dialog.visibleCount();
    QVERIFY(all > 100);
    dialog.setFilterText(u"1251"_s);
    QVERIFY(dialog.visibleCount() >= 1 && dialog.visibleCount() < all);
    QVERIFY2(dialog.chosenName().contains("1251"), dialog.chosenName().constData());
    dialog.setFilterText(u"utf-32le"_s); // listed, but not readable line by line
    QCOMPARE(dialog.visibleCount(), 1);
    QVERIFY(dialog.chosenName().isEmpty());
    dialog.setFilterText(u"no such thing"_s);
    QCOMPARE(dialog.visibleCount(), 0);
    QVERIFY(dialog.chosenName().isEmpty());
}

QTEST_MAIN(TestEncodingController)
#include "tst_encodingcontroller.moc"
