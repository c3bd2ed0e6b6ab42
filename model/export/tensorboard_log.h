#pragma once
// A training run's TensorBoard log (train.tensorboard): the scalars of metrics.jsonl, the
// reconstructions of the first test samples at every evaluation, and for a study's runs the
// HParams plugin's records. The studio and `csae train` write it the same way.
// Thread affinity: the thread that trains (log_eval runs the model).

#include "model/export/tfevents.h"
#include "model/training/trainer.h"

#include <filesystem>
#include <optional>

namespace csae {

class StudySpec;
struct StudyRun;

/// Name of the log's folder inside a run directory.
inline constexpr const char* kTensorBoardFolder = "tensorboard";
/// How many test samples the reconstruction image shows.
inline constexpr int kTensorBoardReconstructions = 8;

class TensorBoardLog {
public:
    /// Starts a new event file in `directory` (created when missing). Throws CheckpointError.
    explicit TensorBoardLog(const std::filesystem::path& directory);
    const std::filesystem::path& file() const { return writer_.file(); }

    /// train/loss, train/samples_per_s and lr (and train/accuracy for the classifier).
    void log_step(const StepMetrics& metrics);
    /// test/nrmse, test/mse (autoencoders) or test/accuracy and test/cross_entropy (the
    /// classifier), and for autoencoders the image "reconstructions": the first test samples
    /// (top), their time-averaged input spikes, and the reconstructions (bottom; the first channel).
    void log_eval(const EvalMetrics& metrics, Trainer& trainer);

private:
    EventFileWriter writer_;
};

/// The TensorBoard metric tag of a study's metric, e.g. "test/nrmse".
std::string tensorboard_metric_tag(const StudySpec& spec);
/// DIR/tensorboard of a study: the HParams experiment (every grid key with its values, and seed).
void write_study_hparams_experiment(const std::filesystem::path& study_dir, const StudySpec& spec);
/// RUN/tensorboard of one study run: its session-start record (its grid values and seed, grouped
/// by grid point so that TensorBoard can average over seeds).
void write_study_run_hparams(const std::filesystem::path& run_dir, const StudySpec& spec, const StudyRun& run);

/// A grey image of `rows` × `columns` tiles of height × width, each tile a [H, W] tensor of
/// intensities in [0, 1] (clamped), encoded as PNG: the log's reconstruction image.
std::string tiles_to_png(const std::vector<at::Tensor>& tiles, int columns);

} // namespace csae
