#pragma once

#include <QColor>
#include <QObject>
#include <QString>
#include <QVector>

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
    // The lines changed (a new file, an edit): forget what was learnt from row `fromRow` on.
    virtual void invalidate(int fromRow) = 0;

signals:
    void stylesChanged();
};
