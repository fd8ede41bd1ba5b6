#include "decompressor.h"
#include "document.h"
#include "fileeditor.h"
#include "sourceformat.h"

#include "testfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

// Compressed files against the libraries' own one-shot encoders: the decoded text must be the
// original, byte for byte and line for line; damage keeps what came before it and says where.
class tst_Decompressor : public QObject {
    Q_OBJECT
private slots:
    void init();
    void detectsByContent_data();
    void detectsByContent();
    void unsizedOnlyWhenNoSizeBeforeAndAfterTheRead_data();
    void unsizedOnlyWhenNoSizeBeforeAndAfterTheRead();
    void roundTrip_data();
    void roundTrip();
    void multipleMembers_data();
    void multipleMembers();
    void truncatedKeepsThePrefix_data();
    void truncatedKeepsThePrefix();
    void corruptSaysWhere_data();
    void corruptSaysWhere();
    void documentOpensCompressedFile_data();
    void documentOpensCompressedFile();
    void editsAreRefused();
    void cacheFileGoesWithTheDocument();
    void staleCacheFilesAreRemoved();
    void unsizedFileIsReadNotShownEmpty();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QString cacheDir() const { return m_dir->filePath(QStringLiteral("cache")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

using Kind = SourceFormat::Kind;

QByteArray gzip(const QByteArray &data)
{
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(data.size()))) + 64, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

QByteArray bzip2(const QByteArray &data)
{
    unsigned int size = unsigned(data.size() + data.size() / 100 + 700);
    QByteArray out(int(size), Qt::Uninitialized);
    BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char *>(data.constData()), unsigned(data.size()), 1, 0, 0);
    out.resize(qsizetype(size));
    return out;
}

QByteArray xz(const QByteArray &data)
{
    QByteArray out(int(lzma_stream_buffer_bound(size_t(data.size()))), Qt::Uninitialized);
    size_t pos = 0;
    lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const uint8_t *>(data.constData()),
                            size_t(data.size()), reinterpret_cast<uint8_t *>(out.data()), &pos, size_t(out.size()));
    out.resize(qsizetype(pos));
    return out;
}

QByteArray zstd(const QByteArray &data)
{
    // With a checksum, as the zstd tool writes by default.
    QByteArray out(int(ZSTD_compressBound(size_t(data.size()))), Qt::Uninitialized);
    ZSTD_CCtx *context = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1);
    const size_t n = ZSTD_compress2(context, out.data(), size_t(out.size()), data.constData(), size_t(data.size()));
    ZSTD_freeCCtx(context);
    out.resize(qsizetype(n));
    return out;
}

QByteArray compress(Kind kind, const QByteArray &data)
{
    switch (kind) {
    case Kind::Gzip:
        return gzip(data);
    case Kind::Bzip2:
        return bzip2(data);
    case Kind::Xz:
        return xz(data);
    case Kind::Zstd:
        return zstd(data);
    default:
        return data;
    }
}

// Lines of random length and content (some compressible, some not), from a printed seed.
QByteArray randomText(quint32 seed, qint64 bytes)
{
    QRandomGenerator random(seed);
    QByteArray text;
    text.reserve(bytes + 200);
    while (text.size() < bytes) {
        const int length = int(random.bounded(120));
        const bool noisy = random.bounded(4) == 0;
        for (int i = 0; i < length; ++i)
            text.append(noisy ? char(random.bounded(256)) : char('a' + random.bounded(8)));
        text.append('\n');
    }
    text.resize(bytes);
    return text;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void addKinds()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("gzip") << int(Kind::Gzip);
    QTest::newRow("bzip2") << int(Kind::Bzip2);
    QTest::newRow("xz") << int(Kind::Xz);
    QTest::newRow("zstd") << int(Kind::Zstd);
}

} // namespace

