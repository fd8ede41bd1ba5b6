#include "bulktransform.h"

#include "chunkedliteral.h"
#include "linepattern.h"
#include "newlinescan.h"
#include "searchliteral.h"
#include "searchmatcher.h"
#include "searchtranscoder.h"

#include <QCoreApplication>


#include <cstring>
#include <limits>
#include <vector>

using Encoding = LineDecoder::Encoding;

namespace {

constexpr int kStartsCapacity = 4096;

pcre2_code *asCode(void *code) { return static_cast<pcre2_code *>(code); }

QString tr(const char *text)
{
    return QCoreApplication::translate("BulkTransform", text);
}

} // namespace

class BulkTransform::Scratch {
public:
    explicit Scratch(const BulkTransform &transform)
    {
        if (transform.m_matcher)
            m_matcher = transform.m_matcher->makeScratch();
        m_matchData = transform.m_code
            ? pcre2_match_data_create_from_pattern(asCode(transform.m_code), nullptr)
            : pcre2_match_data_create(1, nullptr);
        m_context = pcre2_match_context_create(nullptr);
        m_jitStack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
        if (m_context && m_jitStack)
            pcre2_jit_stack_assign(m_context, nullptr, m_jitStack);
        m_starts.resize(kStartsCapacity);
    }
    ~Scratch()
    {
        pcre2_match_data_free(m_matchData);
        pcre2_match_context_free(m_context);
        pcre2_jit_stack_free(m_jitStack);
    }
    Scratch(const Scratch &) = delete;
    Scratch &operator=(const Scratch &) = delete;

    SearchMatcher::ScratchPtr m_matcher;
    pcre2_match_data *m_matchData = nullptr;
    pcre2_match_context *m_context = nullptr;
    pcre2_jit_stack *m_jitStack = nullptr;
    std::vector<qint64> m_starts; // matching line starts of one scan
    int m_error = 0;              // the PCRE2 error a run failed with
};

void BulkTransform::ScratchDeleter::operator()(Scratch *scratch) const
{
    delete scratch;
}

BulkTransform::Counts &BulkTransform::Counts::operator+=(const Counts &other)
{
    replacements += other.replacements;
    changedLines += other.changedLines;
    keptLines += other.keptLines;
    deletedLines += other.deletedLines;
    sizeChange += other.sizeChange;
    return *this;
}

BulkTransform::Cursor BulkTransform::Cursor::forBlock(qint64 from, qint64 to, qint64 firstLine)
{
    Cursor cursor;
    cursor.from = from;
    cursor.to = to;
    cursor.line = firstLine;
    cursor.copiedTo = from;
    cursor.keptTo = from;
    return cursor;
}

BulkTransform::BulkTransform() = default;

BulkTransform::~BulkTransform()
{
    pcre2_code_free(asCode(m_code));
}

std::shared_ptr<const BulkTransform> BulkTransform::compile(const BulkOperation &operation, QString *error,
                                                             QByteArrayView sample)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return std::shared_ptr<const BulkTransform>();
    };
    std::shared_ptr<BulkTransform> transform(new BulkTransform);
    transform->m_operation = operation;
    if (!operation.usesPattern()) {
        if (!operation.lines)
            return fail(tr("No lines were given."));
        return transform;
    }
    const SearchOptions &options = operation.options;
    if (options.pattern.isEmpty())
        return fail(tr("The pattern is empty."));
    if (operation.kind == BulkOperation::Kind::Replace && options.encoding != Encoding::Utf8)
        return fail(tr("Replace works on UTF-8 text; this file is read in another encoding (View ▸ Encoding)."));
    QString why;
    transform->m_matcher = SearchMatcher::compile(options, &why, sample);
    if (!transform->m_matcher)
        return fail(why);
    if (operation.kind != BulkOperation::Kind::Replace)
        return transform;

    transform->m_needle = options.pattern.toUtf8();
    transform->m_replacement = operation.replacement.toUtf8();
    if (!options.regex) {
        transform->m_never = transform->m_needle.contains('\n');
        transform->m_plainLiteral = options.caseSensitive && !options.wholeWord;
    }
    if (transform->m_plainLiteral) {
        transform->m_literal = std::make_unique<SearchLiteral>(
            reinterpret_cast<const uchar *>(transform->m_needle.constData()), transform->m_needle.size(),
            reinterpret_cast<const uchar *>(sample.data()), qMin<qint64>(sample.size(), SearchMatcher::kSampleBytes));
        return transform;
    }
    if (!transform->compileLineMatcher(error))
        return nullptr;
    if (options.regex && !transform->checkReplacement(error))
        return nullptr;
    return transform;
}

