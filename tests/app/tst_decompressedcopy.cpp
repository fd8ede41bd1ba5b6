#include "appsettings.h"
#include "decompressedcopycontroller.h"
#include "document.h"
#include "documenttab.h"
#include "fileeditor.h"
#include "linemodel.h"
#include "mainwindow.h"

#include <QAction>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// Compressed files in the real window: File > Save Decompressed Copy As…, edits refused with a
// message that points at it, and a damaged archive shown up to where it stopped.
class TestDecompressedCopy : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void copyIsTheDecompressedText_data();
    void copyIsTheDecompressedText();
    void editsAreRefusedWithTheWayOut();
    void plainFileHasNoCopy();
    void damagedArchiveShowsWhatCameOut_data();
    void damagedArchiveShowsWhatCameOut();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

// `tool -c` of `bytes`, or nullopt when the tool is missing.
std::optional<QByteArray> compress(const QString &tool, const QByteArray &bytes)
{
    if (QStandardPaths::findExecutable(tool).isEmpty())
        return std::nullopt;
    QProcess process;
    process.start(tool, {u"-c"_s});
    if (!process.waitForStarted())
        return std::nullopt;
    process.write(bytes);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000) || process.exitCode() != 0)
        return std::nullopt;
    return process.readAllStandardOutput();
}

// Lines of random words, from a printed seed.
QByteArray randomText(quint32 seed, qint64 bytes)
{
    static const char *const words[] = {"alpha", "beta", "gamma", "delta", "error", "warning", "connection", "42"};
    QRandomGenerator random(seed);
    QByteArray text;
    text.reserve(bytes + 100);
    while (text.size() < bytes) {
        const int count = int(random.bounded(1, 20));
        for (int i = 0; i < count; ++i)
            text.append(words[random.bounded(int(std::size(words)))]).append(' ');
        text.append(QByteArray::number(random.generate64(), 36)).append('\n');
    }
    return text;
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

void TestDecompressedCopy::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the window's cache folder
}

void TestDecompressedCopy::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDecompressedCopy::copyIsTheDecompressedText_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<qint64>("bytes");
    QTest::newRow("gzip, small") << u"gzip"_s << qint64(5000);
    // Several copy chunks, started while decompression still runs.
    QTest::newRow("gzip, 24 MB") << u"gzip"_s << qint64(24) * 1024 * 1024;
    QTest::newRow("xz, 9 MB") << u"xz"_s << qint64(9) * 1024 * 1024;
    QTest::newRow("zstd, 9 MB") << u"zstd"_s << qint64(9) * 1024 * 1024;
    QTest::newRow("bzip2, 3 MB") << u"bzip2"_s << qint64(3) * 1024 * 1024;
}

void TestDecompressedCopy::copyIsTheDecompressedText()
{
    QFETCH(QString, tool);
    QFETCH(qint64, bytes);
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    const QByteArray text = randomText(seed, bytes);
    const std::optional<QByteArray> compressed = compress(tool, text);
    if (!compressed)
        QSKIP("the compressor is missing");
    const QString source = path(u"log.txt.packed"_s); // told by content, not by name
    QVERIFY(write(source, *compressed));

    AppSettings settings(path(u"tome.ini"_s));
    MainWindow window(settings);
    window.openFile(source);
    QTRY_VERIFY(window.document()->state() == Document::State::Open);
    auto *controller = window.findChild<DecompressedCopyController *>();
    QVERIFY(controller);
    QVERIFY(controller->action()->isEnabled());
    QSignalSpy finished(controller, &DecompressedCopyController::copyFinished);
    const QString target = path(u"copy.txt"_s);
    QVERIFY(controller->saveCopy(target));
    QVERIFY(!controller->action()->isEnabled()); // one copy at a time
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY2(readAll(target) == text, qPrintable(u"seed %1"_s.arg(seed)));
    QVERIFY(finished.first().at(1).toString().contains(u"copy.txt"_s));
    QVERIFY(controller->action()->isEnabled());

    // Not over the compressed file itself.
    QVERIFY(!controller->saveCopy(source));
    QCOMPARE(readAll(source), *compressed);
}

