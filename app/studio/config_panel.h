#pragma once
// Every configuration key as an editor, generated from the engine's parameter table
// (csae::parameter_specs), so the studio and the CLI accept exactly the same keys, ranges and
// help texts. An edit the engine refuses stays in its editor, marked with the engine's message,
// and the panel is invalid until it is fixed: nothing is silently put back. Spin and combo boxes
// take the mouse wheel only when focused, so scrolling the panel never edits it. GUI thread only.

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
    /// The last configuration the engine accepted; edits still refused are not in it.
    const Config& config() const { return config_; }
    /// False while some editor holds a value the engine refuses (see errors()).
    bool isValid() const { return pending_.isEmpty(); }
    /// The refused edits' keys and the engine's messages for them.
    QHash<QString, QString> errors() const { return errors_; }
    /// The editor of a key ("encoding.f_on"), or nullptr.
    QWidget* editor(const QString& key) const { return editors_.value(key); }
    /// What a run allows to edit. Paused: only the keys a run can change (ParameterSpec::live:
    /// learning rate and schedule, clipping, intervals, encoding rates) stay editable, the others
    /// are disabled and say why in their tooltip and above the panel. PausedAtEnd (a run that
    /// trained all its steps, loaded again): no step is left for a live key to act on, so every
    /// key is disabled until the run is reset. Unlocked: every key is editable.
    enum class RunLock { Unlocked, Paused, PausedAtEnd };
    void setRunLock(RunLock lock);
    bool runLocked() const { return runLock_ != RunLock::Unlocked; }
    RunLock runLock() const { return runLock_; }

Q_SIGNALS:
    /// A valid edit; the new config is config().
    void configEdited();
    /// isValid() changed.
    void validityChanged(bool valid);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void apply(const QString& key, const QString& value);
    void showErrors(const QHash<QString, QString>& errors);
    QWidget* editorFor(const ParameterSpec& spec, const nlohmann::json& value);

    Config config_;
    QHash<QString, QWidget*> editors_;
    QHash<QString, QString> pending_; ///< key -> edited text the engine has not accepted yet
    QHash<QString, QString> errors_;  ///< key -> the engine's message, shown at its editor
    QLabel* message_ = nullptr;
    QLabel* lockNote_ = nullptr;
    bool updating_ = false;
    RunLock runLock_ = RunLock::Unlocked;
};

} // namespace csae
