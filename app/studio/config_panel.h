#pragma once
// Every configuration key as an editor, generated from the engine's parameter table
// (csae::parameter_specs), so the studio and the CLI accept exactly the same keys, ranges and
// help texts. GUI thread only.

#include "model/config/config.h"

#include <QHash>
#include <QWidget>

class QLabel;

namespace csae {

class ConfigPanel : public QWidget {
    Q_OBJECT

public:
    explicit ConfigPanel(QWidget* parent = nullptr);

    /// Shows `config` in the editors (no configEdited signal).
    void setConfig(const Config& config);
    const Config& config() const { return config_; }

Q_SIGNALS:
    /// A valid edit; the new config is config().
    void configEdited();

private:
    void apply(const QString& key, const QString& value);
    QWidget* editorFor(const ParameterSpec& spec, const nlohmann::json& value);

    Config config_;
    QHash<QString, QWidget*> editors_;
    QLabel* message_ = nullptr;
    bool updating_ = false;
};

} // namespace csae
