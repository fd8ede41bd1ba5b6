#include "textencoding.h"

#include <QCoreApplication>
#include <QMutex>
#include <QStringDecoder>
#include <QStringEncoder>

#include <array>
#include <map>
#include <memory>

using namespace Qt::StringLiterals;

struct TextEncoding::CodecInfo {
    QByteArray name;
    bool singleByte = false;
    bool stableBytes = false;
    int maxCharBytes = 4;
    std::array<char32_t, 256> byteChars{}; // single-byte codecs only
    QList<TextEncoding::Override> overrides;
};

namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kSubstitute = 0x1A; // what ICU gives some codecs' invalid bytes

QByteArray asciiBytes()
{
    QByteArray bytes("\t\n\r");
    for (char c = 0x20; c < 0x7f; ++c)
        bytes.append(c);
    return bytes;
}

// Characters from many scripts (and one past the BMP) to learn a codec's sequences from.
QString probeText()
{
    return u"a\u00e9\u00fc\u00df\u0416\u0451\u03a9\u05d0\u0627\u0e01\u3042\u30a2\u65e5\u672c\u8a9e\u4e2d"
           u"\u6587\u7e41\ud55c\uad6d\u20ac\u2019\U0001F600\U00020000"_s;
}

QList<TextEncoding::Override> overridesOf(const QByteArray &canonicalName)
{
    using O = TextEncoding::Override;
    if (canonicalName == "Shift_JIS") // its single bytes are JIS X 0201: 0x5C is ¥, 0x7E is ‾
        return {O{"\x5C", 0x5C, 0x00A5},         O{"\x7E", 0x7E, 0x203E},         O{"\x81\x60", 0xFF5E, 0x301C},
                O{"\x81\x61", 0x2225, 0x2016}, O{"\x81\x7C", 0xFF0D, 0x2212}, O{"\x81\x91", 0xFFE0, 0x00A2}, O{"\x81\x92", 0xFFE1, 0x00A3}, O{"\x81\xCA", 0xFFE2, 0x00AC}};
    if (canonicalName == "EUC-JP")
        return {O{"\xA1\xC1", 0xFF5E, 0x301C}, O{"\xA1\xC2", 0x2225, 0x2016}, O{"\xA1\xDD", 0xFF0D, 0x2212},
                O{"\xA1\xF1", 0xFFE0, 0x00A2}, O{"\xA1\xF2", 0xFFE1, 0x00A3}, O{"\xA2\xCC", 0xFFE2, 0x00AC}};
    if (canonicalName == "EUC-KR")
        return {O{"\xA2\xE6", 0, 0x20AC}, O{"\xA2\xE7", 0, 0x00AE}, O{"\xA2\xE8", 0, 0x327E}};
    return {};
}

QMutex &registryMutex()
{
    static QMutex mutex;
    return mutex;
}

} // namespace

const TextEncoding::CodecInfo *TextEncoding::codecFor(const QByteArray &canonicalName, QString *error)
{
    // Canonical name -> what is known of it. Entries are never removed: encodings point at them.
    static std::map<QByteArray, std::unique_ptr<CodecInfo>> registry;
    QMutexLocker lock(&registryMutex());
    auto *codecs = &registry;
    if (const auto it = codecs->find(canonicalName); it != codecs->end())
        return it->second.get();

    const char *name = canonicalName.constData();
    const QByteArray ascii = asciiBytes();
    QStringEncoder asciiEncoder(name, QStringEncoder::Flag::Stateless);
    QStringDecoder asciiDecoder(name, QStringDecoder::Flag::Stateless);
    const QByteArray encodedAscii = asciiEncoder.encode(QString::fromLatin1(ascii));
    const QString decodedAscii = asciiDecoder.decode(ascii);
    if (!asciiEncoder.isValid() || encodedAscii != ascii || decodedAscii != QString::fromLatin1(ascii)) {
        if (error)
            *error = QCoreApplication::translate("TextEncoding",
                                                 "Tome reads UTF-16 and encodings that write ASCII characters as "
                                                 "ASCII bytes; %1 does not.")
                         .arg(QString::fromLatin1(canonicalName));
        return nullptr;
    }

    auto codec = std::make_unique<CodecInfo>();
    codec->name = canonicalName;
    codec->overrides = overridesOf(canonicalName);
    // Single-byte: no byte waits for another (a lead byte, an escape) before it is a character.
    codec->singleByte = true;
    QStringDecoder byteDecoder(name);
    for (int byte = 0; byte < 256 && codec->singleByte; ++byte) {
        const char raw = char(byte);
        const QString out = byteDecoder.decode(QByteArrayView(&raw, 1));
        if (out.size() != 1 || out.at(0).isSurrogate()) {
            codec->singleByte = false;
            break;
        }
        char32_t c = out.at(0).unicode();
        if (c == kSubstitute && byte != 0x1a)
            c = kReplacement;
        codec->byteChars[size_t(byte)] = c;
    }
    // Stable bytes: the probe's characters are the same bytes alone as together.
    QByteArray apart;
    QString together;
    const QString probe = probeText();
    for (qsizetype i = 0; i < probe.size(); ++i) {
        const qsizetype length = probe.at(i).isHighSurrogate() ? 2 : 1;
        const QString c = probe.mid(i, length);
        i += length - 1;
        QStringEncoder one(name, QStringEncoder::Flag::Stateless);
        const QByteArray bytes = one.encode(c);
        if (one.hasError() || bytes.isEmpty())
            continue;
        QStringDecoder back(name, QStringDecoder::Flag::Stateless);
        if (QString(back.decode(bytes)) != c)
            continue; // a fallback mapping: not this codec's own character
        apart += bytes;
        together += c;
        codec->maxCharBytes = qMax(codec->maxCharBytes, int(bytes.size()));
    }
    QStringEncoder all(name, QStringEncoder::Flag::Stateless);
    codec->stableBytes = codec->singleByte || QByteArray(all.encode(together + u"a"_s)) == apart + "a";
    if (codec->singleByte)
        codec->maxCharBytes = 1;
    else if (!codec->stableBytes)
        codec->maxCharBytes = qMax(codec->maxCharBytes, 8); // escape sequences between characters
    const CodecInfo *result = codec.get();
    codecs->emplace(canonicalName, std::move(codec));
    return result;
}

