#include "codecreader.h"
#include "encodingtexts.h"
#include "searchmatcher.h"

#include <QRegularExpression>
#include <QStringEncoder>
#include <QTest>

using namespace Qt::StringLiterals;

// SearchMatcher on text in codecs (see TextEncoding): matching lines and matches within a line,
// against a reference that decodes each line and searches the text with Qt.
namespace {

struct FileLine {
    qint64 start = 0;
    QByteArray bytes;
    QString text;
    QList<qint64> charStarts; // byte (in the line) of each UTF-16 unit, then the end
};

QList<FileLine> splitLines(TextEncoding encoding, const QByteArray &file)
{
    QList<FileLine> lines;
    qint64 start = 0;
    while (start < file.size()) {
        qint64 end = file.indexOf('\n', start);
        if (end < 0)
            end = file.size();
        FileLine line;
        line.start = start;
        line.bytes = file.mid(start, end - start);
        CodecReader reader(encoding, line.bytes, true);
        while (const std::optional<CodecReader::Char> c = reader.next()) {
            const QString unit = QString::fromUcs4(&c->code, 1);
            line.text += unit;
            for (qsizetype i = 0; i < unit.size(); ++i)
                line.charStarts.append(c->byte);
        }
        line.charStarts.append(line.bytes.size());
        lines.append(line);
        start = end + 1;
    }
    return lines;
}

QRegularExpression referenceExpression(const SearchOptions &options)
{
    QString pattern = options.regex ? options.pattern : QRegularExpression::escape(options.pattern);
    if (options.wholeWord)
        pattern = u"(?<!\\w)(?:"_s + pattern + u")(?!\\w)"_s;
    QRegularExpression::PatternOptions flags = QRegularExpression::UseUnicodePropertiesOption;
    if (!options.caseSensitive)
        flags |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(pattern, flags);
}

QList<SearchMatcher::Span> referenceSpans(const FileLine &line, const QRegularExpression &expression)
{
    QList<SearchMatcher::Span> spans;
    auto it = expression.globalMatch(line.text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const qint64 start = line.charStarts.at(match.capturedStart());
        const qint64 end = line.charStarts.at(match.capturedEnd());
        spans.append({start, end - start});
    }
    return spans;
}

QList<qint64> scanAll(const SearchMatcher &matcher, const QByteArray &file)
{
    const auto *data = reinterpret_cast<const uchar *>(file.constData());
    SearchMatcher::ScratchPtr scratch = matcher.makeScratch();
    QList<qint64> found;
    qint64 from = 0;
    qint64 out[3];
    while (from < file.size()) {
        qint64 resume = file.size();
        const int n = matcher.scanLines(data, from, file.size(), *scratch, out, 3, &resume);
        for (int i = 0; i < n; ++i)
            found.append(out[i]);
        if (resume <= from && n == 0)
            break;
        from = resume;
    }
    return found;
}

// A character whose bytes are the last byte of one character of `text` and the first of the
// next: a search for it must not find those two.
std::optional<QString> straddler(const char *name, const QString &text)
{
    const TextEncoding encoding = *TextEncoding::fromName(name);
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        const std::optional<QByteArray> a = CodecReader::encode(encoding, text.mid(i, 1));
        const std::optional<QByteArray> b = CodecReader::encode(encoding, text.mid(i + 1, 1));
        if (!a || !b || a->size() < 2 || b->size() < 2)
            continue;
        const QByteArray across = a->right(1) + b->left(1);
        const QString z = CodecReader::decodeLine(encoding, across);
        if (z.size() == 1 && !z.at(0).isSurrogate() && z.at(0) != QChar(0xFFFD) && CodecReader::encode(encoding, z) == across)
            return z;
    }
    return std::nullopt;
}

} // namespace

class TestCodecSearch : public QObject {
    Q_OBJECT
private slots:
    void matchesLikeReference_data();
    void matchesLikeReference();
    void noMatchAcrossCharacters_data();
    void noMatchAcrossCharacters();
};

