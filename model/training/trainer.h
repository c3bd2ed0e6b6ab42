#pragma once
// Trains an SAE, its AE twin or the spiking classifier on images (rate-coded) or DVS events
// (binned): Adam, shuffled batches, periodic test evaluation, atomic checkpoints and exact resume.
//
// Randomness is counter-based so that resume is exact without replaying anything: the
// shuffling of epoch e uses a generator seeded from (train.seed, e), the spike encoding of
// step s one seeded from (train.seed, s), and evaluation a fixed stream, so every evaluation
// sees the same test spikes and test losses are comparable across a run.
//
// Thread affinity: a Trainer is driven by one thread. cancel() may be called from any thread;
// run() returns after the step in progress and writes a checkpoint.

#include "model/config/config.h"
#include "model/data/dataset_loader.h"
#include "model/data/rate_encoder.h"
#include "model/kernels/gradient_precision.h"
#include "model/networks/autoencoder.h"
#include "model/networks/network.h"
#include "model/training/schedule.h"

#include <c10/core/Device.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace torch::optim {
class Adam;
}

namespace csae {

struct StepMetrics {
    std::int64_t step = 0;      ///< steps completed, 1-based after the first
    std::int64_t epoch = 0;     ///< 0-based epoch the step belonged to
    double loss = 0.0;          ///< training loss of this batch
    double learning_rate = 0.0; ///< the rate this step used (train.schedule)
    double samples_per_s = 0.0;
    double step_seconds = 0.0;
    double accuracy = -1.0; ///< classifier: fraction of the batch classified right; -1 otherwise
};

struct EvalMetrics {
    std::int64_t step = 0;
    std::int64_t epoch = 0;
    double nrmse = 0.0; ///< the seed's nRMSE on spike counts (SAE) or intensities (AE); 0 for the classifier
    double mse = 0.0;
    std::int64_t samples = 0;
    /// Classifier only (classes > 0): mean spike-count cross-entropy, accuracy, and the confusion
    /// matrix confusion[true * classes + predicted].
    std::int64_t classes = 0;
    double cross_entropy = 0.0;
    double accuracy = 0.0;
    std::vector<std::int64_t> confusion;
    /// Spiking networks: each layer's firing rate (spikes per neuron per step) on the first test
    /// sample, input side first, as the studio's live plot shows it; empty for the AE.
    std::vector<std::pair<std::string, double>> firing_rates;
};

struct TrainerCallbacks {
    std::function<void(const StepMetrics&)> on_step;
    std::function<void(const EvalMetrics&)> on_eval;
    std::function<void(const std::filesystem::path&)> on_checkpoint;
};

/// How run() ended: all steps done, cancel(), or early stopping (train.early_stop_patience).
enum class RunOutcome { Finished, Cancelled, StoppedEarly };

class Trainer {
public:
    /// Loads the data (model/data/dataset_loader), builds the network (model/networks/
    /// network_factory) and calibrates it. `project_data_dir` is the project's data/ folder
    /// (searched after data.root and $CSAE_DATA). Throws DataError or ConfigError.
    Trainer(Config config, std::filesystem::path project_data_dir);
    ~Trainer();

    /// Restores a checkpoint written by save_checkpoint(); afterwards the trainer continues
    /// exactly where the checkpointed one stopped. The checkpoint's config is used.
    static std::unique_ptr<Trainer> from_checkpoint(const std::filesystem::path& file,
                                                    std::filesystem::path project_data_dir);

    /// Trains until the epochs or train.max_steps are done, or until cancel(). When `run_dir`
    /// is set, checkpoints go to run_dir/checkpoint.pt (every train.checkpoint_every steps or
    /// at each epoch end, and always on return).
    RunOutcome run(const TrainerCallbacks& callbacks, const std::optional<std::filesystem::path>& run_dir);

    /// One optimisation step on the next batch.
    StepMetrics train_step();
    /// Loss on the test split (data.test_limit samples), without gradients.
    EvalMetrics evaluate();

