#include "model/config/config.h"

#include "model/core/errors.h"
#include "model/core/file_io.h"
#include "model/core/translatable.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

namespace csae {
namespace {

using json = nlohmann::json;

/// How one key is read from and written to a document. `assign` validates before it stores.
struct Field {
    ParameterSpec spec;
    std::function<void(Config&, const json&)> assign;
    std::function<json(const Config&)> read;
};

[[noreturn]] void reject(const std::string& key, const json& value, const std::string& range)
{
    throw ConfigError(key + ": " + value.dump() + " is out of range (allowed: " + range + ")");
}

std::int64_t as_integer(const std::string& key, const json& value, const std::string& range)
{
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_number_unsigned()) {
        if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            reject(key, value, range);
        return static_cast<std::int64_t>(value.get<std::uint64_t>());
    }
    if (value.is_number_float()) {
        const double real = value.get<double>();
        if (std::isfinite(real) && std::floor(real) == real && std::fabs(real) < 9.0e15)
            return static_cast<std::int64_t>(real);
    }
    throw ConfigError(key + ": " + value.dump() + " is not an integer (allowed: " + range + ")");
}

template <class Ref>
Field integer_field(std::string key, std::int64_t min, std::int64_t max, std::string help, Ref ref,
                    bool odd_only = false)
{
    std::string range = (odd_only ? "odd integer " : "integer ") + std::to_string(min) + "-" + std::to_string(max);
    ParameterSpec spec{key, range, std::move(help)};
    return {spec,
            [=](Config& config, const json& value) {
                const std::int64_t integer = as_integer(key, value, range);
                if (integer < min || integer > max || (odd_only && integer % 2 == 0))
                    reject(key, value, range);
                ref(config) = static_cast<std::remove_reference_t<decltype(ref(config))>>(integer);
            },
            [=](const Config& config) { return json(ref(const_cast<Config&>(config))); }};
}

/// A real number in [min, max], or (min, max] when `min_open`.
template <class Ref>
Field real_field(std::string key, double min, double max, bool min_open, std::string help, Ref ref)
{
    std::ostringstream text;
    text << (min_open ? "(" : "[") << min << ", " << max << "]";
    std::string range = "real in " + text.str();
    ParameterSpec spec{key, range, std::move(help)};
    return {spec,
            [=](Config& config, const json& value) {
                if (!value.is_number())
                    throw ConfigError(key + ": " + value.dump() + " is not a number (allowed: " + range + ")");
                const double real = value.get<double>();
                if (!std::isfinite(real) || real > max || real < min || (min_open && real == min))
                    reject(key, value, range);
                ref(config) = real;
            },
            [=](const Config& config) { return json(ref(const_cast<Config&>(config))); }};
}

/// A choice: one of the names in E's table (model/config/choices.h).
template <class E, class Ref>
Field choice_field(std::string key, std::string help, Ref ref)
{
    const std::string range = choice_range<E>();
    ParameterSpec spec{key, range, std::move(help), choice_names<E>()};
    return {spec,
            [=](Config& config, const json& value) {
                E choice{};
                if (!value.is_string() || !find_choice(value.get<std::string>(), choice))
                    reject(key, value, range);
                ref(config) = choice;
            },
            [=](const Config& config) { return json(choice_name(ref(const_cast<Config&>(config)))); }};
}

template <class Ref>
Field integer_list_field(std::string key, std::size_t max_length, std::int64_t min, std::int64_t max, std::string help,
                         Ref ref)
{
    std::string range =
        "list of 1-" + std::to_string(max_length) + " integers " + std::to_string(min) + "-" + std::to_string(max);
    ParameterSpec spec{key, range, std::move(help)};
    return {spec,
            [=](Config& config, const json& value) {
                if (!value.is_array() || value.empty() || value.size() > max_length)
                    reject(key, value, range);
                std::vector<std::int64_t> list;
                for (const auto& item : value) {
                    const std::int64_t integer = as_integer(key, item, range);
                    if (integer < min || integer > max)
                        reject(key, value, range);
                    list.push_back(integer);
                }
                ref(config) = std::move(list);
            },
            [=](const Config& config) { return json(ref(const_cast<Config&>(config))); }};
}

template <class Ref>
Field bool_field(std::string key, std::string help, Ref ref)
{
    ParameterSpec spec{key, "true | false", std::move(help)};
    return {spec,
            [=](Config& config, const json& value) {
                if (!value.is_boolean())
                    reject(key, value, "true | false");
                ref(config) = value.get<bool>();
            },
            [=](const Config& config) { return json(ref(const_cast<Config&>(config))); }};
}

const std::vector<Field>& fields()
{
    static const std::vector<Field> table = [] {
        std::vector<Field> f;
        f.push_back(choice_field<Dataset>(
            "data.dataset",
            CSAE_TRANSLATABLE("ParameterHelp", "Which dataset to train on: images (rate-coded) or DVS gesture events "
                                               "(synthetic-gestures: the built-in demo, generated on first use)."),
            [](Config& c) -> Dataset& { return c.data.dataset; }));
        f.push_back({{"data.root", "directory path (empty: search path)",
                      CSAE_TRANSLATABLE(
                          "ParameterHelp",
                          "Directory holding the dataset's IDX files. Empty: $CSAE_DATA, the project's data/, then "
                          "/usr/share/datasets.")},
                     [](Config& c, const json& v) {
                         if (!v.is_string())
                             reject("data.root", v, "a directory path string");
                         c.data.root = v.get<std::string>();
                     },
                     [](const Config& c) { return json(c.data.root); }});
        f.push_back(integer_field("data.limit", 0, 100000000,
                                  CSAE_TRANSLATABLE("ParameterHelp", "Use only the first N training samples (0: all)."),
                                  [](Config& c) -> std::int64_t& { return c.data.limit; }));
        f.push_back(integer_field("data.test_limit", 0, 100000000,
                                  CSAE_TRANSLATABLE("ParameterHelp", "Use only the first N test samples (0: all)."),
                                  [](Config& c) -> std::int64_t& { return c.data.test_limit; }));
        f.push_back(integer_field(
            "data.input_size", 1, 128,
            CSAE_TRANSLATABLE("ParameterHelp",
                              "DVS input: side of the grid the 128 x 128 sensor is downsampled to (seed: 28)."),
            [](Config& c) -> std::int64_t& { return c.data.input_size; }));
        f.push_back(integer_field(
            "data.bin_us", 0, 60000000,
            CSAE_TRANSLATABLE(
                "ParameterHelp",
                "DVS input: width of a time bin in microseconds (seed: 1000); 0 splits the whole gesture into T bins."),
            [](Config& c) -> std::int64_t& { return c.data.bin_us; }));
        f.push_back(choice_field<Polarity>(
            "data.polarity",
            CSAE_TRANSLATABLE("ParameterHelp", "DVS input: ON and OFF events as two channels (split) or one (merge)."),
            [](Config& c) -> Polarity& { return c.data.polarity; }));
        f.push_back(bool_field(
            "data.clip",
            CSAE_TRANSLATABLE("ParameterHelp",
                              "DVS input: clip event counts per bin and pixel to spikes (0/1); off keeps the counts."),
            [](Config& c) -> bool& { return c.data.clip; }));
        f.push_back({{"data.cache_dir", "directory path (empty: ~/.cache/csae-studio)",
                      CSAE_TRANSLATABLE("ParameterHelp", "DVS input: where binned samples are cached (and synthetic "
                                                         "gestures written when data.root is empty).")},
                     [](Config& c, const json& v) {
                         if (!v.is_string())
                             reject("data.cache_dir", v, "a directory path string");
                         c.data.cache_dir = v.get<std::string>();
                     },
                     [](const Config& c) { return json(c.data.cache_dir); }});
        f.push_back(choice_field<ModelKind>(
            "model.kind",
            CSAE_TRANSLATABLE("ParameterHelp",
                              "sae: the convolutional spiking autoencoder; ae: its non-spiking twin; classifier: the "
                              "spiking encoder with a class readout (spike-count cross-entropy)."),
            [](Config& c) -> ModelKind& { return c.model.kind; }));
        f.push_back(
            integer_list_field("model.channels", 8, 1, 512,
                               CSAE_TRANSLATABLE("ParameterHelp", "Output channels of each encoder convolution."),
                               [](Config& c) -> std::vector<std::int64_t>& { return c.model.channels; }));
        f.push_back(integer_list_field(
            "model.strides", 8, 1, 4,
            CSAE_TRANSLATABLE("ParameterHelp", "Stride of each encoder convolution (the decoder mirrors them)."),
            [](Config& c) -> std::vector<std::int64_t>& { return c.model.strides; }));
        f.push_back(integer_field(
            "model.kernel_size", 1, 15,
            CSAE_TRANSLATABLE("ParameterHelp", "Side of every convolution kernel (seed's best: 7)."),
            [](Config& c) -> std::int64_t& { return c.model.kernel_size; }, true));
        f.push_back(integer_field("model.embedding_size", 2, 1000,
                                  CSAE_TRANSLATABLE("ParameterHelp", "Neurons in the bottleneck (the embedding)."),
                                  [](Config& c) -> std::int64_t& { return c.model.embedding_size; }));
        f.push_back(choice_field<Recurrence>(
            "model.recurrence",
            CSAE_TRANSLATABLE("ParameterHelp",
                              "Bottleneck recurrence: extra LIF layers recurrent through their membrane "
                              "(implicit) or a layer whose spikes feed back through learned weights (explicit)."),
            [](Config& c) -> Recurrence& { return c.model.recurrence; }));
        f.push_back(real_field("neuron.beta", 0.0, 1.0, true,
                               CSAE_TRANSLATABLE("ParameterHelp", "Membrane decay per step: U[t] = beta U[t-1] + ..."),
                               [](Config& c) -> double& { return c.neuron.beta; }));
        f.push_back(real_field("neuron.threshold", 0.0, 100.0, true,
                               CSAE_TRANSLATABLE("ParameterHelp", "Membrane potential at which a neuron spikes."),
                               [](Config& c) -> double& { return c.neuron.threshold; }));
        f.push_back(choice_field<ResetMode>(
            "neuron.reset",
            CSAE_TRANSLATABLE("ParameterHelp", "After a spike, subtract the threshold or set the membrane to zero."),
            [](Config& c) -> ResetMode& { return c.neuron.reset; }));
        f.push_back(choice_field<MembraneForm>(
            "neuron.form",
            CSAE_TRANSLATABLE("ParameterHelp",
                              "seed: U[t] = beta U[t-1] + (1-beta) I[t]; common: U[t] = beta U[t-1] + I[t]."),
            [](Config& c) -> MembraneForm& { return c.neuron.form; }));
        f.push_back(choice_field<Surrogate>(
            "neuron.surrogate", CSAE_TRANSLATABLE("ParameterHelp", "Gradient used in place of the spike's derivative."),
            [](Config& c) -> Surrogate& { return c.neuron.surrogate; }));
        f.push_back({{"neuron.slope", "real in (0, 1000] or null (the surrogate's default)",
                      CSAE_TRANSLATABLE(
                          "ParameterHelp",
                          "Steepness of the surrogate gradient (fast_sigmoid k=25, arctan alpha=2, sigmoid k=5).")},
                     [](Config& c, const json& v) {
                         if (v.is_null()) {
                             c.neuron.slope.reset();
                             return;
                         }
                         const std::string range = "real in (0, 1000] or null";
                         if (!v.is_number())
                             reject("neuron.slope", v, range);
                         const double slope = v.get<double>();
                         if (!std::isfinite(slope) || slope <= 0.0 || slope > 1000.0)
                             reject("neuron.slope", v, range);
                         c.neuron.slope = slope;
                     },
                     [](const Config& c) { return json(c.resolved_slope()); }});
        f.push_back(bool_field("neuron.learn_beta",
                               CSAE_TRANSLATABLE("ParameterHelp", "Learn each layer's decay beta."),
                               [](Config& c) -> bool& { return c.neuron.learn_beta; }));
        f.push_back(bool_field("neuron.learn_threshold",
                               CSAE_TRANSLATABLE("ParameterHelp", "Learn each layer's threshold."),
                               [](Config& c) -> bool& { return c.neuron.learn_threshold; }));
        f.push_back(real_field("encoding.f_on", 0.0, 1e6, false,
                               CSAE_TRANSLATABLE("ParameterHelp", "Firing rate of a white pixel in Hz (at most 1/dt)."),
                               [](Config& c) -> double& { return c.encoding.f_on; }));
        f.push_back(real_field("encoding.f_off", 0.0, 1e6, false,
                               CSAE_TRANSLATABLE("ParameterHelp", "Firing rate of a black pixel in Hz (at most 1/dt)."),
                               [](Config& c) -> double& { return c.encoding.f_off; }));
        f.push_back(real_field("encoding.dt", 0.0, 1.0, true,
                               CSAE_TRANSLATABLE("ParameterHelp", "Simulation time step in seconds."),
                               [](Config& c) -> double& { return c.encoding.dt; }));
        f.push_back(integer_field("encoding.steps", 1, 1000,
                                  CSAE_TRANSLATABLE("ParameterHelp", "Time steps T per sample."),
                                  [](Config& c) -> std::int64_t& { return c.encoding.steps; }));
        f.push_back(
            integer_field("train.batch_size", 1, 4096,
                          CSAE_TRANSLATABLE("ParameterHelp", "Samples per optimisation step (seed's best: 64)."),
                          [](Config& c) -> std::int64_t& { return c.train.batch_size; }));
        f.push_back(real_field("train.lr", 0.0, 1.0, true,
                               CSAE_TRANSLATABLE("ParameterHelp", "Adam learning rate (seed's best: 1e-4)."),
                               [](Config& c) -> double& { return c.train.learning_rate; }));
        f.push_back(choice_field<LrSchedule>(
            "train.schedule",
            CSAE_TRANSLATABLE("ParameterHelp", "Learning rate after the warm-up: constant, or a cosine decay to "
                                               "train.lr_final_fraction of train.lr at the last step."),
            [](Config& c) -> LrSchedule& { return c.train.schedule; }));
        f.push_back(integer_field(
            "train.warmup_steps", 0, 1000000,
            CSAE_TRANSLATABLE(
                "ParameterHelp",
                "Steps of linear learning-rate warm-up from train.lr / warmup_steps to train.lr (0: none)."),
            [](Config& c) -> std::int64_t& { return c.train.warmup_steps; }));
        f.push_back(real_field(
            "train.lr_final_fraction", 0.0, 1.0, false,
            CSAE_TRANSLATABLE("ParameterHelp",
                              "Cosine schedule: the learning rate at the last step as a fraction of train.lr."),
            [](Config& c) -> double& { return c.train.lr_final_fraction; }));
        f.push_back(real_field(
            "train.grad_clip", 0.0, 1e6, false,
            CSAE_TRANSLATABLE("ParameterHelp",
                              "Clip the gradient's global L2 norm to this value before each step (0: no clipping)."),
            [](Config& c) -> double& { return c.train.grad_clip; }));
        f.push_back(real_field("train.calibration_rate", 0.0, 0.9, true,
                               CSAE_TRANSLATABLE("ParameterHelp",
                                                 "Firing rate the spiking networks' hidden layers are calibrated to "
                                                 "before training (the SAE's output layer: the input's rate)."),
                               [](Config& c) -> double& { return c.train.calibration_rate; }));
        f.push_back(integer_field(
            "train.early_stop_patience", 0, 1000000,
            CSAE_TRANSLATABLE(
                "ParameterHelp",
                "Stop when this many test evaluations in a row did not improve the test metric (nRMSE; the classifier: "
                "accuracy) by more than train.early_stop_min_delta (0: never stop early)."),
            [](Config& c) -> std::int64_t& { return c.train.early_stop_patience; }));
        f.push_back(real_field(
            "train.early_stop_min_delta", 0.0, 1e6, false,
            CSAE_TRANSLATABLE("ParameterHelp",
                              "The least change of the test metric that counts as an improvement for early stopping."),
            [](Config& c) -> double& { return c.train.early_stop_min_delta; }));
        f.push_back(integer_field("train.epochs", 1, 100000,
                                  CSAE_TRANSLATABLE("ParameterHelp", "Passes over the training split."),
                                  [](Config& c) -> std::int64_t& { return c.train.epochs; }));
        f.push_back(integer_field(
            "train.max_steps", 0, 1000000000,
            CSAE_TRANSLATABLE("ParameterHelp", "Stop after this many optimisation steps (0: run all epochs)."),
            [](Config& c) -> std::int64_t& { return c.train.max_steps; }));
        f.push_back(integer_field(
            "train.seed", 0, 9007199254740991LL,
            CSAE_TRANSLATABLE("ParameterHelp",
                              "Seeds weights, shuffling and spike encoding; equal seeds give equal runs."),
            [](Config& c) -> std::uint64_t& { return c.train.seed; }));
        f.push_back(integer_field(
            "train.threads", 0, 1024,
            CSAE_TRANSLATABLE("ParameterHelp", "Compute threads (0: $OMP_NUM_THREADS if set, else every core)."),
            [](Config& c) -> std::int64_t& { return c.train.threads; }));
        f.push_back(choice_field<Execution>(
            "train.execution",
            CSAE_TRANSLATABLE(
                "ParameterHelp",
                "How the SAE runs its time steps: stepwise (least memory), folded (time folded into the batch; faster "
                "at small batches, more memory) or per_timestep (the reference, as Python SNN libraries run it)."),
            [](Config& c) -> Execution& { return c.train.execution; }));
        f.push_back(choice_field<GradientPrecision>(
            "train.gradient_precision",
            CSAE_TRANSLATABLE("ParameterHelp",
                              "Precision of the products in the stepwise execution's input gradients (dense "
                              "convolutions and dense layers): auto (bfloat16 on CPUs with AVX512-BF16 or AMX-BF16, "
                              "else float32), bfloat16 with float32 sums (faster there, gradients within about 1 % "
                              "of float32) or float32. Weights, spikes and weight gradients stay float32."),
            [](Config& c) -> GradientPrecision& { return c.train.gradient_precision; }));
        f.push_back(choice_field<DeviceChoice>(
            "train.device",
            CSAE_TRANSLATABLE("ParameterHelp",
                              "Where to train: cpu, cuda (needs a CUDA-enabled LibTorch and a GPU), or auto."),
            [](Config& c) -> DeviceChoice& { return c.train.device; }));
        f.push_back(choice_field<LossKind>(
            "train.loss",
            CSAE_TRANSLATABLE("ParameterHelp", "Training loss: the seed's nRMSE on spike counts, or plain MSE."),
            [](Config& c) -> LossKind& { return c.train.loss; }));
        f.push_back(choice_field<Target>(
            "train.target",
            CSAE_TRANSLATABLE("ParameterHelp",
                              "What the SAE reconstructs: spike counts per input channel (per polarity for DVS), the "
                              "merged count image, the binned input spikes step by step, or (images only) the counts "
                              "the encoder's rates predict, T times p, while tests still score the sampled counts."),
            [](Config& c) -> Target& { return c.train.target; }));
        f.push_back(integer_field("train.log_every", 1, 1000000,
                                  CSAE_TRANSLATABLE("ParameterHelp", "Steps between metric rows."),
                                  [](Config& c) -> std::int64_t& { return c.train.log_every; }));
        f.push_back(integer_field(
            "train.eval_every", 0, 1000000000,
            CSAE_TRANSLATABLE("ParameterHelp", "Steps between test evaluations (0: at the end of each epoch)."),
            [](Config& c) -> std::int64_t& { return c.train.eval_every; }));
        f.push_back(integer_field(
            "train.checkpoint_every", 0, 1000000000,
            CSAE_TRANSLATABLE("ParameterHelp", "Steps between checkpoints (0: at the end of each epoch)."),
            [](Config& c) -> std::int64_t& { return c.train.checkpoint_every; }));
        f.push_back(bool_field("train.tensorboard",
                               CSAE_TRANSLATABLE("ParameterHelp",
                                                 "Also write a TensorBoard log (scalars and reconstructions) to "
                                                 "tensorboard/ in the run directory."),
                               [](Config& c) -> bool& { return c.train.tensorboard; }));
        // What Trainer::retune may change in a paused run: read afresh at every step.
        for (const char* live :
             {"train.lr", "train.schedule", "train.warmup_steps", "train.lr_final_fraction", "train.grad_clip",
              "train.log_every", "train.eval_every", "train.checkpoint_every", "encoding.f_on", "encoding.f_off"})
            for (Field& field : f)
                if (field.spec.key == live)
                    field.spec.live = true;
        return f;
    }();
    return table;
}

const Field* find_field(const std::string& key)
{
    for (const auto& field : fields())
        if (field.spec.key == key)
            return &field;
    return nullptr;
}

} // namespace

