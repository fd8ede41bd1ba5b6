#include "encodingcontroller.h"

#include "appsettings.h"
#include "document.h"
#include "documentstatus.h"
#include "documenttab.h"
#include "encodingdialog.h"
#include "inspectorcontroller.h"
#include "mainwindow.h"
#include "sliceinspector.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>

EncodingController::EncodingController(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    QMenu *view = window->menu(MainWindow::Menu::View);
    m_menu = new QMenu(tr("&Encoding"), view);
    m_menu->setObjectName(QStringLiteral("encodingMenu"));
    const QList<QAction *> viewActions = view->actions();
    view->insertMenu(viewActions.isEmpty() ? nullptr : viewActions.first(), m_menu);
    connect(m_menu, &QMenu::aboutToShow, this, &EncodingController::rebuildMenu);
    rebuildMenu();

    connect(window, &MainWindow::tabCreated, this, &EncodingController::watch);
}

QList<QByteArray> EncodingController::commonNames()
{
    return {"UTF-8",     "UTF-16LE", "UTF-16BE", "windows-1252", "ISO-8859-1", "Shift_JIS", "EUC-JP",
            "GB18030",   "Big5",     "EUC-KR",   "KOI8-R",       "windows-1251"};
}

void EncodingController::watch(DocumentTab *tab)
{
    Document *document = tab->document();
    if (document->state() == Document::State::Open)
        applyRemembered(document);
    else
        document->setAutomaticEncoding();
    connect(document, &Document::opened, this, [this, document] { applyRemembered(document); });
    connect(document, &Document::encodingChanged, this, [this, document] {
        if (document == m_window->document())
            encodingApplied();
    });
}

void EncodingController::applyRemembered(Document *document)
{
    const QByteArray remembered = m_window->settings().fileEncoding(document->path());
    if (!remembered.isEmpty()) {
        if (const std::optional<TextEncoding> encoding = TextEncoding::fromName(remembered)) {
            if (document->isEncodingAutomatic() || document->encoding() != *encoding)
                document->setEncoding(*encoding);
            return;
        }
    }
    if (!document->isEncodingAutomatic())
        document->setAutomaticEncoding();
}

void EncodingController::chooseEncoding(const QByteArray &name)
{
    Document *document = m_window->document();
    QString error;
    const std::optional<TextEncoding> encoding = TextEncoding::fromName(name, &error);
    if (!encoding) {
        m_window->status()->setMessage(error);
        return;
    }
    document->setEncoding(*encoding);
    if (!document->path().isEmpty())
        m_window->settings().setFileEncoding(document->path(), encoding->name());
    encodingApplied();
}

void EncodingController::detectAutomatically()
{
    Document *document = m_window->document();
    if (!document->path().isEmpty())
        m_window->settings().setFileEncoding(document->path(), QByteArray());
    document->setAutomaticEncoding();
    encodingApplied();
}

void EncodingController::chooseFromAll()
{
    auto *dialog = new EncodingDialog(m_window->document()->encoding().name(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!dialog->chosenName().isEmpty())
            chooseEncoding(dialog->chosenName());
    });
    dialog->open();
}

void EncodingController::encodingApplied()
{
    m_window->status()->refresh();
    if (auto *inspector = m_window->findChild<InspectorController *>())
        inspector->inspector()->setEncoding(m_window->document()->encoding());
}

void EncodingController::rebuildMenu()
{
    m_menu->clear();
    const Document *document = m_window->document();
    const TextEncoding current = document->encoding();
    const bool open = document->state() == Document::State::Open;

    QAction *detect = m_menu->addAction(tr("&Detect Automatically"), this, &EncodingController::detectAutomatically);
    detect->setCheckable(true);
    detect->setChecked(document->isEncodingAutomatic());
    if (const std::optional<EncodingDetector::Result> detection = document->encodingDetection();
        detection && document->isEncodingAutomatic())
        detect->setText(tr("&Detect Automatically (%1)").arg(QString::fromLatin1(detection->encoding.name())));
    m_menu->addSeparator();

    auto *group = new QActionGroup(m_menu);
    QList<QByteArray> names = commonNames();
    if (open && !names.contains(current.name()))
        names.append(current.name());
    for (const QByteArray &name : names) {
        QString label = QString::fromLatin1(name);
        if (name == "ISO-8859-1")
            label = tr("ISO-8859-1 (Latin-1)");
        QAction *action = m_menu->addAction(label, this, [this, name] { chooseEncoding(name); });
        action->setData(name);
        action->setCheckable(true);
        action->setChecked(open && current.name() == name);
        group->addAction(action);
    }
    m_menu->addSeparator();
    m_menu->addAction(tr("&More…"), this, &EncodingController::chooseFromAll)->setObjectName(QStringLiteral("encodingMore"));
}
