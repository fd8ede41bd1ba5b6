#include "codecreader.h"

#include <QStringEncoder>

#include <algorithm>
#include <map>
#include <memory>

namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kSubstitute = 0x1A;

} // namespace

CodecReader::CodecReader(TextEncoding encoding, QByteArrayView bytes, bool whole)
    : m_encoding(encoding)
    , m_bytes(bytes)
    , m_whole(whole)
    , m_overrides(!encoding.overrides().isEmpty())
{
    if (!encoding.isSingleByte() && encoding.codecName())
        m_decoder.emplace(encoding.codecName());
}

std::optional<CodecReader::Char> CodecReader::next()
{
    if (m_taken < m_queued)
        return m_queue[size_t(m_taken++)];
    m_queued = m_taken = 0;
    if (!readMore())
        return std::nullopt;
    return m_queue[size_t(m_taken++)];
}

// Fills the queue with the character(s) the next bytes make; false at the end.
bool CodecReader::readMore()
{
    const auto *bytes = reinterpret_cast<const uchar *>(m_bytes.data());
    const qsizetype n = m_bytes.size();
    if (!m_decoder) { // single-byte (or an encoding that is not a codec: bytes as Latin-1)
        if (m_pos >= n)
            return false;
        m_queue[0] = Char{m_pos, 1, m_encoding.byteChar(bytes[m_pos])};
        m_queued = 1;
        m_start = ++m_pos;
        return true;
    }
    const bool stable = m_encoding.hasStableBytes();
    while (m_pos < n) {
        const uchar byte = bytes[m_pos];
        if (m_start == m_pos && stable && byte < 0x80) {
            char32_t code = byte;
            // The only ASCII bytes an override names (Shift_JIS's yen sign and overline).
            if (m_overrides && (byte == '\\' || byte == '~'))
                code = m_encoding.overrideFor(m_bytes.sliced(m_pos, 1)).value_or(code);
            m_queue[0] = Char{m_pos, 1, code};
            m_queued = 1;
            m_start = ++m_pos;
            return true;
        }
        std::array<QChar, 16> out;
        const QChar *end = m_decoder->appendToBuffer(out.data(), QByteArrayView(m_bytes.data() + m_pos, 1));
        ++m_pos;
        if (end == out.data())
            continue; // waits for more bytes (or only switched state)
        std::array<char32_t, 16> codes{};
        int count = 0;
        for (const QChar *p = out.data(); p < end && count < int(codes.size()); ++p) {
            if (p->isHighSurrogate() && p + 1 < end && (p + 1)->isLowSurrogate()) {
                codes[size_t(count++)] = QChar::surrogateToUcs4(*p, *(p + 1));
                ++p;
            } else {
                codes[size_t(count++)] = p->isSurrogate() ? kReplacement : p->unicode();
            }
        }
        // The last character ends at this byte; the ones before it take one earlier byte each,
        // the first of them what is left over.
        const qsizetype current = m_pos - 1;
        qsizetype at = m_start;
        const qsizetype before = current - m_start;
        for (int i = 0; i < count; ++i) {
            qsizetype length = 0;
            if (i == count - 1)
                length = m_pos - at;
            else if (at < current)
                length = i == 0 ? qMax<qsizetype>(1, before - (count - 2)) : 1;
            length = qMin(length, m_pos - at);
            char32_t code = codes[size_t(i)];
            if (code == kSubstitute && (length != 1 || bytes[at] >= 0x80))
                code = kReplacement;
            if (m_overrides && length > 1) {
                if (const std::optional<char32_t> overridden = m_encoding.overrideFor(m_bytes.sliced(at, length)))
                    code = *overridden;
            }
            m_queue[size_t(i)] = Char{at, length, code};
            at += length;
        }
        m_queued = count;
        m_start = m_pos;
        return true;
    }
    if (m_start >= n || m_tailRead)
        return false;
    if (!m_whole) {
        m_cut = true;
        return false;
    }
    // An unfinished sequence at the end of the line, or (a codec with shift states) bytes that
    // only switch state.
    m_tailRead = true;
    QStringDecoder tail(m_encoding.codecName(), QStringDecoder::Flag::Stateless);
    const QString text = tail.decode(m_bytes.sliced(m_start));
    if (text.isEmpty() && !m_encoding.hasStableBytes())
        return false;
    m_queue[0] = Char{m_start, n - m_start, kReplacement};
    m_queued = 1;
    m_start = n;
    return true;
}

QString CodecReader::decodeLine(TextEncoding encoding, QByteArrayView bytes)
{
    if (encoding.isSingleByte()) {
        QString text(bytes.size(), Qt::Uninitialized);
        QChar *out = text.data();
        for (const char c : bytes)
            *out++ = QChar(char16_t(encoding.byteChar(uchar(c))));
        return text;
    }
    const char *name = encoding.codecName();
    if (!name)
        return QString::fromLatin1(bytes);
    thread_local std::map<const char *, std::unique_ptr<QStringDecoder>> decoders;
    std::unique_ptr<QStringDecoder> &decoder = decoders[name];
    if (!decoder)
        decoder = std::make_unique<QStringDecoder>(name, QStringDecoder::Flag::Stateless);
    QString text = decoder->decode(bytes);
    // ICU gives some codecs' invalid sequences as U+001A: unless the line has control bytes
    // (one of which may be a real U+001A), that is what it is.
    if (text.contains(QChar(kSubstitute))
        && std::none_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x20 && c != '\t' && c != '\r'; }))
        text.replace(QChar(kSubstitute), QChar(kReplacement));
    // Characters an override may change: read the line character by character instead.
    for (const TextEncoding::Override &o : encoding.overrides()) {
        const bool suspect = o.icu ? text.contains(QChar(char16_t(o.icu)))
                                   : text.contains(QChar(kReplacement)) || text.contains(QChar(kSubstitute));
        if (!suspect)
            continue;
        QString exact;
        CodecReader reader(encoding, bytes, true);
        while (const std::optional<Char> c = reader.next()) {
            if (QChar::requiresSurrogates(c->code)) {
                exact += QChar(QChar::highSurrogate(c->code));
                exact += QChar(QChar::lowSurrogate(c->code));
            } else {
                exact += QChar(char16_t(c->code));
            }
        }
        return exact;
    }
    return text;
}

std::optional<QByteArray> CodecReader::encode(TextEncoding encoding, const QString &text)
{
    const char *name = encoding.codecName();
    if (!name)
        return std::nullopt;
    const QList<TextEncoding::Override> overrides = encoding.overrides();
    QByteArray out;
    QString run; // characters ICU writes
    const auto flush = [&] {
        if (run.isEmpty())
            return true;
        QStringEncoder encoder(name, QStringEncoder::Flag::Stateless);
        out += QByteArray(encoder.encode(run));
        run.clear();
        return !encoder.hasError();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t unit = text.at(i).unicode();
        const auto it = std::find_if(overrides.begin(), overrides.end(),
                                     [unit](const TextEncoding::Override &o) { return o.code == unit; });
        if (it == overrides.end()) {
            run += text.at(i);
            continue;
        }
        if (!flush())
            return std::nullopt;
        out += it->bytes.toByteArray();
    }
    if (!flush() || decodeLine(encoding, out) != text)
        return std::nullopt;
    return out;
}
