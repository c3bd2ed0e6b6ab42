#include "app/studio/parameter_labels.h"

#include <QCoreApplication>

#include <utility>

namespace csae {

QString parameterLabel(const QString& key)
{
    // QT_TRANSLATE_NOOP marks them for lupdate; they are translated when shown.
    static const std::pair<const char*, const char*> labels[] = {
        {"data.dataset", QT_TRANSLATE_NOOP("ParameterLabel", "Dataset")},
        {"data.root", QT_TRANSLATE_NOOP("ParameterLabel", "Data folder")},
        {"data.limit", QT_TRANSLATE_NOOP("ParameterLabel", "Training samples")},
        {"data.test_limit", QT_TRANSLATE_NOOP("ParameterLabel", "Test samples")},
        {"data.input_size", QT_TRANSLATE_NOOP("ParameterLabel", "DVS grid size")},
        {"data.bin_us", QT_TRANSLATE_NOOP("ParameterLabel", "DVS time bin (µs)")},
        {"data.polarity", QT_TRANSLATE_NOOP("ParameterLabel", "DVS polarity")},
        {"data.clip", QT_TRANSLATE_NOOP("ParameterLabel", "DVS counts as spikes")},
        {"data.cache_dir", QT_TRANSLATE_NOOP("ParameterLabel", "DVS cache folder")},
        {"model.kind", QT_TRANSLATE_NOOP("ParameterLabel", "Network")},
        {"model.channels", QT_TRANSLATE_NOOP("ParameterLabel", "Channels per layer")},
        {"model.strides", QT_TRANSLATE_NOOP("ParameterLabel", "Strides per layer")},
        {"model.kernel_size", QT_TRANSLATE_NOOP("ParameterLabel", "Kernel size")},
        {"model.embedding_size", QT_TRANSLATE_NOOP("ParameterLabel", "Embedding size")},
        {"model.recurrence", QT_TRANSLATE_NOOP("ParameterLabel", "Recurrence")},
        {"neuron.beta", QT_TRANSLATE_NOOP("ParameterLabel", "Membrane decay β")},
        {"neuron.threshold", QT_TRANSLATE_NOOP("ParameterLabel", "Threshold")},
        {"neuron.reset", QT_TRANSLATE_NOOP("ParameterLabel", "Reset")},
        {"neuron.form", QT_TRANSLATE_NOOP("ParameterLabel", "LIF form")},
        {"neuron.surrogate", QT_TRANSLATE_NOOP("ParameterLabel", "Surrogate gradient")},
        {"neuron.slope", QT_TRANSLATE_NOOP("ParameterLabel", "Surrogate slope")},
        {"neuron.learn_beta", QT_TRANSLATE_NOOP("ParameterLabel", "Learn β")},
        {"neuron.learn_threshold", QT_TRANSLATE_NOOP("ParameterLabel", "Learn threshold")},
        {"encoding.f_on", QT_TRANSLATE_NOOP("ParameterLabel", "On rate f_on (Hz)")},
        {"encoding.f_off", QT_TRANSLATE_NOOP("ParameterLabel", "Off rate f_off (Hz)")},
        {"encoding.dt", QT_TRANSLATE_NOOP("ParameterLabel", "Time step Δt (s)")},
        {"encoding.steps", QT_TRANSLATE_NOOP("ParameterLabel", "Time steps T")},
        {"train.batch_size", QT_TRANSLATE_NOOP("ParameterLabel", "Batch size")},
        {"train.lr", QT_TRANSLATE_NOOP("ParameterLabel", "Learning rate")},
        {"train.schedule", QT_TRANSLATE_NOOP("ParameterLabel", "Rate schedule")},
        {"train.warmup_steps", QT_TRANSLATE_NOOP("ParameterLabel", "Warm-up steps")},
        {"train.lr_final_fraction", QT_TRANSLATE_NOOP("ParameterLabel", "Final rate fraction")},
        {"train.grad_clip", QT_TRANSLATE_NOOP("ParameterLabel", "Gradient clip norm")},
        {"train.calibration_rate", QT_TRANSLATE_NOOP("ParameterLabel", "Calibration rate")},
        {"train.early_stop_patience", QT_TRANSLATE_NOOP("ParameterLabel", "Early-stop patience")},
        {"train.early_stop_min_delta", QT_TRANSLATE_NOOP("ParameterLabel", "Early-stop min. change")},
        {"train.epochs", QT_TRANSLATE_NOOP("ParameterLabel", "Epochs")},
        {"train.max_steps", QT_TRANSLATE_NOOP("ParameterLabel", "Max. steps")},
        {"train.seed", QT_TRANSLATE_NOOP("ParameterLabel", "Seed")},
        {"train.threads", QT_TRANSLATE_NOOP("ParameterLabel", "Threads")},
        {"train.execution", QT_TRANSLATE_NOOP("ParameterLabel", "Execution")},
        {"train.gradient_precision", QT_TRANSLATE_NOOP("ParameterLabel", "Gradient precision")},
        {"train.device", QT_TRANSLATE_NOOP("ParameterLabel", "Device")},
        {"train.loss", QT_TRANSLATE_NOOP("ParameterLabel", "Loss")},
        {"train.target", QT_TRANSLATE_NOOP("ParameterLabel", "Target")},
        {"train.log_every", QT_TRANSLATE_NOOP("ParameterLabel", "Log every (steps)")},
        {"train.eval_every", QT_TRANSLATE_NOOP("ParameterLabel", "Evaluate every (steps)")},
        {"train.checkpoint_every", QT_TRANSLATE_NOOP("ParameterLabel", "Checkpoint every (steps)")},
        {"train.tensorboard", QT_TRANSLATE_NOOP("ParameterLabel", "TensorBoard log")},
    };
    for (const auto& [name, label] : labels)
        if (key == QLatin1String(name))
            return QCoreApplication::translate("ParameterLabel", label);
    return {};
}

} // namespace csae