void tst_Decompressor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Decompressor::detectsByContent_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("compressedAs");
    QTest::addColumn<int>("expected");
    QTest::newRow("gzip named .txt") << QStringLiteral("a.txt") << int(Kind::Gzip) << int(Kind::Gzip);
    QTest::newRow("bzip2 named .log") << QStringLiteral("a.log") << int(Kind::Bzip2) << int(Kind::Bzip2);
    QTest::newRow("xz without a name") << QStringLiteral("a") << int(Kind::Xz) << int(Kind::Xz);
    QTest::newRow("zstd named .gz") << QStringLiteral("a.gz") << int(Kind::Zstd) << int(Kind::Zstd);
    QTest::newRow("plain named .gz") << QStringLiteral("b.gz") << int(Kind::Plain) << int(Kind::Plain);
    QTest::newRow("plain named .zst") << QStringLiteral("b.zst") << int(Kind::Plain) << int(Kind::Plain);
}

void tst_Decompressor::detectsByContent()
{
    QFETCH(QString, name);
    QFETCH(int, compressedAs);
    QFETCH(int, expected);
    QVERIFY(TestFiles::write(path(name), compress(Kind(compressedAs), "some text\nmore text\n")));
    QCOMPARE(int(SourceFormat::detect(path(name))), expected);
    QVERIFY(TestFiles::write(path(QStringLiteral("empty")), QByteArray()));
    QCOMPARE(SourceFormat::detect(path(QStringLiteral("empty"))), Kind::Plain);
}

void tst_Decompressor::unsizedOnlyWhenNoSizeBeforeAndAfterTheRead_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("sizeBefore");
    QTest::addColumn<qint64>("sizeAfter");
    QTest::addColumn<int>("expected");
    QTest::newRow("procfs: no size, bytes") << QByteArray("x") << 0ll << 0ll << int(Kind::Unsized);
    QTest::newRow("empty") << QByteArray() << 0ll << 0ll << int(Kind::Plain);
    QTest::newRow("emptied, then written while read") << QByteArray("line 1\n") << 0ll << 7ll << int(Kind::Plain);
    QTest::newRow("emptied after the size was read") << QByteArray("line") << 12ll << 0ll << int(Kind::Plain);
    QTest::newRow("gzip written into an emptied file")
        << QByteArray("\x1f\x8b\x08\0", 4) << 0ll << 40ll << int(Kind::Gzip);
}

void tst_Decompressor::unsizedOnlyWhenNoSizeBeforeAndAfterTheRead()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, sizeBefore);
    QFETCH(qint64, sizeAfter);
    QFETCH(int, expected);
    QCOMPARE(int(SourceFormat::fromHeader(header, sizeBefore, sizeAfter)), expected);
}

void tst_Decompressor::roundTrip_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("bytes");
    const std::pair<const char *, Kind> kinds[] = {
        {"gzip", Kind::Gzip}, {"bzip2", Kind::Bzip2}, {"xz", Kind::Xz}, {"zstd", Kind::Zstd}};
    for (const auto &[name, kind] : kinds) {
        QTest::addRow("%s empty", name) << int(kind) << qint64(0);
        QTest::addRow("%s small", name) << int(kind) << qint64(1000);
        QTest::addRow("%s 3 MiB", name) << int(kind) << qint64(3 << 20);
    }
}

void tst_Decompressor::roundTrip()
{
    QFETCH(int, kind);
    QFETCH(qint64, bytes);
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    const QByteArray text = randomText(seed, bytes);
    QVERIFY(TestFiles::write(path(QStringLiteral("in")), compress(Kind(kind), text)));
    Decompressor decompressor;
    QSignalSpy finished(&decompressor, &Decompressor::finished);
    QVERIFY(decompressor.start(path(QStringLiteral("in")), Kind(kind), path(QStringLiteral("out"))));
    QCOMPARE(decompressor.waitForFinished(), Decompressor::Status::Complete);
    QVERIFY(decompressor.errorString().isEmpty());
    QCOMPARE(decompressor.outputBytes(), text.size());
    QVERIFY(readAll(path(QStringLiteral("out"))) == text);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(0).value<Decompressor::Status>(), Decompressor::Status::Complete);
}

void tst_Decompressor::multipleMembers_data()
{
    addKinds();
}

