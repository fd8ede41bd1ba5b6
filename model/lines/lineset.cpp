#include "lineset.h"

#include <algorithm>
#include <bit>
#include <tuple>

namespace {
constexpr int kBitmapWords = int(LineSet::kBlockLines / 16);
constexpr quint32 kArrayLimit = 4096; // above this a bitmap is never larger than an array

int popcount16(quint16 word) { return std::popcount(unsigned(word)); }
} // namespace

// A block's members, as offsets from key << kBlockBits. The last block is kept as runs while it is
// being appended to; seal() turns a finished block into its smallest form.
struct LineSet::Block {
    enum class Form : quint8 { Array, Runs, Bitmap };
    qint64 key = 0;
    qint64 before = 0; // members in earlier blocks
    quint32 count = 0;
    Form form = Form::Runs;
    std::vector<quint16> data; // Array: offsets; Runs: (start, length - 1) pairs; Bitmap: words

    qint64 firstLine() const { return key << kBlockBits; }

    int runCount() const { return int(data.size() / 2); }
    int runStart(int i) const { return data[2 * i]; }
    int runLength(int i) const { return int(data[2 * i + 1]) + 1; }

    bool bit(int offset) const { return (data[offset >> 4] >> (offset & 15)) & 1; }

    // Calls visit(start, length) for each run of consecutive members, in order.
    template<typename Visit> bool forEachRun(Visit &&visit) const
    {
        switch (form) {
        case Form::Runs:
            for (int i = 0; i < runCount(); ++i)
                if (!visit(runStart(i), runLength(i)))
                    return false;
            return true;
        case Form::Array: {
            size_t i = 0;
            while (i < data.size()) {
                size_t j = i + 1;
                while (j < data.size() && data[j] == data[j - 1] + 1)
                    ++j;
                if (!visit(int(data[i]), int(j - i)))
                    return false;
                i = j;
            }
            return true;
        }
        case Form::Bitmap: {
            int offset = 0;
            while (offset < kBlockLines) {
                if ((offset & 15) == 0 && data[size_t(offset >> 4)] == 0) {
                    offset += 16;
                    continue;
                }
                if (!bit(offset)) {
                    ++offset;
                    continue;
                }
                int end = offset + 1;
                while (end < kBlockLines && bit(end))
                    ++end;
                if (!visit(offset, end - offset))
                    return false;
                offset = end;
            }
            return true;
        }
        }
        return true;
    }

    // The offset of the block's first member (the block is not empty).
    int firstOffset() const
    {
        int first = 0;
        forEachRun([&](int start, int) {
            first = start;
            return false;
        });
        return first;
    }

    void toRuns()
    {
        if (form == Form::Runs)
            return;
        std::vector<quint16> runs;
        forEachRun([&](int start, int length) {
            runs.push_back(quint16(start));
            runs.push_back(quint16(length - 1));
            return true;
        });
        data = std::move(runs);
        form = Form::Runs;
    }

    // Adds [start, start + length) above every member (a Runs block).
    void appendRun(int start, int length)
    {
        if (!data.empty() && runStart(runCount() - 1) + runLength(runCount() - 1) == start)
            data.back() = quint16(data.back() + length);
        else {
            data.push_back(quint16(start));
            data.push_back(quint16(length - 1));
        }
        count += quint32(length);
    }

