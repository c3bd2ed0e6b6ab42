#include "app/studio/config_panel.h"

#include "app/studio/parameter_labels.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace csae {
namespace {

QString section_title(const QString& section)
{
    if (section == QLatin1String("data"))
        return ConfigPanel::tr("Data");
    if (section == QLatin1String("model"))
        return ConfigPanel::tr("Model");
    if (section == QLatin1String("neuron"))
        return ConfigPanel::tr("Neurons");
    if (section == QLatin1String("encoding"))
        return ConfigPanel::tr("Rate coding");
    return ConfigPanel::tr("Training");
}

/// The engine's allowed-range text (`csae keys`) in the UI's language: its words are translated,
/// the values (numbers, choice names, JSON) stay as they must be typed.
QString translated_range(const QString& range)
{
    static const QRegularExpression integer(QStringLiteral("^(odd )?integer (\\d+-\\d+)$"));
    static const QRegularExpression list(QStringLiteral("^list of (\\d+-\\d+) integers (\\d+-\\d+)$"));
    static const QRegularExpression real(
        QStringLiteral("^real in ([\\[(][^\\]]*\\])( or null \\(the surrogate's default\\))?$"));
    static const QRegularExpression path(QStringLiteral("^directory path \\(empty: (.*)\\)$"));
    if (const auto m = integer.match(range); m.hasMatch())
        return m.captured(1).isEmpty() ? ConfigPanel::tr("integer %1").arg(m.captured(2))
                                       : ConfigPanel::tr("odd integer %1").arg(m.captured(2));
    if (const auto m = list.match(range); m.hasMatch())
        return ConfigPanel::tr("list of %1 integers %2").arg(m.captured(1), m.captured(2));
    if (const auto m = real.match(range); m.hasMatch())
        return m.captured(2).isEmpty()
                   ? ConfigPanel::tr("real number in %1").arg(m.captured(1))
                   : ConfigPanel::tr("real number in %1 or null (the surrogate's default)").arg(m.captured(1));
    if (const auto m = path.match(range); m.hasMatch()) {
        const QString empty =
            m.captured(1) == QLatin1String("search path") ? ConfigPanel::tr("search path") : m.captured(1);
        return ConfigPanel::tr("directory path (empty: %1)").arg(empty);
    }
    return range; // choices: "a | b | c", typed as they are
}

nlohmann::json value_of(const nlohmann::ordered_json& document, const std::string& key)
{
    const auto dot = key.find('.');
    return nlohmann::json::parse(document[key.substr(0, dot)][key.substr(dot + 1)].dump());
}

} // namespace

ConfigPanel::ConfigPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    lockNote_ = new QLabel(this);
    lockNote_->setWordWrap(true);
    lockNote_->setObjectName(QStringLiteral("runLockNote"));
    lockNote_->hide();
    layout->addWidget(lockNote_);
    const auto document = config_.to_json();
    QString current_section;
    QFormLayout* form = nullptr;
    for (const auto& spec : parameter_specs()) {
        const QString key = QString::fromStdString(spec.key);
        const QString section = key.section(QLatin1Char('.'), 0, 0);
        if (section != current_section) {
            current_section = section;
            auto* group = new QGroupBox(section_title(section), this);
            form = new QFormLayout(group);
            layout->addWidget(group);
        }
        QWidget* editor = editorFor(spec, value_of(document, spec.key));
        // The engine's help text (translated: model/translatable.h) plus the allowed range, as
        // `csae keys` prints them.
        const QString help = QCoreApplication::translate("ParameterHelp", spec.help.c_str());
        editor->setToolTip(
            tr("%1\nAllowed: %2\nKey: %3").arg(help, translated_range(QString::fromStdString(spec.range)), key));
        editor->setProperty("helpToolTip", editor->toolTip());
        if (qobject_cast<QComboBox*>(editor) || qobject_cast<QSpinBox*>(editor)) {
            // The default WheelFocus would let a wheel turn over the panel both focus and edit them.
            editor->setFocusPolicy(Qt::StrongFocus);
            editor->installEventFilter(this);
        }
        editors_.insert(key, editor);
        // A readable name in the UI's language; the key as `csae` spells it is in the tooltips.
        const QString label = parameterLabel(key);
        auto* name = new QLabel(label.isEmpty() ? key.section(QLatin1Char('.'), 1) : label, this);
        name->setToolTip(key);
        name->setWordWrap(true); // long labels wrap instead of widening the dock
        name->setBuddy(editor);
        name->setObjectName(QStringLiteral("label:") + key);
        form->addRow(name, editor);
    }
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("color: #b00020"));
    layout->addWidget(message_);
    layout->addStretch(1);
    setConfig(config_);
}

QWidget* ConfigPanel::editorFor(const ParameterSpec& spec, const nlohmann::json& value)
{
    const QString key = QString::fromStdString(spec.key);
    const QString range = QString::fromStdString(spec.range);
    if (value.is_boolean()) {
        auto* box = new QCheckBox(this);
        connect(box, &QCheckBox::toggled, this,
                [this, key](bool on) { apply(key, on ? QStringLiteral("true") : QStringLiteral("false")); });
        return box;
    }
    if (!spec.choices.empty()) {
        auto* combo = new QComboBox(this);
        for (const auto& choice : spec.choices)
            combo->addItem(QString::fromStdString(choice));
        connect(combo, &QComboBox::currentTextChanged, this, [this, key](const QString& text) { apply(key, text); });
        return combo;
    }
    static const QRegularExpression integer_range(QStringLiteral("^(odd )?integer (\\d+)-(\\d+)$"));
    const auto match = integer_range.match(range);
    if (match.hasMatch() && match.captured(3).toLongLong() <= std::numeric_limits<int>::max()) {
        auto* spin = new QSpinBox(this);
        spin->setRange(match.captured(2).toInt(), match.captured(3).toInt());
        if (!match.captured(1).isEmpty())
            spin->setSingleStep(2);
        connect(spin, &QSpinBox::valueChanged, this, [this, key](int number) { apply(key, QString::number(number)); });
        return spin;
    }
    auto* line = new QLineEdit(this);
    connect(line, &QLineEdit::editingFinished, this, [this, key, line] {
        // Text keys (data.root) take the text as it is; others are JSON (numbers, lists).
        apply(key, line->text().trimmed());
    });
    return line;
}