std::optional<TextEncoding> TextEncoding::fromName(QByteArrayView name, QString *error)
{
    const QByteArray requested = name.toByteArray().trimmed();
    QStringDecoder decoder(requested.constData());
    if (requested.isEmpty() || !decoder.isValid()) {
        if (error)
            *error = QCoreApplication::translate("TextEncoding", "\"%1\" is not an encoding this Qt knows.")
                         .arg(QString::fromLatin1(requested));
        return std::nullopt;
    }
    // ICU's standard name; a converter without one keeps the name it was asked by.
    const QByteArray canonical = decoder.name() ? QByteArray(decoder.name()) : requested;
    const QByteArray upper = canonical.toUpper();
    if (upper == "UTF-8")
        return Utf8;
    if (upper == "ISO-8859-1")
        return Latin1;
    if (upper == "UTF-16LE")
        return Utf16LE;
    if (upper == "UTF-16BE")
        return Utf16BE;
    const CodecInfo *codec = codecFor(canonical, error);
    if (!codec)
        return std::nullopt;
    return TextEncoding(Kind::Codec, codec);
}

QStringList TextEncoding::availableNames()
{
    return QStringDecoder::availableCodecs();
}

QByteArray TextEncoding::name() const
{
    switch (m_kind) {
    case Kind::Utf8:
        return QByteArrayLiteral("UTF-8");
    case Kind::Latin1:
        return QByteArrayLiteral("ISO-8859-1");
    case Kind::Utf16LE:
        return QByteArrayLiteral("UTF-16LE");
    case Kind::Utf16BE:
        return QByteArrayLiteral("UTF-16BE");
    case Kind::Codec:
        break;
    }
    return m_codec ? m_codec->name : QByteArray();
}

const char *TextEncoding::codecName() const
{
    return m_codec ? m_codec->name.constData() : nullptr;
}

bool TextEncoding::isSingleByte() const
{
    return m_kind == Kind::Latin1 || (m_codec && m_codec->singleByte);
}

int TextEncoding::maxCharBytes() const
{
    switch (m_kind) {
    case Kind::Latin1:
        return 1;
    case Kind::Utf16LE:
    case Kind::Utf16BE:
        return 2;
    case Kind::Utf8:
        return 4;
    case Kind::Codec:
        break;
    }
    return m_codec ? m_codec->maxCharBytes : 4;
}

bool TextEncoding::hasStableBytes() const
{
    return m_kind != Kind::Codec || (m_codec && m_codec->stableBytes);
}

char32_t TextEncoding::byteChar(uchar byte) const
{
    if (m_kind == Kind::Latin1)
        return byte;
    return m_codec && m_codec->singleByte ? m_codec->byteChars[byte] : kReplacement;
}

QList<TextEncoding::Override> TextEncoding::overrides() const
{
    return m_codec ? m_codec->overrides : QList<Override>();
}

std::optional<char32_t> TextEncoding::overrideFor(QByteArrayView bytes) const
{
    if (!m_codec)
        return std::nullopt;
    for (const Override &o : m_codec->overrides) {
        if (o.bytes == bytes)
            return o.code;
    }
    return std::nullopt;
}
