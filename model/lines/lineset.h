#pragma once

#include <QtGlobal>

#include <functional>
#include <optional>
#include <vector>

// A set of 0-based line numbers, built in increasing order and stored compactly, for filtered
// views and marks over files of any line count.
//
// Lines are grouped in blocks of 65,536. A non-empty block keeps its members in whichever form is
// smallest once the block is complete: a sorted array of 16-bit offsets (2 bytes a member), a
// list of runs (4 bytes a run) or a bitmap (8 KiB, chosen only above 4,096 members, so under
// 2 bytes a member). Memory is therefore at most about 4 bytes per member plus a few dozen bytes
// per non-empty block, and nothing per line outside the set: a set holding every line of a
// 3-billion-line file is 46,000 one-run blocks.
//
// append()/appendRange() add lines above every member: O(1) amortised. contains(), rank() and
// at() are O(log blocks) plus O(log block) (arrays, runs) or O(1024) (bitmaps).
//
// Thread-safety: a value type; const members may be called from several threads at once.
class LineSet {
public:
    static constexpr int kBlockBits = 16;
    static constexpr qint64 kBlockLines = qint64(1) << kBlockBits;

    LineSet();
    ~LineSet();
    LineSet(const LineSet &);
    LineSet(LineSet &&) noexcept;
    LineSet &operator=(const LineSet &);
    LineSet &operator=(LineSet &&) noexcept;

    // Adds `line`, which must be greater than every member (smaller or equal ones are ignored).
    void append(qint64 line);
    // Adds [first, first + count) (the part above every member).
    void appendRange(qint64 first, qint64 count);

    // Adds every member of `other` plus `shift` (all must be greater than every member of this
    // set; otherwise it falls back to appendRange). Takes `other`'s blocks as they are where it
    // can (a shift of whole blocks): a filter's batches join its set in O(blocks), not O(members).
    void appendSet(LineSet &&other, qint64 shift = 0);

    // Removes every member >= line (a growing file's last line is filtered again).
    void removeFrom(qint64 line);

    bool isEmpty() const { return m_count == 0; }
    qint64 count() const { return m_count; }
    // The greatest member; nullopt when empty.
    std::optional<qint64> last() const;
    bool contains(qint64 line) const;
    // How many members are smaller than `line`.
    qint64 rank(qint64 line) const;
    // The member at position `index` in increasing order; nullopt outside [0, count()).
    std::optional<qint64> at(qint64 index) const;
    // The first member >= line; nullopt if there is none.
    std::optional<qint64> nextFrom(qint64 line) const;
    // The last member <= line; nullopt if there is none.
    std::optional<qint64> previousFrom(qint64 line) const;

    // Calls `visit(first, count)` for each maximal run of consecutive members, in order; stops
    // early when `visit` returns false.
    void forEachRange(const std::function<bool(qint64 first, qint64 count)> &visit) const;

    // Seals the last block into its smallest form (appending afterwards stays allowed). Builders
    // call it when a batch of appends ends.
    void squeeze();

    // Heap bytes held (blocks and their members).
    qint64 memoryBytes() const;

    // Members of either set; members of `a` that are not in `b`; lines of [0, lineCount) not in `s`.
    static LineSet unite(const LineSet &a, const LineSet &b);
    static LineSet subtract(const LineSet &a, const LineSet &b);
    static LineSet complement(const LineSet &s, qint64 lineCount);

    friend bool operator==(const LineSet &a, const LineSet &b);

    // Walks a set's maximal runs one at a time, holding one block's runs at once.
    class RangeReader;

private:
    struct Block;

    Block &blockFor(qint64 key);
    static void seal(Block &block);
    qint64 blockIndexFor(qint64 line) const; // index of the block holding line's key, or -1

    std::vector<Block> m_blocks; // increasing keys, each non-empty
    qint64 m_count = 0;
    qint64 m_last = -1; // the greatest member while m_count > 0
};