bool BulkTransform::compileLineMatcher(QString *error)
{
    const SearchOptions &options = m_operation.options;
    if (!options.regex && m_needle.size() <= ChunkedLiteral::kChunkBytes) {
        QByteArray pattern = ChunkedLiteral::escape(m_needle);
        int code = 0;
        PCRE2_SIZE offset = 0;
        const QByteArray wrapped = options.wholeWord ? LinePattern::wordWrapped(pattern) : pattern;
        m_code = LinePattern::compile(wrapped, options.caseSensitive, &code, &offset);
    } else if (options.regex) {
        int code = 0;
        PCRE2_SIZE offset = 0;
        const QByteArray wrapped = options.wholeWord ? LinePattern::wordWrapped(m_needle) : m_needle;
        m_code = LinePattern::compile(wrapped, options.caseSensitive, &code, &offset);
        if (!m_code) { // SearchMatcher compiled it, so this does not happen; say so all the same
            if (error)
                *error = tr("Invalid regular expression: %1").arg(LinePattern::errorMessage(code));
            return false;
        }
    }
    if (!m_code && !options.regex) {
        m_chunked = std::make_unique<ChunkedLiteral>(m_needle, options.caseSensitive, options.wholeWord);
        if (!m_chunked->isValid()) {
            if (error)
                *error = tr("The text cannot be searched for.");
            return false;
        }
    }
    return true;
}

// Substitutes the replacement for an empty match with every group unset ("(?:PATTERN)|" on an
// empty subject): PCRE2 then checks its syntax and that every group it names exists.
bool BulkTransform::checkReplacement(QString *error) const
{
    const SearchOptions &options = m_operation.options;
    const QByteArray pattern = "(?:" + (options.wholeWord ? LinePattern::wordWrapped(m_needle) : m_needle) + ")|";
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *probe = LinePattern::compile(pattern, options.caseSensitive, &code, &offset);
    if (!probe)
        return true; // not a pattern that takes an alternative (a comment to its end): checked when used
    pcre2_match_data *data = pcre2_match_data_create_from_pattern(probe, nullptr);
    PCRE2_UCHAR buffer[16];
    PCRE2_SIZE length = sizeof buffer;
    const int rc = pcre2_substitute(probe, reinterpret_cast<PCRE2_SPTR>(""), 0, 0,
                                    PCRE2_SUBSTITUTE_UNSET_EMPTY | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, data, nullptr,
                                    reinterpret_cast<PCRE2_SPTR>(m_replacement.constData()),
                                    PCRE2_SIZE(m_replacement.size()), buffer, &length);
    pcre2_match_data_free(data);
    pcre2_code_free(probe);
    if (rc >= 0 || rc == PCRE2_ERROR_NOMEMORY)
        return true;
    if (error)
        *error = tr("Invalid replacement: %1 ($1 or ${1} for a group, ${name} for a named one, $$ for a dollar sign)")
                     .arg(LinePattern::errorMessage(rc));
    return false;
}

BulkTransform::ScratchPtr BulkTransform::makeScratch() const
{
    return ScratchPtr(new Scratch(*this));
}

QString BulkTransform::errorText(const Scratch &scratch) const
{
    return tr("The replacement failed: %1").arg(LinePattern::errorMessage(scratch.m_error));
}

qint64 BulkTransform::lineEnd(const uchar *data, qint64 at, qint64 to) const
{
    return SearchTranscoder::lineEnd(m_operation.options.encoding, data, at, to);
}

