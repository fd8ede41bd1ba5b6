#pragma once

#include <QToolButton>

// The three option buttons a pattern field has, the same in the find bar and the filter panel:
// regular expression (".*"), match case ("Aa") and whole words ("W"), checkable, flat.
struct PatternToggles {
    QToolButton *regex;
    QToolButton *matchCase;
    QToolButton *word;

    explicit PatternToggles(QWidget *parent)
        : regex(make(QStringLiteral(".*"), QToolButton::tr("Regular expression (PCRE2)"), parent))
        , matchCase(make(QStringLiteral("Aa"), QToolButton::tr("Match case"), parent))
        , word(make(QStringLiteral("W"), QToolButton::tr("Whole words"), parent))
    {
    }

private:
    static QToolButton *make(const QString &text, const QString &tip, QWidget *parent)
    {
        auto *button = new QToolButton(parent);
        button->setText(text);
        button->setToolTip(tip);
        button->setCheckable(true);
        button->setAutoRaise(true);
        return button;
    }
};
