#pragma once

#include "linedecoder.h"
#include "slicecharacter.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// The bytes of a slice decoded in a chosen encoding, with every invalid sequence replaced by
// U+FFFD and remembered, so a view can mark it and say how many there are.
//
// UTF-8 follows the Unicode "maximal subpart" rule, as Python's decode(errors='replace') does:
// b'\xe2\x82A' gives two characters, U+FFFD and 'A', and counts one invalid sequence. UTF-16
// decodes units from the slice's first byte (the slice chooses the alignment); an unpaired
// surrogate or a lone last byte is invalid. Latin-1 has no invalid bytes. A codec's text is read
// by CodecReader, and every U+FFFD it gives counts as invalid.
//
// When moreFollows (the slice was cut for display), an incomplete character at the very end is
// left out (droppedTailBytes()) instead of being called invalid.
//
// Every UTF-16 unit of text() knows the byte of the slice it came from. Pure: O(bytes).
class SliceText {
public:
    SliceText() = default;
    static SliceText decode(const QByteArray &bytes, LineDecoder::Encoding encoding, bool moreFollows = false);

    LineDecoder::Encoding encoding() const { return m_encoding; }
    // The decoded text, control characters as they are.
    const QString &text() const { return m_text; }
    // text() for showing: C0 controls other than '\n' and '\t' become their Control Pictures
    // (U+2400 + byte, DEL U+2421), unit for unit, so positions match text().
    QString displayText() const;

    int invalidCount() const { return int(m_invalid.size()); }
    // Positions in text() of the U+FFFD that stand for invalid sequences (a U+FFFD that was
    // validly encoded in the file is not among them). Ascending.
    const QList<int> &invalidPositions() const { return m_invalid; }
    bool isInvalidAt(int position) const;
    int droppedTailBytes() const { return m_droppedTail; }

    // Byte of the slice where the character holding text unit `position` starts, and how many
    // bytes it took; position text().size() gives the end of the decoded bytes.
    qsizetype byteAt(int position) const;

    // The character whose text unit `position` is (either half of a surrogate pair counts);
    // nullopt past the end. sliceOffset: where the slice starts in the file.
    std::optional<SliceCharacter> characterAt(int position, qint64 sliceOffset = 0) const;

private:
    void append(char32_t codePoint, qsizetype byte);
    void appendInvalid(qsizetype byte);

    LineDecoder::Encoding m_encoding = LineDecoder::Encoding::Utf8;
    QByteArray m_bytes;
    QString m_text;
    QList<qsizetype> m_unitByte; // one per unit of m_text, then the end
    QList<int> m_invalid;
    int m_droppedTail = 0;
};