    bool contains(int offset) const
    {
        switch (form) {
        case Form::Array:
            return std::binary_search(data.begin(), data.end(), quint16(offset));
        case Form::Bitmap:
            return bit(offset);
        case Form::Runs: {
            int lo = 0, hi = runCount();
            while (lo < hi) { // first run starting after offset
                const int mid = (lo + hi) / 2;
                if (runStart(mid) <= offset)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            return lo > 0 && offset < runStart(lo - 1) + runLength(lo - 1);
        }
        }
        return false;
    }

    // Members with an offset below `offset`.
    qint64 rank(int offset) const
    {
        switch (form) {
        case Form::Array:
            return std::lower_bound(data.begin(), data.end(), quint16(offset)) - data.begin();
        case Form::Bitmap: {
            qint64 n = 0;
            const int whole = offset >> 4;
            for (int w = 0; w < whole && w < kBitmapWords; ++w)
                n += popcount16(data[w]);
            if (whole < kBitmapWords && (offset & 15))
                n += popcount16(quint16(data[whole] & ((1u << (offset & 15)) - 1)));
            return n;
        }
        case Form::Runs: {
            qint64 n = 0;
            for (int i = 0; i < runCount() && runStart(i) < offset; ++i)
                n += qMin(runLength(i), offset - runStart(i));
            return n;
        }
        }
        return 0;
    }

    // The offset of the index-th member (index < count).
    int at(qint64 index) const
    {
        switch (form) {
        case Form::Array:
            return data[size_t(index)];
        case Form::Bitmap:
            for (int w = 0; w < kBitmapWords; ++w) {
                const int n = popcount16(data[w]);
                if (index < n) {
                    quint16 word = data[w];
                    for (qint64 k = 0; k < index; ++k)
                        word = quint16(word & (word - 1));
                    return (w << 4) + std::countr_zero(unsigned(word));
                }
                index -= n;
            }
            return 0;
        case Form::Runs:
            for (int i = 0; i < runCount(); ++i) {
                if (index < runLength(i))
                    return runStart(i) + int(index);
                index -= runLength(i);
            }
            return 0;
        }
        return 0;
    }

    qint64 heapBytes() const { return qint64(data.capacity() * sizeof(quint16)); }
};

LineSet::LineSet() = default;
LineSet::~LineSet() = default;
LineSet::LineSet(const LineSet &) = default;
LineSet::LineSet(LineSet &&) noexcept = default;
LineSet &LineSet::operator=(const LineSet &) = default;
LineSet &LineSet::operator=(LineSet &&) noexcept = default;

void LineSet::seal(Block &block)
{
    if (block.form != Block::Form::Runs)
        return;
    const qint64 runsBytes = qint64(block.data.size()) * 2;
    const qint64 arrayBytes = qint64(block.count) * 2;
    const qint64 bitmapBytes = qint64(kBitmapWords) * 2;
    if (block.count > kArrayLimit && bitmapBytes < runsBytes) {
        std::vector<quint16> words(kBitmapWords, 0);
        block.forEachRun([&](int start, int length) {
            for (int o = start; o < start + length; ++o)
                words[size_t(o >> 4)] = quint16(words[size_t(o >> 4)] | (1u << (o & 15)));
            return true;
        });
        block.data = std::move(words);
        block.form = Block::Form::Bitmap;
    } else if (block.count <= kArrayLimit && arrayBytes < runsBytes) {
        std::vector<quint16> offsets;
        offsets.reserve(block.count);
        block.forEachRun([&](int start, int length) {
            for (int o = start; o < start + length; ++o)
                offsets.push_back(quint16(o));
            return true;
        });
        block.data = std::move(offsets);
        block.form = Block::Form::Array;
    } else {
        block.data.shrink_to_fit();
    }
}

LineSet::Block &LineSet::blockFor(qint64 key)
{
    if (m_blocks.empty() || m_blocks.back().key != key) {
        if (!m_blocks.empty())
            seal(m_blocks.back());
        Block block;
        block.key = key;
        block.before = m_count;
        m_blocks.push_back(std::move(block));
    }
    Block &block = m_blocks.back();
    block.toRuns();
    return block;
}

std::optional<qint64> LineSet::last() const
{
    return m_count > 0 ? std::optional<qint64>(m_last) : std::nullopt;
}

void LineSet::append(qint64 line) { appendRange(line, 1); }

void LineSet::appendRange(qint64 first, qint64 count)
{
    if (m_count > 0 && first <= m_last) {
        count -= m_last + 1 - first;
        first = m_last + 1;
    }
    if (first < 0) {
        count += first;
        first = 0;
    }
    while (count > 0) {
        const qint64 key = first >> kBlockBits;
        const int start = int(first & (kBlockLines - 1));
        const int length = int(qMin<qint64>(count, kBlockLines - start));
        blockFor(key).appendRun(start, length);
        m_count += length;
        m_last = first + length - 1;
        first += length;
        count -= length;
    }
}

void LineSet::appendSet(LineSet &&other, qint64 shift)
{
    if (other.isEmpty())
        return;
    const auto appendRuns = [&](const Block &block) {
        block.forEachRun([&](int start, int length) {
            appendRange(block.firstLine() + start + shift, length);
            return true;
        });
    };
    const Block &front = other.m_blocks.front();
    const bool above = m_count == 0 || front.firstLine() + front.firstOffset() + shift > m_last;
    if (!above || (shift & (kBlockLines - 1)) != 0) {
        for (const Block &block : other.m_blocks)
            appendRuns(block);
        other = LineSet();
        return;
    }
    size_t next = 0;
    if (!m_blocks.empty() && front.key + (shift >> kBlockBits) == m_blocks.back().key) {
        appendRuns(front); // shares our last block
        next = 1;
    }
    if (!m_blocks.empty())
        seal(m_blocks.back());
    for (size_t i = next; i < other.m_blocks.size(); ++i) {
        Block &block = other.m_blocks[i];
        block.key += shift >> kBlockBits;
        block.before = m_count;
        m_count += block.count;
        m_blocks.push_back(std::move(block));
    }
    m_last = other.m_last + shift;
    other = LineSet();
}

void LineSet::removeFrom(qint64 line)
{
    if (m_count == 0 || line > m_last)
        return;
    line = qMax<qint64>(line, 0);
    const qint64 key = line >> kBlockBits;
    while (!m_blocks.empty() && m_blocks.back().key > key)
        m_blocks.pop_back();
    if (!m_blocks.empty() && m_blocks.back().key == key) {
        Block &block = m_blocks.back();
        block.toRuns();
        const int cut = int(line & (kBlockLines - 1));
        std::vector<quint16> runs;
        quint32 kept = 0;
        block.forEachRun([&](int start, int length) {
            const int end = qMin(start + length, cut);
            if (end > start) {
                runs.push_back(quint16(start));
                runs.push_back(quint16(end - start - 1));
                kept += quint32(end - start);
            }
            return start + length < cut;
        });
        block.data = std::move(runs);
        block.count = kept;
        if (kept == 0)
            m_blocks.pop_back();
    }
    m_count = m_blocks.empty() ? 0 : m_blocks.back().before + m_blocks.back().count;
    if (m_count > 0)
        m_last = m_blocks.back().firstLine() + m_blocks.back().at(m_blocks.back().count - 1);
}

qint64 LineSet::blockIndexFor(qint64 line) const
{
    const qint64 key = line >> kBlockBits;
    const auto it = std::lower_bound(m_blocks.begin(), m_blocks.end(), key,
                                     [](const Block &block, qint64 k) { return block.key < k; });
    return it != m_blocks.end() && it->key == key ? it - m_blocks.begin() : -1;
}

bool LineSet::contains(qint64 line) const
{
    if (line < 0)
        return false;
    const qint64 i = blockIndexFor(line);
    return i >= 0 && m_blocks[size_t(i)].contains(int(line & (kBlockLines - 1)));
}

qint64 LineSet::rank(qint64 line) const
{
    if (line <= 0 || m_blocks.empty())
        return 0;
    const qint64 key = line >> kBlockBits;
    const auto it = std::lower_bound(m_blocks.begin(), m_blocks.end(), key,
                                     [](const Block &block, qint64 k) { return block.key < k; });
    if (it == m_blocks.end())
        return m_count;
    if (it->key != key)
        return it->before;
    return it->before + it->rank(int(line & (kBlockLines - 1)));
}

std::optional<qint64> LineSet::at(qint64 index) const
{
    if (index < 0 || index >= m_count)
        return std::nullopt;
    const auto it = std::upper_bound(m_blocks.begin(), m_blocks.end(), index,
                                     [](qint64 i, const Block &block) { return i < block.before; });
    const Block &block = *(it - 1);
    return block.firstLine() + block.at(index - block.before);
}

std::optional<qint64> LineSet::nextFrom(qint64 line) const { return at(rank(qMax<qint64>(line, 0))); }

std::optional<qint64> LineSet::previousFrom(qint64 line) const
{
    if (line < 0)
        return std::nullopt;
    const qint64 below = rank(line + 1);
    return below > 0 ? at(below - 1) : std::nullopt;
}

qint64 LineSet::memoryBytes() const
{
    qint64 bytes = qint64(m_blocks.capacity() * sizeof(Block));
    for (const Block &block : m_blocks)
        bytes += block.heapBytes();
    return bytes;
}

// The maximal runs of a set, one at a time: only one block's runs are held at once.
class LineSet::RangeReader {
public:
    explicit RangeReader(const LineSet &set)
        : m_set(set)
    {
        advance();
    }
    bool atEnd() const { return m_count == 0; }
    std::pair<qint64, qint64> peek() const { return {m_first, m_count}; }
    void pop() { advance(); }

private:
    bool fill()
    {
        while (m_pos >= m_runs.size()) {
            if (m_block >= m_set.m_blocks.size())
                return false;
            const Block &block = m_set.m_blocks[m_block++];
            m_runs.clear();
            m_pos = 0;
            block.forEachRun([&](int start, int length) {
                m_runs.push_back({block.firstLine() + start, length});
                return true;
            });
        }
        return true;
    }
    void advance()
    {
        m_count = 0;
        if (!fill())
            return;
        std::tie(m_first, m_count) = m_runs[m_pos++];
        while (fill() && m_runs[m_pos].first == m_first + m_count)
            m_count += m_runs[m_pos++].second;
    }