double Config::default_slope(Surrogate surrogate)
{
    switch (surrogate) {
    case Surrogate::ArcTan:
        return 2.0;
    case Surrogate::Sigmoid:
        return 5.0;
    case Surrogate::StraightThrough:
        return 1.0;
    case Surrogate::FastSigmoid:
        break;
    }
    return 25.0;
}

double Config::resolved_slope() const
{
    return neuron.slope.value_or(default_slope(neuron.surrogate));
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

std::string closest_key(const std::string& key)
{
    // A bare name ("lr") or a key in the wrong section ("model.lr") matches by its last part first.
    const std::string name = key.substr(key.rfind('.') + 1);
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto& field : fields()) {
        const std::string& candidate = field.spec.key;
        const std::string candidate_name = candidate.substr(candidate.find('.') + 1);
        const std::size_t shorter = std::min(name.size(), candidate_name.size());
        const bool prefix = shorter >= 2 && name.compare(0, shorter, candidate_name, 0, shorter) == 0; // lrate, lr
        const std::size_t section_differs =
            name == key || key.compare(0, key.size() - name.size(), candidate, 0, key.size() - name.size()) == 0 ? 0
                                                                                                                 : 1;
        const std::size_t distance = std::min(edit_distance(key, candidate),
                                              (prefix ? 1 : edit_distance(name, candidate_name)) + section_differs);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    // Further than a third of the key's length away, a suggestion is more confusing than none.
    return best_distance <= std::max<std::size_t>(2, name.size() / 3) ? best : std::string();
}

std::string unknown_key_message(const std::string& key)
{
    const std::string suggestion = closest_key(key);
    return key + ": unknown key" + (suggestion.empty() ? "" : "; did you mean " + suggestion + "?") +
           " (`csae keys` lists every key)";
}

Config Config::from_json(const nlohmann::json& document)
{
    if (!document.is_object())
        throw ConfigError("configuration must be a JSON object, got " + std::string(document.type_name()));
    Config config;
    for (const auto& [section, members] : document.items()) {
        if (!members.is_object())
            throw ConfigError(section + ": expected an object of keys, got " + members.dump());
        for (const auto& [name, value] : members.items()) {
            const std::string key = section + "." + name;
            const Field* field = find_field(key);
            if (!field)
                throw ConfigError(unknown_key_message(key));
            field->assign(config, value);
        }
    }
    config.validate();
    return config;
}

nlohmann::ordered_json Config::to_json() const
{
    nlohmann::ordered_json document = nlohmann::ordered_json::object();
    for (const auto& field : fields()) {
        const auto dot = field.spec.key.find('.');
        document[field.spec.key.substr(0, dot)][field.spec.key.substr(dot + 1)] =
            nlohmann::ordered_json::parse(field.read(*this).dump());
    }
    return document;
}

Config Config::load(const std::filesystem::path& file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw ConfigError(file.string() + ": cannot open configuration file");
    json document;
    try {
        document = json::parse(stream);
    } catch (const json::exception& error) {
        throw ConfigError(file.string() + ": not valid JSON: " + error.what());
    }
    try {
        return from_json(document);
    } catch (const ConfigError& error) {
        throw ConfigError(file.string() + ": " + error.what());
    }
}

void Config::save(const std::filesystem::path& file) const
{
    write_file_atomically(file, to_json().dump(2) + "\n");
}

void Config::set(const std::string& dotted_key, const std::string& value)
{
    const Field* field = find_field(dotted_key);
    if (!field)
        throw ConfigError(unknown_key_message(dotted_key));
    json parsed = json::parse(value, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
        // Taken as text: it must be UTF-8, since messages and config.json quote it as JSON (found
        // by fuzzing: an invalid byte made the error message itself throw).
        try {
            (void)json(value).dump();
        } catch (const json::type_error&) {
            throw ConfigError(dotted_key + ": the value is not valid UTF-8 text");
        }
        parsed = value;
    }
    field->assign(*this, parsed);
}

void Config::validate() const
{
    if (model.strides.size() != model.channels.size())
        throw ConfigError("model.strides: " + json(model.strides).dump() + " must have one stride per entry of " +
                          "model.channels " + json(model.channels).dump());
    const double max_rate = 1.0 / encoding.dt;
    for (const auto& [key, rate] : {std::pair{"encoding.f_on", encoding.f_on}, {"encoding.f_off", encoding.f_off}})
        if (rate > max_rate * (1.0 + 1e-12))
            throw ConfigError(std::string(key) + ": " + json(rate).dump() +
                              " Hz is out of range (allowed: [0, 1/dt] = [0, " + json(max_rate).dump() +
                              "] Hz for encoding.dt " + json(encoding.dt).dump() + ")");
    if (model.kind == ModelKind::Classifier && model.recurrence != Recurrence::None)
        throw ConfigError("model.recurrence: \"" + choice_name(model.recurrence) +
                          "\" is for the autoencoders; the classifier needs \"none\"");
    if (model.kind == ModelKind::Ae && train.target == Target::Spikes)
        throw ConfigError("train.target: \"spikes\" compares spike trains step by step and needs model.kind \"sae\"");
    if (train.target == Target::ExpectedCounts && (model.kind != ModelKind::Sae || data.events()))
        throw ConfigError("train.target: \"expected_counts\" compares with the rate encoder's expected counts and "
                          "needs model.kind \"sae\" on an image dataset (events have no encoder)");
    if (data.events() && data.input_size > 128)
        throw ConfigError("data.input_size: " + std::to_string(data.input_size) +
                          " is larger than the 128 x 128 sensor");
    if (model.kind == ModelKind::Ae && model.recurrence == Recurrence::Explicit1)
        throw ConfigError("model.recurrence: \"explicit1\" feeds spikes back over time steps and needs model.kind "
                          "\"sae\" (the non-spiking ae has no time steps)");
}

std::vector<std::string> changed_keys(const Config& a, const Config& b)
{
    std::vector<std::string> keys;
    for (const auto& field : fields())
        if (field.read(a) != field.read(b))
            keys.push_back(field.spec.key);
    return keys;
}

const std::vector<ParameterSpec>& parameter_specs()
{
    static const std::vector<ParameterSpec> specs = [] {
        std::vector<ParameterSpec> list;
        for (const auto& field : fields())
            list.push_back(field.spec);
        return list;
    }();
    return specs;
}

} // namespace csae
