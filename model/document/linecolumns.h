#pragma once

#include "columnindex.h"
#include "linedecoder.h"

#include <QCache>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

class Document;

// The display columns of a Document's lines, without any cut: how many columns a line has, the
// text of any range of its columns, and the exact mapping between its columns and bytes (see
// LineDecoder for what a column is). Lines are the file's 0-based line numbers.
//
// A short line (at most kLongLineBytes) is decoded whole and kept in a small cache. A long line
// gets a ColumnIndex (checkpoints every 4 KiB), measured lazily: each call measures, on the
// calling thread, only as far as what it asks for (a view asks for the columns it shows: about a
// screen, wherever that is in the line), and a background worker measures the rest of the line,
// emitting measured() as it goes (at most every ~50 ms, and once at the end). Until then a long
// line's columnCount() is that of its measured part, which only grows. The worker is owned:
// clear(), setDecoder() and the destructor cancel it (within a mebibyte of work) and join it.
//
// Memory: the short lines' text (a few MB at most), 16 bytes per 4 KiB of the kCachedIndexes
// long lines used last, and the measuring walks give the pages they read back (ColumnIndex).
//
// Thread-safety: the owner (GUI) thread only; the worker touches ColumnIndex objects only.
class LineColumns : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kLongLineBytes = 16 * 1024;
    static constexpr int kCachedIndexes = 64;

    explicit LineColumns(const Document *document, QObject *parent = nullptr);
    ~LineColumns() override;

    // Forgets every line (the file was reopened or re-indexed, the display changed).
    void setDecoder(const LineDecoder &decoder);
    const LineDecoder &decoder() const { return m_decoder; }
    void clear();
    // Forgets one line (its bytes changed).
    void forget(qint64 line);
    // The line the index is in the middle of (from its start to the bytes indexed so far), shown
    // before its end is known (LineModel's last row while indexing); nullopt when there is none.
    // It is never measured in the background, and its last bytes may be a character cut short.
    void setPartialLine(const std::optional<LineSpan> &span);
    // Lines found past the index with estimated numbers (LineModel's estimated rows): consecutive
    // spans, looked up before the index's. Forgets every line measured before; {} for none.
    void setEstimatedLines(std::vector<LineSpan> spans);

    struct Count {
        qint64 columns = 0;
        bool exact = true; // false while a long line is still being measured
    };
    // The line's display columns, measuring at once until at least `atLeast` are known (or the
    // line ends): a caller about to move n columns on asks for those. 0 for a line not indexed.
    Count columnCount(qint64 line, qint64 atLeast = 0);
    // The display text of columns [fromColumn, toColumn) (LineDecoder::displayColumns()), clipped
    // to the line. O(kStep + the columns asked for), wherever they are in the line.
    QString text(qint64 line, qint64 fromColumn, qint64 toColumn);
    // Exact, for any column or byte (see LineDecoder::byteForColumn()); measures on this thread as
    // far as needed when the worker has not got there yet.
    qint64 byteForColumn(qint64 line, qint64 column);
    qint64 columnForByte(qint64 line, qint64 byte);

    // The long lines whose checkpoints are kept, and their memory (for tests and benchmarks).
    int indexedLines() const { return int(m_indexes.size()); }
    qint64 memoryBytes() const;
    // Blocks until the worker is idle. For tools and tests, never the GUI thread.
    void waitForMeasuring();

signals:
    // More of a long line is measured (or all of it): its columnCount() grew.
    void measured(qint64 line);

private:
    struct Job {
        qint64 line = 0;
        std::shared_ptr<ColumnIndex> index;
        quint64 generation = 0;
    };
    std::optional<LineSpan> spanOf(qint64 line) const;
    bool isPartial(qint64 line) const { return m_partial && m_partial->lineNumber == line; }
    const QString *shortText(qint64 line);
    // The decoder's walk over a short line (one shortText() holds) to a column or a byte;
    // nullopt for a long line, which goes through its ColumnIndex instead.
    std::optional<LineDecoder::Position> walkShortLine(qint64 line, qint64 stopColumn, qint64 stopByte);
    std::shared_ptr<ColumnIndex> indexOf(qint64 line);
    // The bytes of the line from `from` on: at least `minimum`, more if cheap; `lineEnds` says
    // whether they reach its end.
    QByteArray readLine(const ColumnIndex &index, qint64 from, qint64 minimum, bool *lineEnds) const;
    void schedule(qint64 line, const std::shared_ptr<ColumnIndex> &index);
    void stopWorker();
    void work();

    QPointer<const Document> m_document;
    LineDecoder m_decoder;
    QCache<qint64, QString> m_shortTexts;
    std::unordered_map<qint64, std::shared_ptr<ColumnIndex>> m_indexes;
    std::list<qint64> m_recent; // least recently used first
    std::optional<LineSpan> m_partial;
    std::vector<LineSpan> m_estimated;

    std::mutex m_jobMutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Job> m_jobs;
    bool m_busy = false;
    std::shared_ptr<ColumnIndex> m_current; // the worker's
    bool m_stopping = false;
    std::atomic<bool> m_cancel{false};
    std::atomic<quint64> m_generation{0};
    std::thread m_worker;
};