void tst_Decompressor::multipleMembers()
{
    QFETCH(int, kind);
    // `cat a.gz b.gz > c.gz` and friends: zcat prints both.
    const QByteArray first = randomText(1, 200000), second = randomText(2, 300000);
    QVERIFY(TestFiles::write(path(QStringLiteral("in")), compress(Kind(kind), first) + compress(Kind(kind), second)));
    Decompressor decompressor;
    QVERIFY(decompressor.start(path(QStringLiteral("in")), Kind(kind), path(QStringLiteral("out"))));
    QCOMPARE(decompressor.waitForFinished(), Decompressor::Status::Complete);
    QVERIFY(readAll(path(QStringLiteral("out"))) == first + second);
}

void tst_Decompressor::truncatedKeepsThePrefix_data()
{
    addKinds();
}

void tst_Decompressor::truncatedKeepsThePrefix()
{
    QFETCH(int, kind);
    const QByteArray text = randomText(7, 2 << 20);
    const QByteArray whole = compress(Kind(kind), text);
    QVERIFY(TestFiles::write(path(QStringLiteral("in")), whole.left(whole.size() * 2 / 3)));
    Decompressor decompressor;
    QVERIFY(decompressor.start(path(QStringLiteral("in")), Kind(kind), path(QStringLiteral("out"))));
    QCOMPARE(decompressor.waitForFinished(), Decompressor::Status::Truncated);
    const QByteArray out = readAll(path(QStringLiteral("out")));
    QVERIFY(out.size() > 0);
    QVERIFY(out.size() < text.size());
    QVERIFY(text.startsWith(out));
    QVERIFY2(decompressor.errorString().contains(QStringLiteral("truncated")), qPrintable(decompressor.errorString()));
}

void tst_Decompressor::corruptSaysWhere_data()
{
    addKinds();
}

void tst_Decompressor::corruptSaysWhere()
{
    QFETCH(int, kind);
    const QByteArray text = randomText(9, 2 << 20);
    QByteArray damaged = compress(Kind(kind), text);
    const qsizetype at = damaged.size() / 2;
    for (qsizetype i = at; i < at + 64; ++i)
        damaged[i] = char(~damaged.at(i));
    QVERIFY(TestFiles::write(path(QStringLiteral("in")), damaged));
    Decompressor decompressor;
    QVERIFY(decompressor.start(path(QStringLiteral("in")), Kind(kind), path(QStringLiteral("out"))));
    QCOMPARE(decompressor.waitForFinished(), Decompressor::Status::Corrupt);
    QVERIFY2(decompressor.errorString().contains(QStringLiteral("damaged at compressed byte")),
             qPrintable(decompressor.errorString()));
    const QByteArray out = readAll(path(QStringLiteral("out")));
    QCOMPARE(decompressor.outputBytes(), out.size()); // gzip finds damage by its checksum, at the end
}

void tst_Decompressor::documentOpensCompressedFile_data()
{
    addKinds();
}

void tst_Decompressor::documentOpensCompressedFile()
{
    QFETCH(int, kind);
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QByteArray text = randomText(seed, 3 << 20);
    text.replace('\r', 'x');
    QVERIFY(TestFiles::write(path(QStringLiteral("log.gz")), compress(Kind(kind), text)));
    Document document;
    document.setCacheDirectory(cacheDir());
    QSignalSpy decoded(&document, &Document::decodeFinished);
    QVERIFY(document.open(path(QStringLiteral("log.gz"))));
    QCOMPARE(document.path(), path(QStringLiteral("log.gz")));
    QCOMPARE(int(document.sourceFormat()), kind);
    QVERIFY(document.size() >= qMin<qint64>(text.size(), Decompressor::kBufferSize)); // the first screen is there
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QVERIFY(document.isIndexComplete());
    QCOMPARE(document.size(), text.size());
    const QList<QByteArray> lines = text.split('\n');
    const qint64 expectedLines = text.endsWith('\n') ? lines.size() - 1 : lines.size();
    QCOMPARE(document.lineCount(), expectedLines);
    for (qint64 n : {qint64(0), expectedLines / 2, expectedLines - 1}) {
        const std::optional<LineSpan> span = document.lineSpan(n);
        QVERIFY(span);
        QCOMPARE(document.readBytes(span->byteOffset, span->textLength).value_or(QByteArray()), lines.at(n));
    }
    QVERIFY(decoded.count() == 1 || decoded.wait(5000));
    QCOMPARE(decoded.first().at(0).toBool(), true);
}

