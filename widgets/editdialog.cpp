#include "editdialog.h"

#include <QStringDecoder>
#include <QStringEncoder>

#include "byteformat.h"
#include "codecreader.h"
#include "fixedfont.h"
#include "byteliteral.h"
#include "filerewriter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <climits>

EditDialog::EditDialog(const Context &context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
{
    setWindowTitle(tr("Edit"));
    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    auto *heading = new QLabel(tr("Editing %1 (%2):").arg(context.what, encodingName(context)), this);
    heading->setWordWrap(true);
    layout->addWidget(heading);
    auto *formRow = new QHBoxLayout;
    auto *formLabel = new QLabel(tr("&Type the new bytes as:"), this);
    m_formBox = new QComboBox(this);
    m_formBox->setObjectName(QStringLiteral("form"));
    m_formBox->addItem(tr("Text (%1)").arg(encodingName(context)));
    m_formBox->addItem(tr("Hex (58 58 58)"));
    m_formBox->addItem(tr("Python bytes literal (b'XXX')"));
    formLabel->setBuddy(m_formBox);
    formRow->addWidget(formLabel);
    formRow->addWidget(m_formBox);
    formRow->addStretch(1);
    layout->addLayout(formRow);
    m_stalePanel = new QLabel(this);
    m_stalePanel->setObjectName(QStringLiteral("stale"));
    m_stalePanel->setWordWrap(true);
    m_stalePanel->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    m_stalePanel->hide();
    layout->addWidget(m_stalePanel);

    const QString original = decode(context.original);
    m_lossyOriginal = encode(original) != context.original;
    const QFont fixed = fixedFont();
    if (context.multiLine) {
        m_textEdit = new QPlainTextEdit(this);
        m_textEdit->setObjectName(QStringLiteral("text"));
        m_textEdit->setFont(fixed);
        m_textEdit->setPlainText(original);
        m_textEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
        connect(m_textEdit, &QPlainTextEdit::textChanged, this, &EditDialog::updateSummary);
        layout->addWidget(m_textEdit, 1);
    } else {
        m_lineEdit = new QLineEdit(this);
        m_lineEdit->setObjectName(QStringLiteral("text"));
        m_lineEdit->setFont(fixed);
        m_lineEdit->setText(original);
        m_lineEdit->setMinimumWidth(560);
        connect(m_lineEdit, &QLineEdit::textChanged, this, &EditDialog::updateSummary);
        layout->addWidget(m_lineEdit);
    }

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setMinimumHeight(m_summary->fontMetrics().lineSpacing() * 4);
    m_summary->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_summary);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();
    layout->addWidget(m_error);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->hide();
    layout->addWidget(m_progress);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_apply = m_buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("apply"));
    m_apply->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canApply() && !m_running) {
            m_error->hide();
            emit applyRequested(newBytes());
        }
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EditDialog::reject);
    layout->addWidget(m_buttons);
    connect(m_formBox, &QComboBox::activated, this, [this](int index) { setForm(Form(index)); });
    // The text has the focus (typing goes there at once); the form box comes after it.
    QWidget *input = m_textEdit ? static_cast<QWidget *>(m_textEdit) : m_lineEdit;
    input->setFocus();
    setTabOrder(input, m_formBox);
    if (m_lossyOriginal) {
        // Bytes that are not valid UTF-8 would be lost as text: show them as a literal.
        m_form = Form::PythonLiteral;
        m_formBox->setCurrentIndex(int(m_form));
        setText(render(context.original, m_form));
    }
    updateSummary();
}

QString EditDialog::encodingName(const Context &context)
{
    switch (context.encoding) {
    case Encoding::Codec:
        return QString::fromLatin1(context.codecName);
    case Encoding::Utf8:
        return QStringLiteral("UTF-8");
    case Encoding::Latin1:
        return QStringLiteral("Latin-1");
    case Encoding::Utf16LE:
        return QStringLiteral("UTF-16LE");
    case Encoding::Utf16BE:
        return QStringLiteral("UTF-16BE");
    }
    return QString();
}

QString EditDialog::decode(const QByteArray &bytes) const
{
    switch (m_context.encoding) {
    case Encoding::Codec:
        if (const std::optional<TextEncoding> codec = TextEncoding::fromName(m_context.codecName))
            return CodecReader::decodeLine(*codec, bytes);
        return QString::fromLatin1(bytes);
    case Encoding::Utf8:
        return QString::fromUtf8(bytes);
    case Encoding::Latin1:
        return QString::fromLatin1(bytes);
    case Encoding::Utf16LE:
    {
        QStringDecoder decoder(QStringConverter::Utf16LE, QStringConverter::Flag::Stateless);
        return QString(decoder.decode(bytes));
    }
    case Encoding::Utf16BE:
    {
        QStringDecoder decoder(QStringConverter::Utf16BE, QStringConverter::Flag::Stateless);
        return QString(decoder.decode(bytes));
    }
    }
    return QString();
}

