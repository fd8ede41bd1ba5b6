#pragma once

#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QListWidget;

// The marked lines of a file as a list: "1,204: the line's text", in file order. A click (or Enter)
// on one asks to go there (lineActivated). Shows at most kMaxShown entries (the rest are counted).
// The text of each line comes from the function given, called for the listed lines only.
class MarksView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxShown = 10000;
    static constexpr int kMaxTextChars = 300;

    explicit MarksView(QWidget *parent = nullptr);

    using LineText = std::function<QString(qint64 line)>;
    // `lines`: 0-based, increasing.
    void setMarks(const std::vector<qint64> &lines, const LineText &text);
    int shownCount() const;
    // The 0-based line of entry `index`; -1 outside.
    qint64 lineAt(int index) const;

signals:
    void lineActivated(qint64 line);

private:
    QListWidget *m_list;
    QLabel *m_summary;
    std::vector<qint64> m_lines;
};