qint64 BulkTransform::linesIn(const uchar *data, qint64 from, qint64 to) const
{
    if (to <= from)
        return 0;
    const Encoding encoding = m_operation.options.encoding;
    if (!SearchTranscoder::isUtf16(encoding))
        return NewlineScan::count(data + from, to - from) + (data[to - 1] == '\n' ? 0 : 1);
    const auto order = encoding == Encoding::Utf16BE ? NewlineScan::ByteOrder::BigEndian
                                                     : NewlineScan::ByteOrder::LittleEndian;
    const qint64 endings = NewlineScan::countUtf16(data + from, to - from, order);
    const bool endsWithEnding = to - from >= 2 && SearchTranscoder::lineEnd(encoding, data, to - 2, to) == to - 2;
    return endings + (endsWithEnding ? 0 : 1);
}

qint64 BulkTransform::textStart(const uchar *data, const Cursor &cursor) const
{
    if (cursor.from != 0)
        return cursor.from;
    return SearchTranscoder::textStart(m_operation.options.encoding, data, cursor.to, 0);
}

namespace {

// The input [cursor.copiedTo, from) stays (it goes to the output), [from, to) goes. False, with
// the room needed, when the output is too small (nothing done then).
bool drop(const uchar *data, BulkTransform::Cursor *cursor, BulkTransform::Output *out, qint64 from, qint64 to,
          BulkTransform::Counts *counts, bool countOnly, qint64 *roomNeeded)
{
    from = qMax(from, cursor->copiedTo);
    if (to <= from)
        return true; // nothing (more) to drop
    const qint64 kept = from - cursor->copiedTo;
    if (!countOnly && kept > 0) {
        if (out->length + kept > out->capacity) {
            *roomNeeded = out->length + kept;
            return false;
        }
        std::memcpy(out->data + out->length, data + cursor->copiedTo, size_t(kept));
        out->length += kept;
    }
    cursor->copiedTo = to;
    cursor->changed = true;
    counts->sizeChange -= to - from;
    return true;
}

// The end of the block: what remains of the input goes to the output (if anything changed).
BulkTransform::Outcome finish(const uchar *data, BulkTransform::Cursor *cursor, BulkTransform::Output *out,
                              bool countOnly, qint64 *roomNeeded)
{
    cursor->at = cursor->to;
    if (cursor->changed && !countOnly) {
        const qint64 rest = cursor->to - cursor->copiedTo;
        if (out->length + rest > out->capacity) {
            *roomNeeded = out->length + rest;
            return BulkTransform::Outcome::NeedRoom;
        }
        std::memcpy(out->data + out->length, data + cursor->copiedTo, size_t(rest));
        out->length += rest;
    }
    cursor->copiedTo = cursor->to;
    return BulkTransform::Outcome::Done;
}

} // namespace

BulkTransform::Outcome BulkTransform::run(const uchar *data, Cursor *cursor, Scratch &scratch, Output *out,
                                          Counts *counts, bool countOnly, qint64 *roomNeeded) const
{
    if (cursor->at < 0) {
        cursor->at = textStart(data, *cursor);
        cursor->keptTo = cursor->at;
    }
    switch (m_operation.kind) {
    case BulkOperation::Kind::Replace:
        if (m_never) {
            cursor->at = cursor->to;
            return finish(data, cursor, out, countOnly, roomNeeded);
        }
        if (m_plainLiteral)
            return runLiteral(data, cursor, out, counts, countOnly, roomNeeded);
        return runReplace(data, cursor, scratch, out, counts, countOnly, roomNeeded);
    case BulkOperation::Kind::KeepMatching:
    case BulkOperation::Kind::DeleteMatching:
        return runMatching(data, cursor, scratch, out, counts, countOnly, roomNeeded);
    case BulkOperation::Kind::KeepLines:
    case BulkOperation::Kind::DeleteLines:
        break;
    }
    return runLineSet(data, cursor, out, counts, countOnly, roomNeeded);
}

