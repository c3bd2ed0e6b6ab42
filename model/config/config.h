#pragma once
// The run configuration: one JSON document holds every parameter of a run. The CLI reads
// it (`--config FILE`, `--set key=value`), the studio edits it, and checkpoints embed the
// resolved copy so a run can be resumed or re-evaluated without the original file.
//
// Keys are dotted as the CLI uses them (`model.kernel_size`); in JSON they nest
// (`{"model": {"kernel_size": 7}}`). Every key is described once in parameter_specs(),
// which drives parsing, validation, help text and (later) the studio's controls.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace csae {

struct DataConfig {
    std::string dataset = "mnist";  ///< mnist | fashion-mnist | dvs-gesture | synthetic-gestures
    std::string root;               ///< explicit dataset directory; empty: search path
    std::int64_t limit = 0;         ///< use only the first N training samples (0: all)
    std::int64_t test_limit = 0;    ///< use only the first N test samples (0: all)
    // DVS input only (dvs-gesture, synthetic-gestures); T is encoding.steps.
    std::int64_t input_size = 28;   ///< side of the downsampled event grid (sensor: 128)
    std::int64_t bin_us = 1000;     ///< time bin width, microseconds; 0: the gesture in T equal bins
    std::string polarity = "split"; ///< split: ON and OFF as two channels | merge: one channel
    bool clip = true;               ///< counts clipped to spikes (0/1); false: counts kept
    std::string cache_dir;          ///< binned-sample cache; empty: default_cache_dir()

    bool events() const { return dataset == "dvs-gesture" || dataset == "synthetic-gestures"; }
};

struct ModelConfig {
    std::string kind = "sae";                      ///< sae (spiking) | ae (non-spiking twin) | classifier
    std::vector<std::int64_t> channels{12, 32};    ///< encoder conv output channels
    std::vector<std::int64_t> strides{1, 2};       ///< encoder conv strides, one per conv
    std::int64_t kernel_size = 7;                  ///< odd, 1-15 (the seed's best: 7)
    std::int64_t embedding_size = 64;              ///< bottleneck size, 2-1000
    std::string recurrence = "none";               ///< none | implicit1 | implicit2 | explicit1
};

struct NeuronConfig {
    double beta = 0.5;                   ///< membrane decay per step
    double threshold = 1.0;              ///< firing threshold
    std::string reset = "subtract";      ///< subtract | zero
    std::string form = "seed";           ///< seed: U=bU+(1-b)I | common: U=bU+I
    std::string surrogate = "fast_sigmoid"; ///< fast_sigmoid | arctan | sigmoid | straight_through
    std::optional<double> slope;         ///< surrogate steepness; unset: the surrogate's default
    bool learn_beta = false;
    bool learn_threshold = false;
};

struct EncodingConfig {
    double f_on = 1000.0;   ///< firing rate of a white pixel, Hz, in [0, 1/dt]
    double f_off = 0.0;     ///< firing rate of a black pixel, Hz, in [0, 1/dt]
    double dt = 1e-3;       ///< simulation time step, seconds
    std::int64_t steps = 25; ///< T, time steps per sample
};

struct TrainConfig {
    std::int64_t batch_size = 64;
    double learning_rate = 1e-4;
    std::int64_t epochs = 1;
    std::int64_t max_steps = 0;        ///< step budget (0: run all epochs)
    std::uint64_t seed = 1;
    std::int64_t threads = 0;          ///< 0: $OMP_NUM_THREADS if set, else all cores
    std::string execution = "stepwise"; ///< stepwise | folded | per_timestep (the SAE's execution)
    std::string device = "cpu";        ///< cpu | cuda | auto (cuda when LibTorch has it and a GPU is visible)
    /// bfloat16 | float32: the products of the stepwise execution's input gradients (the
    /// oneDNN convolutions and the dense layers' GEMMs, whose operands are gradients, not spikes)
    std::string gradient_precision = "bfloat16";
    std::string loss = "nrmse";        ///< nrmse | mse
    std::string target = "counts";     ///< counts | merged_counts | spikes (what the SAE reconstructs)
    std::int64_t log_every = 10;       ///< steps between metric rows
    std::int64_t eval_every = 0;       ///< steps between test evaluations (0: each epoch end)
    std::int64_t checkpoint_every = 0; ///< steps between checkpoints (0: each epoch end)
};

struct Config {
    DataConfig data;
    ModelConfig model;
    NeuronConfig neuron;
    EncodingConfig encoding;
    TrainConfig train;

    /// The default slope of a surrogate: fast_sigmoid 25, arctan 2, sigmoid 5, straight_through 1.
    static double default_slope(const std::string& surrogate);
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
    std::string key;      ///< dotted key, e.g. "model.kernel_size"
    std::string range;    ///< human-readable allowed values, e.g. "odd integer 1-15"
    std::string help;     ///< what the parameter does
};

/// Every key the configuration accepts, in document order.
const std::vector<ParameterSpec>& parameter_specs();

} // namespace csae