void tst_Decompressor::editsAreRefused()
{
    const QByteArray compressed = gzip("first line\nsecond line\n");
    QVERIFY(TestFiles::write(path(QStringLiteral("a.gz")), compressed));
    Document document;
    document.setCacheDirectory(cacheDir());
    QVERIFY(document.open(path(QStringLiteral("a.gz"))));
    document.waitForIndex();
    QVERIFY2(document.editRefusal().contains(QStringLiteral("compressed")), qPrintable(document.editRefusal()));
    FileEditor editor(&document);
    const FileEditor::Result result = editor.replaceLine(0, "XY");
    QCOMPARE(result.status, FileEditor::Status::Refused);
    QCOMPARE(result.message, document.editRefusal());
    QCOMPARE(readAll(path(QStringLiteral("a.gz"))), compressed);
    QCOMPARE(readAll(document.decodedPath()), QByteArray("first line\nsecond line\n"));
}

void tst_Decompressor::cacheFileGoesWithTheDocument()
{
    QVERIFY(TestFiles::write(path(QStringLiteral("a.zst")), zstd(randomText(3, 100000))));
    QString cacheFile;
    {
        Document document;
        document.setCacheDirectory(cacheDir());
        QVERIFY(document.open(path(QStringLiteral("a.zst"))));
        cacheFile = document.decodedPath();
        QVERIFY(QFileInfo(cacheFile).absolutePath() == QFileInfo(cacheDir()).absoluteFilePath());
        QVERIFY(QFile::exists(cacheFile));
        document.close();
        QVERIFY(!QFile::exists(cacheFile));
        QVERIFY(document.open(path(QStringLiteral("a.zst"))));
        cacheFile = document.decodedPath();
        QVERIFY(QFile::exists(cacheFile));
    }
    QVERIFY(!QFile::exists(cacheFile)); // the destructor too
}

void tst_Decompressor::staleCacheFilesAreRemoved()
{
    QDir().mkpath(cacheDir());
    const QString ours = Decompressor::cacheFileFor(cacheDir(), QStringLiteral("x.log.gz"));
    QVERIFY(QFileInfo(ours).fileName().endsWith(QStringLiteral("x.log")));
    const QString stale = QDir(cacheDir()).filePath(QStringLiteral("tome-2147483646-1-old.log"));
    const QString other = QDir(cacheDir()).filePath(QStringLiteral("notes.txt"));
    for (const QString &file : {ours, stale, other})
        QVERIFY(TestFiles::write(file, "x"));
    Decompressor::removeStaleCacheFiles(cacheDir());
    QVERIFY(QFile::exists(ours));
    QVERIFY(!QFile::exists(stale));
    QVERIFY(QFile::exists(other));
}

void tst_Decompressor::unsizedFileIsReadNotShownEmpty()
{
#if defined(Q_OS_LINUX)
    const QString maps = QStringLiteral("/proc/self/maps");
    QCOMPARE(QFileInfo(maps).size(), 0);
    QCOMPARE(SourceFormat::detect(maps), Kind::Unsized);
    Document document;
    document.setCacheDirectory(cacheDir());
    QVERIFY(document.open(maps));
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QVERIFY(document.size() > 0);
    QVERIFY(document.lineCount() > 3);
    const std::optional<LineSpan> first = document.lineSpan(0);
    QVERIFY(first);
    QVERIFY(document.readBytes(first->byteOffset, first->textLength).value_or(QByteArray()).contains('-'));
    QVERIFY2(document.editRefusal().contains(QStringLiteral("not a regular file")), qPrintable(document.editRefusal()));
    FileEditor editor(&document);
    const FileEditor::Result result = editor.replaceLine(0, "XY");
    QCOMPARE(result.status, FileEditor::Status::Refused);
    QVERIFY2(result.message.contains(QStringLiteral("cannot be edited")), qPrintable(result.message));
#else
    QSKIP("procfs is Linux only");
#endif
}

QTEST_GUILESS_MAIN(tst_Decompressor)
#include "tst_decompressor.moc"