// A case-sensitive literal without word checks: every occurrence in the block is a match of its
// line (the literal holds no line end), and leftmost non-overlapping over the block is leftmost
// non-overlapping in each line.
BulkTransform::Outcome BulkTransform::runLiteral(const uchar *data, Cursor *cursor, Output *out, Counts *counts,
                                                 bool countOnly, qint64 *roomNeeded) const
{
    const qint64 length = m_needle.size();
    const qint64 replacementLength = m_replacement.size();
    qint64 pos = cursor->at;
    while (pos < cursor->to) {
        const qint64 hit = m_literal->find(data, cursor->to, pos);
        if (hit < 0)
            break;
        if (!countOnly) {
            const qint64 gap = hit - cursor->copiedTo;
            if (out->length + gap + replacementLength > out->capacity) {
                cursor->at = hit;
                *roomNeeded = out->length + gap + replacementLength + (cursor->to - hit);
                return Outcome::NeedRoom;
            }
            std::memcpy(out->data + out->length, data + cursor->copiedTo, size_t(gap));
            std::memcpy(out->data + out->length + gap, m_replacement.constData(), size_t(replacementLength));
            out->length += gap + replacementLength;
        }
        cursor->copiedTo = hit + length;
        cursor->changed = true;
        ++counts->replacements;
        counts->sizeChange += replacementLength - length;
        if (hit > cursor->countedTo) {
            ++counts->changedLines;
            cursor->countedTo = lineEnd(data, hit + length, cursor->to);
        }
        pos = hit + length;
    }
    return finish(data, cursor, out, countOnly, roomNeeded);
}

bool BulkTransform::nextLiteralMatch(const uchar *line, qint64 length, qint64 from, Scratch &scratch, qint64 *start,
                                     qint64 *end) const
{
    if (m_chunked)
        return m_chunked->find(line, length, from, scratch.m_matchData, scratch.m_context, start, end);
    if (pcre2_match(asCode(m_code), line, PCRE2_SIZE(length), PCRE2_SIZE(from), 0, scratch.m_matchData,
                    scratch.m_context)
        < 0)
        return false;
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(scratch.m_matchData);
    *start = qint64(ovector[0]);
    *end = qMax(*start, qint64(ovector[1]));
    return true;
}

qint64 BulkTransform::replaceInLine(const uchar *line, qint64 length, Scratch &scratch, char *to, qint64 room,
                                    qint64 *written, qint64 *needed) const
{
    *needed = 0;
    if (m_operation.options.regex) {
        PCRE2_SIZE outLength = PCRE2_SIZE(room);
        const int rc = pcre2_substitute(
            asCode(m_code), line, PCRE2_SIZE(length), 0,
            PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_UNSET_EMPTY | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
            scratch.m_matchData, scratch.m_context, reinterpret_cast<PCRE2_SPTR>(m_replacement.constData()),
            PCRE2_SIZE(m_replacement.size()), reinterpret_cast<PCRE2_UCHAR *>(to), &outLength);
        if (rc == PCRE2_ERROR_NOMEMORY) {
            *needed = qint64(outLength) + 1;
            return -1;
        }
        if (rc < 0) {
            scratch.m_error = rc;
            return -1;
        }
        *written = qint64(outLength);
        return rc;
    }
    // A literal: its matches, each replaced by the replacement's bytes as they are.
    const qint64 replacementLength = m_replacement.size();
    qint64 pos = 0;
    qint64 out = 0;
    qint64 count = 0;
    qint64 start = 0;
    qint64 end = 0;
    const auto put = [&](const char *bytes, qint64 n) {
        if (out + n > room)
            return false;
        std::memcpy(to + out, bytes, size_t(n));
        out += n;
        return true;
    };
    while (pos <= length && nextLiteralMatch(line, length, pos, scratch, &start, &end)) {
        if (!put(reinterpret_cast<const char *>(line + pos), start - pos)
            || !put(m_replacement.constData(), replacementLength)) {
            *needed = (out + (length - pos) + replacementLength) * 2 + 64;
            return -1;
        }
        ++count;
        pos = end > start ? end : end + 1;
    }
    if (pos < length && !put(reinterpret_cast<const char *>(line + pos), length - pos)) {
        *needed = out + (length - pos) + 64;
        return -1;
    }
    *written = out;
    return count;
}