bool ConfigPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Wheel && watched->isWidgetType() && !static_cast<QWidget*>(watched)->hasFocus()) {
        // Swallowed here but left unaccepted, so QApplication hands it on to the scroll area.
        event->ignore();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void ConfigPanel::setConfig(const Config& config)
{
    config_ = config;
    const bool was_valid = isValid();
    pending_.clear();
    updating_ = true;
    const auto document = config_.to_json();
    for (const auto& spec : parameter_specs()) {
        QWidget* editor = editors_.value(QString::fromStdString(spec.key));
        const nlohmann::json value = value_of(document, spec.key);
        if (auto* box = qobject_cast<QCheckBox*>(editor))
            box->setChecked(value.get<bool>());
        else if (auto* combo = qobject_cast<QComboBox*>(editor))
            combo->setCurrentText(QString::fromStdString(value.get<std::string>()));
        else if (auto* spin = qobject_cast<QSpinBox*>(editor))
            spin->setValue(static_cast<int>(value.get<std::int64_t>()));
        else if (auto* line = qobject_cast<QLineEdit*>(editor))
            line->setText(QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump()));
    }
    showErrors({});
    updating_ = false;
    if (!was_valid)
        Q_EMIT validityChanged(true);
}

void ConfigPanel::apply(const QString& key, const QString& value)
{
    if (updating_)
        return;
    const bool was_valid = isValid();
    pending_.insert(key, value);
    // Every edit not yet accepted is tried again together: fixing encoding.dt can make a refused
    // encoding.f_on valid.
    Config edited = config_;
    QHash<QString, QString> errors;
    for (auto it = pending_.cbegin(); it != pending_.cend(); ++it) {
        try {
            edited.set(it.key().toStdString(), it.value().toStdString());
        } catch (const std::exception& error) {
            errors.insert(it.key(), QString::fromUtf8(error.what()));
        }
    }
    if (errors.isEmpty()) {
        try {
            edited.validate();
        } catch (const std::exception& error) {
            // The engine's message starts with the key it is about, which may not be the one edited.
            const QString message = QString::fromUtf8(error.what());
            const QString named = message.section(QLatin1Char(':'), 0, 0);
            if (editors_.contains(named))
                errors.insert(named, message);
            for (auto it = pending_.cbegin(); it != pending_.cend(); ++it)
                errors.insert(it.key(), message);
        }
    }
    showErrors(errors);
    if (errors.isEmpty()) {
        config_ = edited;
        pending_.clear();
    }
    if (was_valid != isValid())
        Q_EMIT validityChanged(isValid());
    if (errors.isEmpty())
        Q_EMIT configEdited();
}

void ConfigPanel::setRunLock(RunLock lock)
{
    runLock_ = lock;
    const bool locked = lock != RunLock::Unlocked;
    lockNote_->setVisible(locked);
    lockNote_->setText(lock == RunLock::PausedAtEnd
                           ? tr("The run has trained all its steps, so its keys are fixed. Start trains it again "
                                "from step 1; reset the run first to change its keys.")
                           : tr("The run is paused: the keys still enabled (learning rate and schedule, clipping, "
                                "intervals, encoding rates) apply from its next step. Reset the run to change the "
                                "others."));
    for (const auto& spec : parameter_specs()) {
        QWidget* editor = editors_.value(QString::fromStdString(spec.key));
        const bool editable = lock == RunLock::Unlocked || (lock == RunLock::Paused && spec.live);
        editor->setEnabled(editable);
        const QString help = editor->property("helpToolTip").toString();
        const QString why = spec.live
                                ? tr("Fixed: the run has no step left to apply it to. Reset the run to change it.")
                                : tr("Fixed while the run exists: it shapes the network, its data or its "
                                     "randomness. Reset the run to change it.");
        if (!errors_.contains(QString::fromStdString(spec.key)))
            editor->setToolTip(editable ? help : why + QStringLiteral("\n\n") + help);
    }
}

void ConfigPanel::showErrors(const QHash<QString, QString>& errors)
{
    for (auto it = editors_.cbegin(); it != editors_.cend(); ++it) {
        QWidget* editor = it.value();
        const QString help = editor->property("helpToolTip").toString();
        if (errors.contains(it.key())) {
            editor->setStyleSheet(QStringLiteral("background-color: #fde2e4; color: #b00020;"));
            editor->setToolTip(errors.value(it.key()) + QStringLiteral("\n\n") + help);
        } else if (errors_.contains(it.key())) {
            editor->setStyleSheet(QString());
            editor->setToolTip(help);
        }
    }
    errors_ = errors;
    QStringList messages;
    for (const QString& message : errors)
        if (!messages.contains(message))
            messages << message;
    messages.sort();
    message_->setText(messages.isEmpty() ? QString()
                                         : messages.join(QLatin1Char('\n')) + QLatin1Char('\n') +
                                               tr("Start is disabled until this is fixed."));
}

} // namespace csae