    const LineSet &m_set;
    size_t m_block = 0;
    std::vector<std::pair<qint64, qint64>> m_runs;
    size_t m_pos = 0;
    qint64 m_first = 0;
    qint64 m_count = 0;
};

void LineSet::forEachRange(const std::function<bool(qint64, qint64)> &visit) const
{
    for (RangeReader ranges(*this); !ranges.atEnd(); ranges.pop())
        if (!visit(ranges.peek().first, ranges.peek().second))
            return;
}

LineSet LineSet::unite(const LineSet &a, const LineSet &b)
{
    LineSet out;
    RangeReader sa(a), sb(b);
    while (!sa.atEnd() || !sb.atEnd()) {
        RangeReader &s = sb.atEnd() || (!sa.atEnd() && sa.peek().first <= sb.peek().first) ? sa : sb;
        const auto [first, count] = s.peek();
        out.appendRange(first, count);
        s.pop();
    }
    out.squeeze();
    return out;
}

LineSet LineSet::subtract(const LineSet &a, const LineSet &b)
{
    LineSet out;
    RangeReader sa(a), sb(b);
    for (; !sa.atEnd(); sa.pop()) {
        auto [first, count] = sa.peek();
        const qint64 end = first + count;
        while (first < end) {
            while (!sb.atEnd() && sb.peek().first + sb.peek().second <= first)
                sb.pop();
            if (sb.atEnd() || sb.peek().first >= end) {
                out.appendRange(first, end - first);
                break;
            }
            const auto [holeFirst, holeCount] = sb.peek();
            if (holeFirst > first)
                out.appendRange(first, holeFirst - first);
            first = holeFirst + holeCount;
        }
    }
    out.squeeze();
    return out;
}

LineSet LineSet::complement(const LineSet &s, qint64 lineCount)
{
    LineSet out;
    qint64 next = 0;
    s.forEachRange([&](qint64 first, qint64 count) {
        if (first >= lineCount)
            return false;
        if (first > next)
            out.appendRange(next, first - next);
        next = first + count;
        return true;
    });
    if (next < lineCount)
        out.appendRange(next, lineCount - next);
    out.squeeze();
    return out;
}

void LineSet::squeeze()
{
    if (!m_blocks.empty())
        seal(m_blocks.back());
}

bool operator==(const LineSet &a, const LineSet &b)
{
    if (a.count() != b.count())
        return false;
    LineSet::RangeReader sa(a), sb(b);
    for (; !sa.atEnd() && !sb.atEnd(); sa.pop(), sb.pop())
        if (sa.peek() != sb.peek())
            return false;
    return sa.atEnd() && sb.atEnd();
}
