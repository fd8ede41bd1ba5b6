#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// How a file's bytes are text. Four encodings are read by Tome's own code (UTF-8, Latin-1 as
// ISO-8859-1, UTF-16LE and UTF-16BE); any other is a Codec: an encoding that Qt's QStringDecoder
// knows through ICU (windows-1252, Shift_JIS, GB18030, KOI8-R, ISO-2022-JP, ...) in which the
// ASCII characters are the ASCII bytes. A Codec's lines end at the byte '\n', as UTF-8's do;
// encodings where that does not hold (UTF-32, UTF-7, EBCDIC) are refused by fromName().
//
// A small value, compared and copied freely; a switch on it switches on its Kind. Equal
// encodings read bytes the same way: aliases become ICU's canonical name ("cp1251" is
// windows-1251, "latin1" is Latin1).
//
// Thread-safety: any thread. What is known of a codec is worked out once per name (under a
// lock, ~1 ms) and kept for the life of the program.
class TextEncoding {
public:
    enum class Kind { Utf8, Latin1, Utf16LE, Utf16BE, Codec };

    static const TextEncoding Utf8;
    static const TextEncoding Latin1;
    static const TextEncoding Utf16LE;
    static const TextEncoding Utf16BE;
    // For `case TextEncoding::Codec:` in a switch (a codec needs a name: see fromName()).
    static constexpr Kind Codec = Kind::Codec;

    constexpr TextEncoding() = default;
    constexpr operator Kind() const { return m_kind; }
    constexpr Kind kind() const { return m_kind; }

    // The encoding a name means (any alias ICU knows, any case); nullopt and, in *error, why not
    // for a name Qt does not know or an encoding Tome cannot split into lines.
    static std::optional<TextEncoding> fromName(QByteArrayView name, QString *error = nullptr);
    // Every name QStringDecoder knows, as it lists them (not all can be read: see fromName()).
    static QStringList availableNames();

    // "UTF-8", "ISO-8859-1", "UTF-16LE", "UTF-16BE", or the codec's canonical name ("Shift_JIS").
    QByteArray name() const;
    // The codec's name for QStringDecoder / QStringEncoder; null for the four built-in ones.
    const char *codecName() const;

    bool isUtf16() const { return m_kind == Kind::Utf16LE || m_kind == Kind::Utf16BE; }
    bool isCodec() const { return m_kind == Kind::Codec; }
    // Every byte is one character (Latin-1, windows-1251, KOI8-R, ...).
    bool isSingleByte() const;
    // Bytes of the longest character (for how much of a line a display needs): 1 for single-byte
    // encodings, 2 for UTF-16 (a pair is two characters' width), 4 for UTF-8 and most codecs,
    // more for codecs with longer sequences or escape sequences (ISO-2022-JP).
    int maxCharBytes() const;
    // The same text is always the same bytes wherever it stands, and an ASCII byte that starts a
    // character is that character: a pattern's bytes may be looked for in the file (a hit inside
    // a multi-byte character still has to be ruled out). False for codecs with shift states.
    bool hasStableBytes() const;
    // A single-byte codec's character for a byte (U+FFFD where the codec has none).
    char32_t byteChar(uchar byte) const;

    // Where Tome reads a codec unlike ICU, to agree with the standards and with iconv: six
    // characters of Shift_JIS and EUC-JP as JIS X 0208 maps them (0x8160 is WAVE DASH U+301C,
    // not Windows' FULLWIDTH TILDE U+FF5E; likewise U+2016, U+2212, U+00A2, U+00A3, U+00AC),
    // Shift_JIS's single bytes 0x5C and 0x7E as JIS X 0201 maps them (YEN SIGN U+00A5, OVERLINE
    // U+203E: a Shift_JIS file has no backslash or tilde, and searching for one finds nothing),
    // and the three characters KS X 1001 added to EUC-KR in 1998 (U+20AC, U+00AE, U+327E).
    struct Override {
        QByteArrayView bytes;
        char32_t icu = 0; // what ICU gives (0: an invalid sequence)
        char32_t code = 0;
    };
    QList<Override> overrides() const;
    // The character one character's bytes are, if an override says so.
    std::optional<char32_t> overrideFor(QByteArrayView bytes) const;

    friend constexpr bool operator==(TextEncoding, TextEncoding) = default;

private:
    struct CodecInfo;
    constexpr TextEncoding(Kind kind, const CodecInfo *codec)
        : m_kind(kind)
        , m_codec(codec)
    {
    }
    static const CodecInfo *codecFor(const QByteArray &canonicalName, QString *error);

    Kind m_kind = Kind::Utf8;
    const CodecInfo *m_codec = nullptr; // set for Kind::Codec; lives as long as the program
};

inline constexpr TextEncoding TextEncoding::Utf8{Kind::Utf8, nullptr};
inline constexpr TextEncoding TextEncoding::Latin1{Kind::Latin1, nullptr};
inline constexpr TextEncoding TextEncoding::Utf16LE{Kind::Utf16LE, nullptr};
inline constexpr TextEncoding TextEncoding::Utf16BE{Kind::Utf16BE, nullptr};

Q_DECLARE_METATYPE(TextEncoding)
