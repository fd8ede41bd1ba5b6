#include "document.h"
#include "lineestimate.h"

#include "testfiles.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

// LineEstimate: the lines found around a byte offset past the index are the file's own lines
// (the exact index's spans, compared once the index is complete), numbered from the estimate.
class tst_LineEstimate : public QObject {
    Q_OBJECT
private slots:
    void linesAroundAreTheFilesLines_data();
    void linesAroundAreTheFilesLines();
    void estimatesFromTheBytesPerLine();

private:
    QTemporaryDir m_dir;
};

void tst_LineEstimate::linesAroundAreTheFilesLines_data()
{
    QTest::addColumn<QString>("encoding"); // "", "utf-16le", "utf-16be"
    QTest::addColumn<bool>("crlf");
    QTest::addColumn<int>("maxLine"); // longest line, in characters
    QTest::newRow("short lines") << QString() << false << 40;
    QTest::newRow("crlf") << QString() << true << 40;
    QTest::newRow("lines longer than the reach") << QString() << false << 3000;
    QTest::newRow("utf-16le crlf") << QStringLiteral("utf-16le") << true << 60;
    QTest::newRow("utf-16be") << QStringLiteral("utf-16be") << false << 60;
}

void tst_LineEstimate::linesAroundAreTheFilesLines()
{
    QFETCH(QString, encoding);
    QFETCH(bool, crlf);
    QFETCH(int, maxLine);
    QRandomGenerator random(uint(maxLine * 7 + (crlf ? 1 : 0) + encoding.size()));
    for (int round = 0; round < 20; ++round) {
        QString text;
        const int lines = random.bounded(1, 400);
        for (int i = 0; i < lines; ++i) {
            const int length = random.bounded(maxLine + 1);
            for (int c = 0; c < length; ++c)
                text += random.bounded(10) == 0 ? QChar(u'\u00e9') : QChar(u'a' + random.bounded(26));
            if (i + 1 < lines || random.bounded(2))
                text += crlf ? QStringLiteral("\r\n") : QStringLiteral("\n");
        }
        QByteArray bytes;
        if (encoding.isEmpty()) {
            bytes = text.toUtf8();
        } else {
            const bool le = encoding == u"utf-16le";
            bytes = le ? QByteArray("\xff\xfe") : QByteArray("\xfe\xff");
            for (QChar c : std::as_const(text)) {
                const char hi = char(c.unicode() >> 8), lo = char(c.unicode() & 0xff);
                bytes += le ? QByteArray{lo, hi} : QByteArray{hi, lo};
            }
        }
        const QString path = m_dir.filePath(QStringLiteral("estimate.txt"));
        QVERIFY(TestFiles::write(path, bytes));
        Document document;
        QVERIFY(document.open(path));
        QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
        if (document.lineCount() == 0)
            continue;
        const qint64 start = document.lineIndex()->textStart();
        for (int probe = 0; probe < 30; ++probe) {
            const qint64 byte = start + random.bounded(qMax<qint64>(1, document.size() - start));
            const qint64 reach = random.bounded(1, 600);
            const int maxLines = random.bounded(1, 50);
            const qint64 number = random.bounded(1000000);
            const std::optional<LineEstimate::Island> island =
                LineEstimate::linesAround(document, byte, number, reach, maxLines);
            if (!island)
                continue; // no line ends within reach
            QVERIFY(!island->spans.empty());
            QVERIFY(int(island->spans.size()) <= maxLines);
            QVERIFY(island->anchor >= 0 && island->anchor < int(island->spans.size()));
            const qint64 exactFirst = *document.lineNumberAt(island->spans.front().byteOffset);
            for (size_t i = 0; i < island->spans.size(); ++i) {
                LineSpan found = island->spans[i];
                QCOMPARE(found.lineNumber, island->spans.front().lineNumber + qint64(i));
                found.lineNumber = exactFirst + qint64(i);
                QCOMPARE(found, *document.lineSpan(exactFirst + qint64(i)));
            }
            // The anchor is the line holding the byte, when a whole line holds it; numbered as asked.
            const LineSpan anchor = island->spans[size_t(island->anchor)];
            if (byte >= island->spans.front().byteOffset && byte < island->spans.back().endOffset()) {
                QVERIFY(byte >= anchor.byteOffset && byte < anchor.endOffset());
                QCOMPARE(anchor.lineNumber, qMax<qint64>(number, island->anchor));
            }
        }
    }
}

void tst_LineEstimate::estimatesFromTheBytesPerLine()
{
    const QString path = m_dir.filePath(QStringLiteral("even.txt"));
    QVERIFY(TestFiles::write(path, QByteArray("0123456789\n").repeated(1000)));
    Document document;
    QVERIFY(document.open(path));
    document.waitForIndex();
    QCOMPARE(LineEstimate::bytesPerLine(document), std::optional<double>(11.0));
    QCOMPARE(LineEstimate::totalLines(document), 1000);
    QCOMPARE(LineEstimate::byteOfLine(document, 500), std::optional<qint64>(5500));
    QCOMPARE(LineEstimate::byteOfLine(document, 5000), std::optional<qint64>(document.size() - 1));
    const std::optional<LineEstimate::Island> island = LineEstimate::linesAround(document, 5505, 500, 64, 5);
    QVERIFY(island);
    QCOMPARE(island->spans.size(), size_t(5));
    QCOMPARE(island->spans[size_t(island->anchor)].byteOffset, 5500);
    QCOMPARE(island->spans[size_t(island->anchor)].lineNumber, 500);
}

QTEST_GUILESS_MAIN(tst_LineEstimate)
#include "tst_lineestimate.moc"
