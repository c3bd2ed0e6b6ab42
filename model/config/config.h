#pragma once
// The run configuration: one JSON document holds every parameter of a run. The CLI reads
// it (`--config FILE`, `--set key=value`), the studio edits it, and checkpoints embed the
// resolved copy so a run can be resumed or re-evaluated without the original file.
//
// Keys are dotted as the CLI uses them (`model.kernel_size`); in JSON they nest
// (`{"model": {"kernel_size": 7}}`). Every key is described once in parameter_specs(),
// which drives parsing, validation, help text and the studio's editors. Choices are enums
// whose names live in one table each (model/config/choices.h).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/config/choices.h"

#include <nlohmann/json.hpp>

namespace csae {

struct DataConfig {
    Dataset dataset = Dataset::Mnist;
    std::string root;            ///< explicit dataset directory; empty: search path
    std::int64_t limit = 0;      ///< use only the first N training samples (0: all)
    std::int64_t test_limit = 0; ///< use only the first N test samples (0: all)
    // DVS input only (dvs-gesture, synthetic-gestures); T is encoding.steps.
    std::int64_t input_size = 28; ///< side of the downsampled event grid (sensor: 128)
    std::int64_t bin_us = 1000;   ///< time bin width, microseconds; 0: the gesture in T equal bins
    Polarity polarity = Polarity::Split;
    bool clip = true;      ///< counts clipped to spikes (0/1); false: counts kept
    std::string cache_dir; ///< binned-sample cache; empty: default_cache_dir()

    bool events() const { return dataset == Dataset::DvsGesture || dataset == Dataset::SyntheticGestures; }
};

struct ModelConfig {
    ModelKind kind = ModelKind::Sae;
    std::vector<std::int64_t> channels{12, 32}; ///< encoder conv output channels
    std::vector<std::int64_t> strides{1, 2};    ///< encoder conv strides, one per conv
    std::int64_t kernel_size = 7;               ///< odd, 1-15 (the seed's best: 7)
    std::int64_t embedding_size = 64;           ///< bottleneck size, 2-1000
    Recurrence recurrence = Recurrence::None;
};

struct NeuronConfig {
    double beta = 0.5;      ///< membrane decay per step
    double threshold = 1.0; ///< firing threshold
    ResetMode reset = ResetMode::Subtract;
    MembraneForm form = MembraneForm::Seed;
    Surrogate surrogate = Surrogate::ArcTan; ///< the seed used fast_sigmoid (preset "seed")
    std::optional<double> slope;             ///< surrogate steepness; unset: the surrogate's default
    /// Learnt per layer (clamped to [0, 1] and >= 1e-3): the recipe that reconstructs; the seed
    /// preset keeps both fixed.
    bool learn_beta = true;
    bool learn_threshold = true;
};

struct EncodingConfig {
    double f_on = 1000.0;    ///< firing rate of a white pixel, Hz, in [0, 1/dt]
    double f_off = 0.0;      ///< firing rate of a black pixel, Hz, in [0, 1/dt]
    double dt = 1e-3;        ///< simulation time step, seconds
    std::int64_t steps = 25; ///< T, time steps per sample
};

struct TrainConfig {
    std::int64_t batch_size = 64;
    double learning_rate = 4e-3; ///< peak Adam learning rate (after the warm-up)
    LrSchedule schedule = LrSchedule::Constant;
    std::int64_t warmup_steps = 0;        ///< linear warm-up to learning_rate over these steps
    double lr_final_fraction = 0.0;       ///< cosine: the last step's rate as a fraction of the peak
    double grad_clip = 1.0;               ///< largest global gradient L2 norm (0: no clipping)
    double calibration_rate = 0.1;        ///< hidden firing rate the initial weights are calibrated to
    std::int64_t early_stop_patience = 0; ///< evaluations without improvement before stopping (0: never)
    double early_stop_min_delta = 0.0;    ///< the least change of the test metric that counts as improvement
    std::int64_t epochs = 1;
    std::int64_t max_steps = 0; ///< step budget (0: run all epochs)
    std::uint64_t seed = 1;
    std::int64_t threads = 0;                  ///< 0: $OMP_NUM_THREADS if set, else all cores
    Execution execution = Execution::Stepwise; ///< the SAE's execution
    DeviceChoice device = DeviceChoice::Cpu;   ///< auto: cuda when LibTorch has it and a GPU is visible
    /// The products of the stepwise execution's input gradients (the oneDNN convolutions and
    /// the dense layers' GEMMs, whose operands are gradients, not spikes); auto resolves per CPU.
    GradientPrecision gradient_precision = GradientPrecision::Auto;
    LossKind loss = LossKind::Nrmse;
    Target target = Target::Counts;    ///< what the SAE reconstructs
    std::int64_t log_every = 10;       ///< steps between metric rows
    std::int64_t eval_every = 0;       ///< steps between test evaluations (0: each epoch end)
    std::int64_t checkpoint_every = 0; ///< steps between checkpoints (0: each epoch end)
    bool tensorboard = false;          ///< also log to RUN/tensorboard (model/export/tensorboard_log)
};

struct Config {
    DataConfig data;
    ModelConfig model;
    NeuronConfig neuron;
    EncodingConfig encoding;
    TrainConfig train;

    /// The default slope of a surrogate: fast_sigmoid 25, arctan 2, sigmoid 5, straight_through 1.
    static double default_slope(Surrogate surrogate);
    /// neuron.slope, or the surrogate's default when unset.
    double resolved_slope() const;

    /// Parses a (possibly partial) JSON document on top of the defaults. Unknown keys and
    /// out-of-range values throw ConfigError naming the key, the value and the allowed range.
    static Config from_json(const nlohmann::json& document);
    /// The fully resolved document (every key, slope filled in).
    nlohmann::ordered_json to_json() const;

    /// Reads a JSON file; errors name the file.
    static Config load(const std::filesystem::path& file);
    /// Writes to_json() atomically (temp file + rename).
    void save(const std::filesystem::path& file) const;

    /// Applies `key=value` as the CLI's --set does. The value is parsed as JSON when it is
    /// valid JSON (numbers, lists, booleans) and taken as a string otherwise.
    void set(const std::string& dotted_key, const std::string& value);

    /// Cross-key checks (e.g. strides and channels of equal length, f_on <= 1/dt).
    void validate() const;
};

/// One configuration key, for help text and the studio's controls.
struct ParameterSpec {
    std::string key;   ///< dotted key, e.g. "model.kernel_size"
    std::string range; ///< human-readable allowed values, e.g. "odd integer 1-15"
    std::string help;  ///< what the parameter does
    /// The allowed names of a choice (its enum's table), empty for other keys.
    std::vector<std::string> choices;
    /// A paused run can change it (Trainer::retune): how the optimiser steps, how often it
    /// evaluates and how inputs are rate-coded, never what the network or its data are.
    bool live = false;
};

/// Every key the configuration accepts, in document order.
const std::vector<ParameterSpec>& parameter_specs();

/// The keys whose values differ between `a` and `b`, in document order.
std::vector<std::string> changed_keys(const Config& a, const Config& b);

/// The configuration key nearest to an unknown one ("train.lrate", "lr" -> "train.lr"), or "" when
/// none is close.
std::string closest_key(const std::string& key);

/// "KEY: unknown key; did you mean NEAREST? (`csae keys` lists every key)".
std::string unknown_key_message(const std::string& key);

} // namespace csae
