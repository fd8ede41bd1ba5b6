#include "appsettings.h"
#include "codecreader.h"
#include "document.h"
#include "documentstatus.h"
#include "encodingcontroller.h"
#include "encodingdialog.h"
#include "linemodel.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchcontroller.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QMenu>
#include <QStatusBar>
#include <QStringDecoder>
#include <QStringEncoder>
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
    void searchesTheShownText_data();
    void searchesTheShownText();

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

// The text's bytes in a codec (as Tome writes them) or in UTF-16.
QByteArray encodeIn(const QByteArray &name, const QString &text)
{
    const TextEncoding encoding = *TextEncoding::fromName(name);
    return encoding.isCodec() ? CodecReader::encode(encoding, text).value_or(QByteArray())
                              : QByteArray(QStringEncoder(name.constData()).encode(text));
}

QString decodeIn(const QByteArray &name, const QByteArray &bytes)
{
    const TextEncoding encoding = *TextEncoding::fromName(name);
    return encoding.isCodec() ? CodecReader::decodeLine(encoding, bytes) : QString(QStringDecoder(name.constData()).decode(bytes));
}

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

void TestEncodingController::searchesTheShownText_data()
{
    // The file's encoding, the one chosen to show it in (empty: detected), the pattern, typed.
    QTest::addColumn<QByteArray>("written");
    QTest::addColumn<QByteArray>("shown");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("Shift_JIS") << QByteArray("Shift_JIS") << QByteArray() << u"喫茶店"_s;
    QTest::newRow("EUC-JP") << QByteArray("EUC-JP") << QByteArray() << u"会議"_s;
    QTest::newRow("windows-1251") << QByteArray("windows-1251") << QByteArray() << u"друг"_s;
    QTest::newRow("UTF-16LE") << QByteArray("UTF-16LE") << QByteArray() << u"программу"_s;
    // Shown in another encoding than the file's: the search looks for what is shown.
    QTest::newRow("windows-1251 shown as KOI8-R") << QByteArray("windows-1251") << QByteArray("KOI8-R") << QString();
    QTest::newRow("Shift_JIS shown as EUC-KR (More…)") << QByteArray("Shift_JIS") << QByteArray("EUC-KR") << QString();
}

void TestEncodingController::searchesTheShownText()
{
    QFETCH(QByteArray, written);
    QFETCH(QByteArray, shown);
    QFETCH(QString, pattern);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    // Lines of the texts the encoding can write, in random order, a few hundred of them.
    const bool cyrillicOnly = written == "windows-1251" || written == "KOI8-R";
    const QStringList pool = (cyrillicOnly ? kRussian : kJapanese + kRussian).split(u'\n', Qt::SkipEmptyParts);
    QString text;
    for (int i = 0; i < 300; ++i)
        text += pool.at(random.bounded(int(pool.size()))) + u'\n';
    const QString path = m_dir->filePath(u"search.txt"_s);
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(encodeIn(written, text));
    }

    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    QTRY_VERIFY(window.lineModel()->rowCount() > 0);
    QTRY_VERIFY(window.document()->isIndexComplete());
    if (!shown.isEmpty())
        window.findChild<EncodingController *>()->chooseEncoding(shown);
    const QByteArray name = shown.isEmpty() ? written : shown;
    QCOMPARE(window.document()->encoding().name(), name);

    // What is shown, by a plain decoder; a word of it when none is given.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QStringList lines;
    if (TextEncoding::fromName(name)->isCodec()) { // line by line, as the view reads them
        for (const QByteArray &line : bytes.split('\n'))
            lines << decodeIn(name, line);
    } else {
        lines = decodeIn(name, bytes).split(u'\n');
    }
    QTRY_COMPARE(rows(window), lines.mid(0, lines.size() - 1));
    while (pattern.isEmpty()) { // three characters of a random line, none of them U+FFFD
        const QString line = lines.at(int(random.bounded(int(lines.size() - 1))));
        const QString piece = line.mid(int(random.bounded(int(qMax<qsizetype>(1, line.size() - 3)))), 3);
        if (piece.size() == 3 && !piece.contains(QChar::ReplacementCharacter) && !piece.contains(u' '))
            pattern = piece;
    }
    qsizetype expected = 0;
    for (const QString &line : lines)
        expected += line.contains(pattern) ? 1 : 0;
    QVERIFY(expected > 0);

    SearchBar *bar = window.findChild<SearchController *>()->searchBar();
    bar->activate();
    QSignalSpy finished(bar, &SearchBar::searchFinished);
    // Case-sensitive, as the reference's contains(): a mismatched codec's text holds Latin letters
    // (bytes it cannot pair), and the bar's default ignores case.
    SearchOptions options;
    options.pattern = pattern;
    options.caseSensitive = true;
    bar->setOptions(options);
    QTest::keyClick(bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.last().first().toLongLong() == expected,
             qPrintable(u"seed %1: \"%2\" in %3 of %4 lines, expected %5"_s.arg(seed)
                            .arg(QString::fromLatin1(pattern.toUtf8().toHex(' ')))
                            .arg(finished.last().first().toLongLong())
                            .arg(lines.size() - 1)
                            .arg(expected)));
}

QTEST_MAIN(TestEncodingController)
#include "tst_encodingcontroller.moc"