void TestCodecSearch::matchesLikeReference_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    const QString japanese = EncodingTexts::japanese() + u"パス C:\\表示\\ログ 表\n"_s;
    // Shift_JIS has a yen sign where ASCII has a backslash (0x5C, also the second byte of 表 and ソ).
    const QString yen = EncodingTexts::japanese() + u"パス C:¥表示¥ログ ソフト 表 ‾\n"_s;
    const QString russian = EncodingTexts::russian() + u"ЖУРНАЛ ошибок: журнал\n"_s;
    const QString big5 = EncodingTexts::traditionalChinese() + u"成功\\功能 path\\x\n"_s;
    QTest::newRow("Shift_JIS literal") << QByteArray("Shift_JIS") << yen << u"ログ"_s << false << true << false;
    QTest::newRow("Shift_JIS yen (also a trail byte)") << QByteArray("Shift_JIS") << yen << u"¥"_s << false << true << false;
    QTest::newRow("Shift_JIS no backslash") << QByteArray("Shift_JIS") << yen << u"\\"_s << false << true << false;
    QTest::newRow("Shift_JIS overline regex") << QByteArray("Shift_JIS") << yen << u"表 ‾$"_s << true << true << false;
    QTest::newRow("Shift_JIS wave dash") << QByteArray("Shift_JIS") << yen << u"〜"_s << false << true << false;
    QTest::newRow("Shift_JIS regex") << QByteArray("Shift_JIS") << yen << u"東京.*早い"_s << true << true << false;
    QTest::newRow("Shift_JIS caseless") << QByteArray("Shift_JIS") << yen << u"c:¥"_s << false << false << false;
    QTest::newRow("EUC-JP literal") << QByteArray("EUC-JP") << japanese << u"会議"_s << false << true << false;
    QTest::newRow("Big5 backslash") << QByteArray("Big5") << big5 << u"\\"_s << false << true << false;
    QTest::newRow("Big5 literal") << QByteArray("Big5") << big5 << u"圖書館"_s << false << true << false;
    QTest::newRow("GB18030 literal") << QByteArray("GB18030") << EncodingTexts::simplifiedChinese() << u"朋友"_s
                                     << false << true << false;
    QTest::newRow("EUC-KR regex") << QByteArray("EUC-KR") << EncodingTexts::korean() << u"공원\\S*"_s << true << true << false;
    QTest::newRow("windows-1251 caseless") << QByteArray("windows-1251") << russian << u"журнал"_s << false << false << false;
    QTest::newRow("windows-1251 word") << QByteArray("windows-1251") << russian << u"парк"_s << false << true << true;
    QTest::newRow("KOI8-R regex caseless") << QByteArray("KOI8-R") << russian << u"ПАРК\\w"_s << true << false << false;
    QTest::newRow("windows-1252 euro") << QByteArray("windows-1252") << EncodingTexts::french() << u"30 €"_s << false << true << false;
    QTest::newRow("ISO-2022-JP literal") << QByteArray("ISO-2022-JP") << japanese << u"会議"_s << false << true << false;
    QTest::newRow("not in the codec") << QByteArray("KOI8-R") << russian << u"café"_s << false << true << false;
}

void TestCodecSearch::matchesLikeReference()
{
    QFETCH(QByteArray, name);
    QFETCH(QString, text);
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    const TextEncoding encoding = *TextEncoding::fromName(name);
    QByteArray file;
    for (const QString &line : text.split(u'\n')) {
        if (!file.isEmpty() || !line.isEmpty())
            file += CodecReader::encode(encoding, line).value_or(QByteArray()) + '\n';
    }
    SearchOptions options;
    options.pattern = pattern;
    options.regex = regex;
    options.caseSensitive = caseSensitive;
    options.wholeWord = wholeWord;
    options.encoding = encoding;
    QString error;
    const std::shared_ptr<const SearchMatcher> matcher = SearchMatcher::compile(options, &error, file);
    QVERIFY2(matcher, qPrintable(error));

    const QRegularExpression expression = referenceExpression(options);
    QVERIFY(expression.isValid());
    QList<qint64> expectedLines;
    for (const FileLine &line : splitLines(encoding, file)) {
        const QList<SearchMatcher::Span> expected = referenceSpans(line, expression);
        if (!expected.isEmpty())
            expectedLines.append(line.start);
        QCOMPARE(matcher->matchesInLine(line.bytes, 1000, line.start), expected);
    }
    QCOMPARE(scanAll(*matcher, file), expectedLines);
    const bool absent = pattern.contains(u"é"_s) || (name == "Shift_JIS" && pattern == u"\\"_s);
    if (!absent)
        QVERIFY2(!expectedLines.isEmpty(), "the reference should find something");
}

void TestCodecSearch::noMatchAcrossCharacters_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("text");
    QTest::newRow("Shift_JIS") << QByteArray("Shift_JIS") << EncodingTexts::japanese();
    QTest::newRow("EUC-JP") << QByteArray("EUC-JP") << EncodingTexts::japanese();
    QTest::newRow("Big5") << QByteArray("Big5") << EncodingTexts::traditionalChinese();
    QTest::newRow("GB18030") << QByteArray("GB18030") << EncodingTexts::simplifiedChinese();
    QTest::newRow("EUC-KR") << QByteArray("EUC-KR") << EncodingTexts::korean();
}

void TestCodecSearch::noMatchAcrossCharacters()
{
    QFETCH(QByteArray, name);
    QFETCH(QString, text);
    const TextEncoding encoding = *TextEncoding::fromName(name);
    const std::optional<QString> z = straddler(name.constData(), text);
    if (!z)
        QSKIP("no character of this codec straddles two of the text");
    const QByteArray file = *CodecReader::encode(encoding, text);
    QVERIFY(file.contains(*CodecReader::encode(encoding, *z))); // the bytes are there
    SearchOptions options;
    options.pattern = *z;
    options.encoding = encoding;
    const std::shared_ptr<const SearchMatcher> matcher = SearchMatcher::compile(options, nullptr, file);
    QVERIFY(matcher);
    const QList<qint64> found = scanAll(*matcher, file);
    for (const qint64 start : found) { // only lines that hold the character itself
        const qint64 end = file.indexOf('\n', start);
        QVERIFY(CodecReader::decodeLine(encoding, file.mid(start, end - start)).contains(*z));
    }
    if (!text.contains(*z))
        QVERIFY(found.isEmpty());
}

QTEST_GUILESS_MAIN(TestCodecSearch)
#include "tst_codecsearch.moc"
