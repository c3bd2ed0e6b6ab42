#include "app/studio/config_panel.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
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

nlohmann::json value_of(const nlohmann::ordered_json& document, const std::string& key)
{
    const auto dot = key.find('.');
    return nlohmann::json::parse(document[key.substr(0, dot)][key.substr(dot + 1)].dump());
}

} // namespace

ConfigPanel::ConfigPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
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
        editor->setToolTip(tr("%1\nAllowed: %2\nKey: %3").arg(help, QString::fromStdString(spec.range), key));
        editors_.insert(key, editor);
        form->addRow(key.section(QLatin1Char('.'), 1), editor);
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

void ConfigPanel::setConfig(const Config& config)
{
    config_ = config;
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
    message_->clear();
    updating_ = false;
}

void ConfigPanel::apply(const QString& key, const QString& value)
{
    if (updating_)
        return;
    Config edited = config_;
    try {
        edited.set(key.toStdString(), value.toStdString());
        edited.validate();
    } catch (const std::exception& error) {
        message_->setText(QString::fromUtf8(error.what()));
        return;
    }
    message_->clear();
    config_ = edited;
    Q_EMIT configEdited();
}

} // namespace csae
