#pragma once

#include <QColor>
#include <QObject>
#include <QString>
#include <QVector>

#include <limits>

// A run of characters of one displayed line drawn in one style.
struct StyledSpan {
    int start = 0;
    int length = 0;
    QColor foreground; // invalid: the view's text colour
    QColor background; // invalid: none
    bool bold = false;
    bool italic = false;
    bool underline = false;
};

// Gives the styles of displayed lines, one screen at a time. The view calls prepare() with the
// rows it is about to paint, then spans() for each of them, all on the GUI thread. A styler
// whose result for some rows improves later (state learnt from lines above) emits
// stylesChanged() so that the view repaints.
class LineStyler : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~LineStyler() override = default;

    virtual void prepare(int firstRow, int lastRow) = 0;
    virtual QVector<StyledSpan> spans(int row, const QString &text) = 0;
    // Rows longer than this many columns are styled a screen at a time, through sliceSpans().
    virtual qint64 wholeRowLimit() const { return std::numeric_limits<qint64>::max(); }
    // The styles of the part of a long row a view shows: `slice` is its columns from
    // `fromColumn` on (a view starts slices at multiples of 512 columns, so that they do not
    // change as it scrolls), and the spans are relative to the slice. By default the slice is
    // styled as a row of its own; a styler that can do better overrides this.
    virtual QVector<StyledSpan> sliceSpans(int row, qint64 fromColumn, const QString &slice)
    {
        Q_UNUSED(fromColumn);
        return spans(row, slice);
    }
    // The lines changed (a new file, an edit): forget what was learnt from row `fromRow` on.
    virtual void invalidate(int fromRow) = 0;

signals:
    void stylesChanged();
};