BulkTransform::Outcome BulkTransform::runReplace(const uchar *data, Cursor *cursor, Scratch &scratch, Output *out,
                                                 Counts *counts, bool countOnly, qint64 *roomNeeded) const
{
    qint64 *starts = scratch.m_starts.data();
    while (cursor->at < cursor->to) {
        qint64 resume = cursor->to;
        const int found = m_matcher->scanLines(data, cursor->at, cursor->to, *scratch.m_matcher, starts,
                                               kStartsCapacity, &resume);
        for (int i = 0; i < found; ++i) {
            const qint64 lineStart = starts[i];
            const qint64 end = lineEnd(data, lineStart, cursor->to);
            const qint64 gap = countOnly ? 0 : lineStart - cursor->copiedTo;
            const qint64 offset = countOnly ? 0 : out->length + gap;
            if (offset > out->capacity) {
                cursor->at = lineStart;
                *roomNeeded = offset + (end - lineStart) * 2 + 64;
                return Outcome::NeedRoom;
            }
            qint64 written = 0;
            qint64 needed = 0;
            const qint64 replaced = replaceInLine(data + lineStart, end - lineStart, scratch, out->data + offset,
                                                  out->capacity - offset, &written, &needed);
            if (replaced < 0) {
                cursor->at = lineStart;
                if (needed == 0)
                    return Outcome::Failed;
                *roomNeeded = offset + needed;
                return Outcome::NeedRoom;
            }
            if (replaced == 0)
                continue;
            if (!countOnly) {
                std::memcpy(out->data + out->length, data + cursor->copiedTo, size_t(gap));
                out->length = offset + written;
            }
            cursor->copiedTo = end;
            cursor->changed = true;
            counts->replacements += replaced;
            counts->sizeChange += written - (end - lineStart);
            ++counts->changedLines;
        }
        if (resume <= cursor->at)
            break;
        cursor->at = resume;
    }
    return finish(data, cursor, out, countOnly, roomNeeded);
}

BulkTransform::Outcome BulkTransform::runMatching(const uchar *data, Cursor *cursor, Scratch &scratch, Output *out,
                                                  Counts *counts, bool countOnly, qint64 *roomNeeded) const
{
    const bool keep = m_operation.keeps();
    const int endingLength = SearchTranscoder::endingLength(m_operation.options.encoding);
    qint64 *starts = scratch.m_starts.data();
    while (cursor->at < cursor->to) {
        qint64 resume = cursor->to;
        const int found = m_matcher->scanLines(data, cursor->at, cursor->to, *scratch.m_matcher, starts,
                                               kStartsCapacity, &resume);
        for (int i = 0; i < found; ++i) {
            const qint64 lineStart = starts[i];
            const qint64 end = lineEnd(data, lineStart, cursor->to);
            const qint64 next = end < cursor->to ? qMin(cursor->to, end + endingLength) : cursor->to;
            const bool ok = keep ? drop(data, cursor, out, cursor->keptTo, lineStart, counts, countOnly, roomNeeded)
                                 : drop(data, cursor, out, lineStart, next, counts, countOnly, roomNeeded);
            if (!ok) {
                cursor->at = lineStart;
                return Outcome::NeedRoom;
            }
            cursor->keptTo = next;
            cursor->at = next;
            ++cursor->hits;
        }
        if (resume <= cursor->at && found == 0)
            break;
        cursor->at = qMax(cursor->at, resume);
    }
    if (keep && !drop(data, cursor, out, cursor->keptTo, cursor->to, counts, countOnly, roomNeeded))
        return Outcome::NeedRoom;
    const Outcome outcome = finish(data, cursor, out, countOnly, roomNeeded);
    if (outcome != Outcome::Done)
        return outcome;
    const qint64 lines = linesIn(data, textStart(data, *cursor), cursor->to);
    counts->keptLines += keep ? cursor->hits : lines - cursor->hits;
    counts->deletedLines += keep ? lines - cursor->hits : cursor->hits;
    return outcome;
}