QByteArray EditDialog::encode(const QString &text) const
{
    switch (m_context.encoding) {
    case Encoding::Codec: {
        const std::optional<TextEncoding> codec = TextEncoding::fromName(m_context.codecName);
        return codec ? CodecReader::encode(*codec, text).value_or(QByteArray()) : QByteArray();
    }
    case Encoding::Utf8:
        return text.toUtf8();
    case Encoding::Latin1:
        return text.toLatin1();
    case Encoding::Utf16LE:
    {
        QStringEncoder encoder(QStringConverter::Utf16LE, QStringConverter::Flag::Stateless);
        return QByteArray(encoder.encode(text));
    }
    case Encoding::Utf16BE:
    {
        QStringEncoder encoder(QStringConverter::Utf16BE, QStringConverter::Flag::Stateless);
        return QByteArray(encoder.encode(text));
    }
    }
    return QByteArray();
}

QString EditDialog::render(const QByteArray &bytes, Form form) const
{
    switch (form) {
    case Form::Text:
        return decode(bytes);
    case Form::Hex:
        return QString::fromLatin1(bytes.toHex(' '));
    case Form::PythonLiteral:
        return ByteFormat::pythonBytesLiteral(bytes);
    }
    return QString();
}

void EditDialog::setForm(Form form)
{
    m_formBox->setCurrentIndex(int(form));
    if (form == m_form)
        return;
    QString error;
    const std::optional<QByteArray> bytes = parse(&error);
    m_form = form;
    if (bytes)
        setText(render(*bytes, form));
    updateSummary();
}

std::optional<QByteArray> EditDialog::parse(QString *error) const
{
    switch (m_form) {
    case Form::Text: {
        const QString problem = encodingProblem();
        if (!problem.isEmpty()) {
            *error = problem;
            return std::nullopt;
        }
        return encode(text());
    }
    case Form::Hex:
        return ByteLiteral::parseHex(text(), error);
    case Form::PythonLiteral:
        return ByteLiteral::parsePython(text(), error);
    }
    return std::nullopt;
}

QString EditDialog::inputProblem() const
{
    QString error;
    return parse(&error) ? QString() : error;
}

void EditDialog::setStale(const QString &reason)
{
    if (reason == m_stale)
        return;
    m_stale = reason;
    m_stalePanel->setText(reason.isEmpty() ? QString()
                                           : tr("The file changed since this dialog opened: %1 Applying is off; "
                                                "your text is kept here (copy it, then close and edit again).")
                                                 .arg(reason));
    m_stalePanel->setVisible(!reason.isEmpty());
    updateSummary();
    adjustSize(); // room for the notice, all of it readable
}

QString EditDialog::text() const
{
    return m_textEdit ? m_textEdit->toPlainText() : m_lineEdit->text();
}

void EditDialog::setText(const QString &text)
{
    if (m_textEdit)
        m_textEdit->setPlainText(text);
    else
        m_lineEdit->setText(text);
}

QString EditDialog::encodingProblem() const
{
    if (m_form != Form::Text)
        return QString();
    const QString current = text();
    if (m_context.encoding == Encoding::Codec) {
        const std::optional<TextEncoding> codec = TextEncoding::fromName(m_context.codecName);
        if (!codec || current.isEmpty() || CodecReader::encode(*codec, current))
            return QString();
        for (qsizetype i = 0; i < current.size(); ++i) {
            if (!CodecReader::encode(*codec, current.mid(i, 1)))
                return tr("\"%1\" cannot be written in %2.").arg(current.mid(i, 1), encodingName(m_context));
        }
        return tr("The text cannot be written in %1.").arg(encodingName(m_context));
    }
    if (m_context.encoding != Encoding::Latin1)
        return QString();
    for (const QChar c : current) {
        if (c.unicode() > 0xff)
            return tr("\"%1\" cannot be written in Latin-1.").arg(c);
    }
    return QString();
}

QByteArray EditDialog::newBytes() const
{
    QString error;
    return parse(&error).value_or(QByteArray());
}

bool EditDialog::isSameLength() const
{
    return newBytes().size() == m_context.original.size();
}

