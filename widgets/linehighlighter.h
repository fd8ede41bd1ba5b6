#pragma once

#include "linestyler.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/State>

#include <QTimer>

#include <functional>
#include <map>

// Syntax highlighting of the displayed lines with KSyntaxHighlighting, for files of any size:
// only the rows about to be painted are highlighted.
//
// Highlighting a line needs the state left by the line above (an open comment, a string). The
// highlighter keeps that state at checkpoints every kCheckpointEvery rows, learnt in order from
// the first row. A screen near what is known is highlighted exactly at once; a jump far past it
// starts from a fresh state, and the states above are then learnt in small time slices on the
// event loop (never blocking a paint), after which stylesChanged() asks for a repaint with exact
// colours. Past kMaxRefineRows rows of distance the fresh state is kept.
//
// Lines longer than kMaxLineChars (minified JSON, one-line dumps) are highlighted where they are
// shown: the view hands over the columns on screen from a multiple of 512 columns
// (sliceSpans()), highlighted from the state at the line's start when they start it and from a
// fresh state otherwise (as far jumps do), so a screen of very long lines costs what a screen of
// ordinary ones does, at any column. A long line passes on only what its first kMaxLineChars
// characters leave to the next line.
class LineHighlighter : public LineStyler, public KSyntaxHighlighting::AbstractHighlighter {
    Q_OBJECT
    Q_INTERFACES(KSyntaxHighlighting::AbstractHighlighter)
public:
    static constexpr int kCheckpointEvery = 256;
    static constexpr int kSyncRows = 4000;         // at most this far learnt inside prepare()...
    static constexpr int kSyncBudgetMs = 3;        // ...and for at most this long, else deferred
    static constexpr int kMaxLineChars = 256;      // characters of a line highlighted; the rest is plain
    static constexpr int kMaxRefineRows = 2000000; // learnt in the background at most
    static constexpr int kSliceMs = 6;

    using RowText = std::function<QString(int row)>;
    explicit LineHighlighter(RowText rowText, QObject *parent = nullptr);

    void setDefinition(const KSyntaxHighlighting::Definition &definition) override;
    void setTheme(const KSyntaxHighlighting::Theme &theme) override;

    void prepare(int firstRow, int lastRow) override;
    QVector<StyledSpan> spans(int row, const QString &text) override;
    qint64 wholeRowLimit() const override { return kMaxLineChars; }
    QVector<StyledSpan> sliceSpans(int row, qint64 fromColumn, const QString &slice) override;
    void invalidate(int fromRow) override;

    // Rows from the first whose starting state is known exactly.
    int knownRows() const { return m_knownRows; }
    // Whether the last prepared screen was highlighted from exact states.
    bool lastScreenExact() const { return m_screenExact; }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;

private:
    void learnUpTo(int row, qint64 budgetMs);
    void refineSlice();
    KSyntaxHighlighting::State stateAt(int row); // row <= m_knownRows
    QVector<StyledSpan> highlight(const QString &text, KSyntaxHighlighting::State &state);

    RowText m_rowText;
    std::map<int, KSyntaxHighlighting::State> m_checkpoints; // state at the start of row k*kCheckpointEvery
    int m_knownRows = 0;
    KSyntaxHighlighting::State m_knownState; // state at the start of row m_knownRows

    int m_screenFirst = -1;
    QVector<QVector<StyledSpan>> m_screenSpans;
    QVector<KSyntaxHighlighting::State> m_screenStates; // at the start of each prepared row
    bool m_screenExact = true;
    int m_refineTarget = -1;
    QTimer m_refineTimer;

    QVector<StyledSpan> *m_collecting = nullptr;
};