BulkTransform::Outcome BulkTransform::runLineSet(const uchar *data, Cursor *cursor, Output *out, Counts *counts,
                                                 bool countOnly, qint64 *roomNeeded) const
{
    const LineSet &set = *m_operation.lines;
    const bool keep = m_operation.keeps();
    const Encoding encoding = m_operation.options.encoding;
    const int endingLength = SearchTranscoder::endingLength(encoding);
    // Runs of lines in the set or out of it; a membership test per line (O(log blocks)), as the
    // lines are walked one by one anyway.
    while (cursor->at < cursor->to) {
        const bool member = set.contains(cursor->line);
        qint64 pos = cursor->at;
        qint64 passed = 0;
        do {
            const qint64 end = lineEnd(data, pos, cursor->to);
            pos = end < cursor->to ? qMin(cursor->to, end + endingLength) : cursor->to;
            ++passed;
        } while (pos < cursor->to && set.contains(cursor->line + passed) == member);
        const bool stays = member == keep;
        if (!stays && !drop(data, cursor, out, cursor->at, pos, counts, countOnly, roomNeeded))
            return Outcome::NeedRoom;
        (stays ? counts->keptLines : counts->deletedLines) += passed;
        cursor->at = pos;
        cursor->line += passed;
    }
    return finish(data, cursor, out, countOnly, roomNeeded);
}

std::optional<QByteArray> BulkTransform::replacementFor(QByteArrayView line, qint64 matchStart, qint64 matchLength,
                                                        QString *error) const
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (m_operation.kind != BulkOperation::Kind::Replace)
        return fail(tr("Not a replacement."));
    const auto *bytes = reinterpret_cast<const uchar *>(line.data());
    const qint64 length = line.size();
    const QString notThere = tr("The text at the cursor is no longer a match; search again.");
    if (matchStart < 0 || matchLength < 0 || matchStart + matchLength > length || m_never)
        return fail(notThere);
    if (m_plainLiteral) {
        if (line.sliced(matchStart, matchLength) != QByteArrayView(m_needle))
            return fail(notThere);
        return m_replacement;
    }
    const ScratchPtr scratch = makeScratch();
    qint64 start = 0;
    qint64 end = 0;
    if (!m_operation.options.regex) {
        if (!nextLiteralMatch(bytes, length, matchStart, *scratch, &start, &end) || start != matchStart
            || end != matchStart + matchLength)
            return fail(notThere);
        return m_replacement;
    }
    if (pcre2_match(asCode(m_code), bytes, PCRE2_SIZE(length), PCRE2_SIZE(matchStart), 0, scratch->m_matchData,
                    scratch->m_context)
        < 0)
        return fail(notThere);
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(scratch->m_matchData);
    if (qint64(ovector[0]) != matchStart || qint64(ovector[1]) != matchStart + matchLength)
        return fail(notThere);
    QByteArray result(qMax<qint64>(64, m_replacement.size() * 2), Qt::Uninitialized);
    for (int attempt = 0; attempt < 2; ++attempt) {
        PCRE2_SIZE outLength = PCRE2_SIZE(result.size());
        const int rc = pcre2_substitute(
            asCode(m_code), bytes, PCRE2_SIZE(length), PCRE2_SIZE(matchStart),
            PCRE2_SUBSTITUTE_MATCHED | PCRE2_SUBSTITUTE_REPLACEMENT_ONLY | PCRE2_SUBSTITUTE_UNSET_EMPTY
                | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
            scratch->m_matchData, scratch->m_context, reinterpret_cast<PCRE2_SPTR>(m_replacement.constData()),
            PCRE2_SIZE(m_replacement.size()), reinterpret_cast<PCRE2_UCHAR *>(result.data()), &outLength);
        if (rc == PCRE2_ERROR_NOMEMORY) {
            result.resize(qsizetype(outLength) + 1);
            continue;
        }
        if (rc < 0)
            return fail(tr("The replacement failed: %1").arg(LinePattern::errorMessage(rc)));
        result.resize(qsizetype(outLength));
        return result;
    }
    return fail(tr("The replacement failed."));
}
