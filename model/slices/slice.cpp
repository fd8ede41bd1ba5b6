#include "slice.h"

#include "document.h"

#include <QCoreApplication>
#include <QLocale>

Slice Slice::read(const Document &document, qint64 start, qint64 end, qint64 displayLimit)
{
    Slice slice;
    slice.m_start = start;
    slice.m_requestedEnd = end;
    slice.m_end = end;
    slice.m_fileSize = document.size();
    if (document.state() != Document::State::Open) {
        slice.m_status = Status::NoFile;
        return slice;
    }
    if (end < start) {
        slice.m_status = Status::EndBeforeStart;
        return slice;
    }
    if (start > slice.m_fileSize) {
        slice.m_status = Status::StartPastEnd;
        return slice;
    }
    slice.m_end = qMin(end, slice.m_fileSize);
    const qint64 toRead = qMin(slice.length(), qMax<qint64>(0, displayLimit));
    if (toRead > 0) {
        std::optional<QByteArray> bytes = document.readBytes(start, toRead);
        if (!bytes || bytes->size() != toRead) {
            slice.m_status = Status::Faulted;
            return slice;
        }
        slice.m_shown = std::move(*bytes);
    }
    slice.m_status = Status::Ok;
    return slice;
}

QString Slice::errorString() const
{
    const QLocale locale;
    switch (m_status) {
    case Status::Ok:
        return QString();
    case Status::NoFile:
        return QCoreApplication::translate("Slice", "No file is open.");
    case Status::EndBeforeStart:
        return QCoreApplication::translate("Slice", "End (%1) is before start (%2).")
            .arg(locale.toString(m_requestedEnd), locale.toString(m_start));
    case Status::StartPastEnd:
        return QCoreApplication::translate("Slice", "Start (%1) is past the end of the file (%2 bytes).")
            .arg(locale.toString(m_start), locale.toString(m_fileSize));
    case Status::Faulted:
        return QCoreApplication::translate("Slice", "The bytes could not be read: the file changed on disk.");
    }
    return QString();
}

QString Slice::hiddenNotice() const
{
    if (!isTruncated())
        return QString();
    const QLocale locale;
    return QCoreApplication::translate("Slice", "showing %1 of %2 bytes")
        .arg(locale.toString(qint64(m_shown.size())), locale.toString(length()));
}
