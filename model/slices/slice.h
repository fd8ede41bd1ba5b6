#pragma once

#include <QByteArray>
#include <QString>

class Document;

// A range [start, end) of a document's bytes as the slice inspector shows it. The end is clipped
// to the file, as Python's slicing clips it; only the first displayLimit bytes are read, so a
// 1 GB slice costs what its first 64 KiB cost and the rest is counted, not copied.
//
// read() is O(displayLimit) through Document::readBytes (guarded: a file truncated under us gives
// status Faulted, never a crash). Thread-safety: a value type; read() may run on any thread
// that may call Document::readBytes.
class Slice {
public:
    enum class Status {
        Ok,
        NoFile, // the document is not open
        EndBeforeStart, // end < start
        StartPastEnd, // start > file size
        Faulted, // the bytes could not be read (the file shrank)
    };
    static constexpr qint64 kDefaultDisplayLimit = 64 * 1024;

    Slice() = default;
    static Slice read(const Document &document, qint64 start, qint64 end, qint64 displayLimit = kDefaultDisplayLimit);

    Status status() const { return m_status; }
    bool isValid() const { return m_status == Status::Ok; }
    // Why the slice is not valid, for a person ("End (3) is before start (10)."); empty if valid.
    QString errorString() const;

    qint64 start() const { return m_start; }
    qint64 end() const { return m_end; } // clipped to the file size
    qint64 requestedEnd() const { return m_requestedEnd; } // as asked
    bool isClipped() const { return m_requestedEnd > m_end; }
    qint64 fileSize() const { return m_fileSize; }
    qint64 length() const { return m_end - m_start; }

    // The first min(length(), displayLimit) bytes of the slice.
    const QByteArray &shownBytes() const { return m_shown; }
    qint64 hiddenLength() const { return length() - m_shown.size(); }
    bool isTruncated() const { return hiddenLength() > 0; }
    // "showing 65,536 of 1,234,567,890 bytes" when truncated, empty otherwise (numbers in the
    // default QLocale).
    QString hiddenNotice() const;

private:
    Status m_status = Status::NoFile;
    qint64 m_start = 0;
    qint64 m_end = 0;
    qint64 m_requestedEnd = 0;
    qint64 m_fileSize = 0;
    QByteArray m_shown;
};