    /// Writes model, optimizer state, step and resolved config atomically (model/training/checkpoint).
    void save_checkpoint(const std::filesystem::path& file) const;

    /// Thread-safe: asks run() to stop after the current step.
    void cancel() { cancel_requested_.store(true); }

    /// The rate-coded network input for intensities [B, C, H, W]: spikes [T, B, C, H, W] (spiking
    /// models) or the intensities (AE), on the training device. `stream` selects the encoding
    /// random stream (encoding always draws on the CPU, so runs match across devices).
    at::Tensor encode(const at::Tensor& intensities, std::uint64_t stream) const;
    /// The network input for samples `indices` of `data`: rate-coded images, or for DVS data the
    /// binned event frames [T, B, C, H, W] (the AE gets their time average [B, C, H, W]).
    at::Tensor input_of(const ImageDataset& data, const at::Tensor& indices, std::uint64_t stream) const;
    /// Applies the keys a paused run may change (ParameterSpec::live): the learning-rate
    /// schedule, clipping, the evaluation and checkpoint intervals, the encoding rates. Throws
    /// ConfigError naming the first other key that differs, or a value the engine refuses; the
    /// run is unchanged then. Between steps, on the thread that trains.
    void retune(const Config& updated);
    const Config& config() const { return config_; }
    c10::Device device() const { return device_; }
    /// The network being trained, whichever kind.
    Network& network() { return *network_; }
    const Network& network() const { return *network_; }
    /// The SAE or AE being trained, for what only autoencoders have (executions, the
    /// reconstruction); throws ConfigError for the classifier.
    Autoencoder& model();
    const ImageDataset& train_data() const { return data_.train; }
    const ImageDataset& test_data() const { return data_.test; }
    std::int64_t step() const { return step_; }
    /// DVS input: how the binned-sample cache served this trainer's data.
    const EventCacheReport& cache_report() const { return data_.cache_report; }
    std::int64_t steps_per_epoch() const;
    std::int64_t total_steps() const;
    std::int64_t epoch_of(std::int64_t step) const { return step / steps_per_epoch(); }
    /// All steps done, or stopped early (a resumed run that had stopped early stays stopped).
    bool finished() const { return step_ >= total_steps() || early_stopping_.stopped(); }
    /// The learning rate of the next step.
    double learning_rate() const { return learning_rate_at(config_.train, step_, total_steps()); }
    /// Early stopping's record: the best test metric and when it was reached.
    const EarlyStopping& early_stopping() const { return early_stopping_; }
    /// train.gradient_precision as resolved for this CPU when the trainer was built, with why.
    const ResolvedPrecision& gradient_precision() const { return gradient_precision_; }
    /// Records an evaluation for early stopping; true when training should stop. run() and the
    /// studio's worker both call it after each evaluation.
    bool observe_evaluation(const EvalMetrics& metrics);
    /// Whether the schedule (train.eval_every, epoch ends, the last step) asks for a test
    /// evaluation now that step() steps are done. run() and the studio's worker both follow it.
    bool evaluation_due() const;
    /// Whether the schedule (train.checkpoint_every or epoch ends) asks for a checkpoint now.
    bool checkpoint_due() const;

private:
    EvalMetrics evaluate_split();
    at::Tensor batch_indices(std::int64_t step) const;
    /// The loss and target of a batch of `data` (the expected counts only when train.target asks for them).
    Objective objective(const ImageDataset& data, const at::Tensor& indices) const;

    Config config_;
    c10::Device device_{c10::kCPU};
    LoadedData data_;
    RateEncoderOptions encoder_;
    std::shared_ptr<Network> network_;
    std::unique_ptr<torch::optim::Adam> optimizer_;
    std::int64_t step_ = 0;
    EarlyStopping early_stopping_;
    ResolvedPrecision gradient_precision_;
    std::atomic<bool> cancel_requested_{false};
    mutable std::int64_t cached_permutation_epoch_ = -1;
    mutable at::Tensor cached_permutation_;
};

/// Mixes a seed and a counter into an independent 64-bit seed (splitmix64).
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t counter);

} // namespace csae