bool EditDialog::canApply() const
{
    if (!m_context.readOnlyReason.isEmpty() || !m_stale.isEmpty() || !inputProblem().isEmpty()
        || newBytes() == m_context.original)
        return false;
    if (isSameLength() || m_context.freeBytes < 0)
        return true;
    const qint64 newSize = m_context.fileSize - m_context.original.size() + newBytes().size();
    return m_context.freeBytes >= FileRewriter::requiredFreeBytes(newSize);
}

QString EditDialog::durationText(qint64 bytes, qint64 bytesPerSecond)
{
    const double seconds = double(bytes) / double(qMax<qint64>(1, bytesPerSecond));
    if (seconds < 1)
        return tr("under a second");
    if (seconds < 90) {
        const int rounded = int(seconds + 0.5);
        return rounded == 1 ? tr("about a second") : tr("about %1 seconds").arg(rounded);
    }
    return tr("about %1 minutes").arg(int(seconds / 60 + 0.5));
}

QString EditDialog::summary() const
{
    return m_summary->text();
}

void EditDialog::updateSummary()
{
    const QLocale locale;
    QString text;
    const QByteArray bytes = newBytes();
    const QString problem = inputProblem();
    const QString lengths = tr("Old: %n byte(s). ", nullptr, int(qMin<qint64>(m_context.original.size(), INT_MAX)))
        + (problem.isEmpty() ? tr("New: %n byte(s). ", nullptr, int(qMin<qint64>(bytes.size(), INT_MAX))) : QString());
    if (!m_context.readOnlyReason.isEmpty()) {
        text = tr("Read only: %1").arg(m_context.readOnlyReason);
    } else if (!problem.isEmpty()) {
        text = lengths + problem;
    } else if (bytes == m_context.original) {
        text = lengths + tr("No change.");
    } else if (isSameLength()) {
        text = lengths + tr("Same length: written in place, at once (journalled).");
    } else {
        const qint64 delta = bytes.size() - m_context.original.size();
        const qint64 newSize = m_context.fileSize + delta;
        const qint64 needed = FileRewriter::requiredFreeBytes(newSize);
        text = lengths + tr("The length changes by %1 bytes: the file (%2) will be rewritten beside the original, then "
                  "put in its place. This takes %3 and needs %4 of free disk space")
                   .arg(delta > 0 ? QStringLiteral("+%1").arg(locale.toString(delta)) : locale.toString(delta),
                        locale.formattedDataSize(m_context.fileSize),
                        durationText(newSize, m_context.copyBytesPerSecond), locale.formattedDataSize(needed));
        if (m_context.freeBytes >= 0) {
            text += tr(" (%1 free).").arg(locale.formattedDataSize(m_context.freeBytes));
            if (m_context.freeBytes < needed)
                text += QLatin1Char(' ') + tr("Not enough free disk space.");
        } else {
            text += QLatin1Char('.');
        }
    }
    if (m_lossyOriginal)
        text += QLatin1Char(' ')
            + (m_form == Form::Text ? tr("Note: the original holds bytes that are not valid UTF-8; as text they will be "
                                         "written as U+FFFD.")
                                    : tr("The original holds bytes that are not valid UTF-8, so it is shown in this "
                                         "form: no byte is lost."));
    m_summary->setText(text);
    m_apply->setEnabled(canApply() && !m_running);
    m_apply->setToolTip(!m_stale.isEmpty() ? m_stale : m_context.readOnlyReason);
    if (!m_running)
        m_apply->setText(isSameLength() ? tr("&Apply") : tr("&Rewrite File"));
}

void EditDialog::setRunning(bool running)
{
    m_running = running;
    if (m_textEdit)
        m_textEdit->setReadOnly(running);
    else
        m_lineEdit->setReadOnly(running);
    m_progress->setVisible(running);
    m_progress->setRange(0, 0); // busy until the first progress report
    m_apply->setEnabled(canApply() && !running);
}

void EditDialog::setProgress(qint64 doneBytes, qint64 totalBytes)
{
    m_progress->setRange(0, 1000);
    m_progress->setValue(totalBytes > 0 ? int(doneBytes * 1000 / totalBytes) : 0);
    m_progress->setFormat(tr("%1 of %2").arg(QLocale().formattedDataSize(doneBytes),
                                              QLocale().formattedDataSize(totalBytes)));
}

void EditDialog::showError(const QString &message)
{
    setRunning(false);
    m_error->setText(message);
    m_error->show();
}

void EditDialog::reject()
{
    if (m_running) {
        emit cancelRequested();
        return;
    }
    QDialog::reject();
}