void TestDecompressedCopy::editsAreRefusedWithTheWayOut()
{
    const std::optional<QByteArray> compressed = compress(u"gzip"_s, "first line\nsecond line\n");
    if (!compressed)
        QSKIP("no gzip");
    QVERIFY(write(path(u"a.log.gz"_s), *compressed));
    AppSettings settings(path(u"tome.ini"_s));
    MainWindow window(settings);
    window.openFile(path(u"a.log.gz"_s));
    QTRY_COMPARE(window.lineModel()->rowCount(), 2);
    const QString refusal = window.document()->editRefusal();
    QVERIFY2(refusal.contains(u"compressed"_s) && refusal.contains(u"Save Decompressed Copy As"_s), qPrintable(refusal));
    QCOMPARE(window.currentTab()->message(), refusal); // said as it opens
    FileEditor editor(window.document());
    const FileEditor::Result result = editor.replaceLine(0, "changed");
    QCOMPARE(result.status, FileEditor::Status::Refused);
    QCOMPARE(result.message, refusal);
    QCOMPARE(readAll(path(u"a.log.gz"_s)), *compressed);
    // The action it names is there, and on.
    auto *save = window.findChild<QAction *>(u"saveDecompressedCopy"_s);
    QVERIFY(save);
    QVERIFY(save->isEnabled());
    QVERIFY(save->text().contains(u"Save &Decompressed Copy As"_s));
}

void TestDecompressedCopy::plainFileHasNoCopy()
{
    QVERIFY(write(path(u"plain.txt"_s), "just text\n"));
    AppSettings settings(path(u"tome.ini"_s));
    MainWindow window(settings);
    window.openFile(path(u"plain.txt"_s));
    QTRY_COMPARE(window.lineModel()->rowCount(), 1);
    auto *controller = window.findChild<DecompressedCopyController *>();
    QVERIFY(!controller->action()->isEnabled());
    QVERIFY(!controller->saveCopy(path(u"copy.txt"_s)));
    QVERIFY(!QFile::exists(path(u"copy.txt"_s)));
}

void TestDecompressedCopy::damagedArchiveShowsWhatCameOut_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<bool>("truncate");
    QTest::newRow("gzip, truncated") << u"gzip"_s << true;
    QTest::newRow("xz, truncated") << u"xz"_s << true;
    QTest::newRow("bzip2, corrupt") << u"bzip2"_s << false;
    QTest::newRow("zstd, corrupt") << u"zstd"_s << false;
}

void TestDecompressedCopy::damagedArchiveShowsWhatCameOut()
{
    QFETCH(QString, tool);
    QFETCH(bool, truncate);
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    const QByteArray text = randomText(seed, 3 << 20);
    std::optional<QByteArray> compressed = compress(tool, text);
    if (!compressed)
        QSKIP("the compressor is missing");
    const qsizetype at = compressed->size() * 2 / 3;
    if (truncate) {
        compressed->truncate(at);
    } else {
        for (qsizetype i = at; i < at + 64; ++i)
            (*compressed)[i] = char(~compressed->at(i));
    }
    QVERIFY(write(path(u"damaged"_s), *compressed));

    AppSettings settings(path(u"tome.ini"_s));
    MainWindow window(settings);
    window.openFile(path(u"damaged"_s));
    DocumentTab *tab = window.currentTab();
    QTRY_VERIFY_WITH_TIMEOUT(!window.document()->isDecoding(), 60000);
    QTRY_VERIFY2(tab->message().contains(truncate ? u"truncated"_s : u"damaged at compressed byte"_s), qPrintable(tab->message()));
    QCOMPARE(tab->message(), window.document()->decodeError());
    QTRY_VERIFY(window.document()->isIndexComplete());

    // The lines shown are the text's first lines, up to where decompression stopped (a damaged
    // block may give some garbage before its checksum tells).
    const QList<QByteArray> lines = text.split('\n');
    const int rows = window.lineModel()->rowCount();
    QVERIFY(rows > 0);
    QVERIFY(!truncate || rows < lines.size() - 1);
    for (int row : {0, rows / 2, rows - 2}) {
        if (row == 0 || truncate)
            QCOMPARE(window.lineModel()->index(row).data().toString(), QString::fromLatin1(lines.at(row)));
    }

    // The copy holds that text, and says where it stopped.
    auto *controller = window.findChild<DecompressedCopyController *>();
    QSignalSpy finished(controller, &DecompressedCopyController::copyFinished);
    QVERIFY(controller->saveCopy(path(u"copy.txt"_s)));
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.first().at(0).toBool());
    QVERIFY2(finished.first().at(1).toString().contains(window.document()->decodeError()),
             qPrintable(finished.first().at(1).toString()));
    const QByteArray copy = readAll(path(u"copy.txt"_s));
    QCOMPARE(copy.size(), window.document()->size());
    QVERIFY(copy == readAll(window.document()->decodedPath()));
    QVERIFY(!copy.isEmpty() && (!truncate || copy.size() < text.size()));
    QVERIFY2(text.startsWith(truncate ? copy : copy.left(lines.at(0).size())), qPrintable(u"seed %1"_s.arg(seed)));
}

QTEST_MAIN(TestDecompressedCopy)
#include "tst_decompressedcopy.moc"
