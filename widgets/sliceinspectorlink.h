#pragma once

#include "textposition.h"

#include <QObject>
#include <QPointer>

#include <optional>

class LineModel;
class LineView;
class SliceInspector;

// Keeps a SliceInspector and a LineView in step, both ways:
//  - a selection made in the view becomes the inspector's range (while it is shown and follows the
//    selection; showing it takes the selection of that moment):
//    display columns map to bytes through LineModel::byteInLineForColumn and ByteOffsetRole;
//  - a range chosen in the inspector is selected in the view (LineModel::columnForByteInLine).
// A selection that starts or ends inside a multi-byte character or an expanded tab maps to that
// character's first byte; a range edge inside a line ending selects to the end of the line's text.
//
// Mapping reads only the displayed part of the lines at the two ends (LineModel::placeOf,
// byteOffsetAt), whatever the range's size. GUI thread.
class SliceInspectorLink : public QObject {
    Q_OBJECT
public:
    SliceInspectorLink(
        SliceInspector *inspector, LineView *view, LineModel *model, QObject *parent = nullptr);

    // The byte where a view position lies; nullopt if the row is not in the model.
    std::optional<qint64> byteAt(TextPosition position) const;
    // The view position showing a byte (the end of the file maps to the end of the last row);
    // nullopt if the byte's line is not indexed yet or past the rows the view can show.
    std::optional<TextPosition> positionOf(qint64 byteOffset) const;

    // Takes the view's current selection into the inspector, if there is one.
    void pullSelection();
    // Selects [start, end) in the view; false if either end cannot be shown yet.
    bool selectInView(qint64 start, qint64 end);

private:
    QPointer<SliceInspector> m_inspector;
    QPointer<LineView> m_view;
    QPointer<LineModel> m_model;
    bool m_selecting = false;
};
