#include "model/training/trainer.h"

#include "model/core/errors.h"
#include "model/data/event_dataset.h"
#include "model/core/file_io.h"
#include "model/networks/losses.h"
#include "model/core/runtime.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/randperm.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/optim/adam.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/utils.h>

#include <cmath>

namespace csae {
namespace {

constexpr const char* kCheckpointFormat = "csae-checkpoint-1";
constexpr std::uint64_t kShuffleStream = 0x53485546464c45ULL;  // "SHUFFLE"
constexpr std::uint64_t kEvalStream = 0x4556414cULL;           // "EVAL"
constexpr std::uint64_t kCalibrationStream = 0x43414c4942ULL;  // "CALIB"
/// Hidden-layer firing rate the initial weights are calibrated to.
constexpr double kCalibrationRate = 0.1;

EventBinningOptions binning_options(const Config& config)
{
    EventBinningOptions options;
    options.output_size(config.data.input_size)
        .bins(config.encoding.steps)
        .bin_us(config.data.bin_us)
        .split_polarity(config.data.polarity == "split")
        .clip(config.data.clip);
    return options;
}

AutoencoderOptions autoencoder_options(const Config& config)
{
    LifOptions neuron;
    neuron.beta(config.neuron.beta)
        .threshold(config.neuron.threshold)
        .reset(parse_reset_mode(config.neuron.reset))
        .form(parse_membrane_form(config.neuron.form))
        .surrogate(parse_surrogate(config.neuron.surrogate))
        .slope(config.resolved_slope())
        .learn_beta(config.neuron.learn_beta)
        .learn_threshold(config.neuron.learn_threshold);
    AutoencoderOptions options;
    options.channels(config.model.channels)
        .strides(config.model.strides)
        .kernel_size(config.model.kernel_size)
        .embedding_size(config.model.embedding_size)
        .recurrence(parse_recurrence(config.model.recurrence))
        .neuron(neuron);
    return options;
}

} // namespace

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t counter)
{
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (counter + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Trainer::Trainer(Config config, std::filesystem::path project_data_dir) : config_(std::move(config))
{
    config_.validate();
    configure_runtime(config_.train.threads);
    device_ = resolve_device(config_.train.device);
    if (config_.data.events()) {
        const EventBinningOptions binning = binning_options(config_);
        const std::filesystem::path cache_dir =
            config_.data.cache_dir.empty() ? default_cache_dir() : std::filesystem::path(config_.data.cache_dir);
        const std::filesystem::path root =
            config_.data.dataset == "synthetic-gestures"
                ? ensure_synthetic_gestures(config_.data.root.empty() ? cache_dir / "synthetic-gestures"
                                                                      : std::filesystem::path(config_.data.root))
                : locate_gesture_dataset(config_.data.root, project_data_dir);
        train_ = load_gesture_split(root, Split::Train, binning, config_.data.limit, cache_dir, &cache_report_);
        test_ = load_gesture_split(root, Split::Test, binning, config_.data.test_limit, cache_dir, &cache_report_);
    } else {
        const DatasetFiles files = locate_dataset(config_.data.dataset, config_.data.root, project_data_dir);
        train_ = load_image_split(files, Split::Train, config_.data.limit);
        test_ = load_image_split(files, Split::Test, config_.data.test_limit);
    }
    encoder_.f_on(config_.encoding.f_on).f_off(config_.encoding.f_off).dt(config_.encoding.dt).steps(config_.encoding.steps);
    validate(encoder_);

    // Weight initialisation draws from the global generator; seeding it makes runs repeatable.
    torch::manual_seed(config_.train.seed);
    // Calibrate on a fixed slice of the training data, so equal seeds give equal weights.
    const at::Tensor calibration_indices = at::arange(std::min<std::int64_t>(train_.size(), 64), at::kLong);
    if (config_.model.kind == "classifier") {
        const AutoencoderOptions shape = autoencoder_options(config_);
        ClassifierOptions options;
        options.in_channels(train_.images.size(1))
            .height(train_.images.size(2))
            .width(train_.images.size(3))
            .channels(shape.channels())
            .strides(shape.strides())
            .kernel_size(shape.kernel_size())
            .hidden(shape.embedding_size())
            .classes(static_cast<std::int64_t>(train_.class_names.size()))
            .neuron(shape.neuron());
        classifier_ = SpikingClassifier(options);
        classifier_->to(device_);
        classifier_->calibrate(input_of(train_, calibration_indices, kCalibrationStream), kCalibrationRate);
    } else {
        AutoencoderOptions options = autoencoder_options(config_);
        options.in_channels(train_.images.size(1)).height(train_.images.size(2)).width(train_.images.size(3));
        model_ = make_autoencoder(config_.model.kind == "sae", options);
        model_->set_execution(parse_execution(config_.train.execution));
        model_->set_bfloat16_input_gradients(config_.train.gradient_precision == "bfloat16");
        model_->to(device_);
        model_->calibrate(input_of(train_, calibration_indices, kCalibrationStream), kCalibrationRate);
    }
    optimizer_ = std::make_unique<torch::optim::Adam>(network().parameters(),
                                                      torch::optim::AdamOptions(config_.train.learning_rate));
}

torch::nn::Module& Trainer::network()
{
    if (model_)
        return *model_;
    return *classifier_;
}

const torch::nn::Module& Trainer::network() const
{
    if (model_)
        return *model_;
    return *classifier_;
}

std::vector<ConvKernels> Trainer::conv_kernels() const
{
    return model_ ? model_->conv_kernels() : classifier_->conv_kernels();
}

std::vector<LayerActivity> Trainer::trace(const at::Tensor& input, std::int64_t index)
{
    return model_ ? model_->trace(input, index) : classifier_->trace(input, index);
}

Trainer::~Trainer() = default;

std::int64_t Trainer::steps_per_epoch() const
{
    return (train_.size() + config_.train.batch_size - 1) / config_.train.batch_size;
}

std::int64_t Trainer::total_steps() const
{
    const std::int64_t all = steps_per_epoch() * config_.train.epochs;
    return config_.train.max_steps > 0 ? std::min(all, config_.train.max_steps) : all;
}

at::Tensor Trainer::batch_indices(std::int64_t step) const
{
    const std::int64_t epoch = epoch_of(step);
    if (epoch != cached_permutation_epoch_) {
        auto generator = at::make_generator<at::CPUGeneratorImpl>(derive_seed(config_.train.seed ^ kShuffleStream, epoch));
        cached_permutation_ = at::randperm(train_.size(), generator, at::TensorOptions().dtype(at::kLong));
        cached_permutation_epoch_ = epoch;
    }
    const std::int64_t begin = (step % steps_per_epoch()) * config_.train.batch_size;
    const std::int64_t length = std::min(config_.train.batch_size, train_.size() - begin);
    return cached_permutation_.narrow(0, begin, length);
}

at::Tensor Trainer::encode(const at::Tensor& intensities, std::uint64_t stream) const
{
    if (model_ && !model_->spiking())
        return intensities.to(device_);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(derive_seed(config_.train.seed, stream));
    return rate_encode(intensities, encoder_, generator).to(device_);
}

at::Tensor Trainer::input_of(const ImageDataset& data, const at::Tensor& indices, std::uint64_t stream) const
{
    if (!data.events())
        return encode(data.images.index_select(0, indices), stream);
    if (model_ && !model_->spiking())
        return data.images.index_select(0, indices).to(device_);
    return data.spikes.index_select(0, indices).transpose(0, 1).contiguous().to(device_);
}

std::pair<at::Tensor, at::Tensor> Trainer::reconstruction_and_target(const at::Tensor& input)
{
    const std::string& target = config_.train.target;
    if (target == "spikes") {
        // Step by step: [T, B, ...] -> [B, T, ...] so that the loss treats each sample's whole train as one vector.
        return {model_->forward_spikes(input).transpose(0, 1), input.transpose(0, 1)};
    }
    at::Tensor reconstruction = model_->forward(input), expected = model_->target_of(input);
    if (target == "merged_counts")
        return {reconstruction.sum(1, /*keepdim=*/true), expected.sum(1, /*keepdim=*/true)};
    return {reconstruction, expected};
}

at::Tensor Trainer::loss_of(const at::Tensor& reconstruction, const at::Tensor& target) const
{
    return config_.train.loss == "mse" ? mean_squared_error(reconstruction, target) : nrmse_loss(reconstruction, target);
}

StepMetrics Trainer::train_step()
{
    const auto started = std::chrono::steady_clock::now();
    const at::Tensor indices = batch_indices(step_);
    const at::Tensor input = input_of(train_, indices, static_cast<std::uint64_t>(step_));
    network().train();
    optimizer_->zero_grad();
    at::Tensor loss;
    double accuracy = -1.0;
    if (classifier_) {
        const at::Tensor labels = train_.labels.index_select(0, indices).to(device_);
        const at::Tensor counts = classifier_->forward(input);
        loss = spike_count_cross_entropy(counts, labels, config_.encoding.steps);
        accuracy = counts.detach().argmax(1).eq(labels).to(at::kDouble).mean().item<double>();
    } else {
        const auto [reconstruction, target] = reconstruction_and_target(input);
        loss = loss_of(reconstruction, target);
    }
    const double value = loss.item<double>();
    if (!std::isfinite(value))
        throw std::runtime_error("training loss is " + std::to_string(value) + " at step " + std::to_string(step_ + 1) +
                                 "; the weights were left as they were before this step (try a lower train.lr)");
    loss.backward();
    optimizer_->step();
    StepMetrics metrics;
    metrics.epoch = epoch_of(step_);
    metrics.step = ++step_;
    metrics.loss = value;
    metrics.accuracy = accuracy;
    metrics.step_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics.samples_per_s = static_cast<double>(indices.size(0)) / std::max(metrics.step_seconds, 1e-9);
    return metrics;
}

EvalMetrics Trainer::evaluate()
{
    torch::NoGradGuard no_grad;
    network().eval();
    EvalMetrics metrics;
    metrics.step = step_;
    metrics.epoch = step_ == 0 ? 0 : epoch_of(step_ - 1);
    double nrmse_sum = 0.0, mse_sum = 0.0, cross_entropy_sum = 0.0;
    std::int64_t correct = 0;
    if (classifier_) {
        metrics.classes = classifier_->options().classes();
        metrics.confusion.assign(static_cast<std::size_t>(metrics.classes * metrics.classes), 0);
    }
    const std::int64_t batch = config_.train.batch_size;
    for (std::int64_t begin = 0, index = 0; begin < test_.size(); begin += batch, ++index) {
        const std::int64_t length = std::min(batch, test_.size() - begin);
        const at::Tensor indices = at::arange(begin, begin + length, at::kLong);
        const at::Tensor input = input_of(test_, indices, kEvalStream + static_cast<std::uint64_t>(index) * 0x10001ULL);
        if (classifier_) {
            const at::Tensor labels = test_.labels.index_select(0, indices);
            const at::Tensor counts = classifier_->forward(input).cpu();
            cross_entropy_sum += spike_count_cross_entropy(counts, labels, config_.encoding.steps).item<double>() * static_cast<double>(length);
            const at::Tensor predicted = counts.argmax(1).contiguous();
            const auto* truth = labels.data_ptr<std::int64_t>();
            const auto* guess = predicted.data_ptr<std::int64_t>();
            for (std::int64_t i = 0; i < length; ++i) {
                ++metrics.confusion[static_cast<std::size_t>(truth[i] * metrics.classes + guess[i])];
                correct += truth[i] == guess[i] ? 1 : 0;
            }
        } else {
            const auto [reconstruction, target] = reconstruction_and_target(input);
            nrmse_sum += nrmse_loss(reconstruction, target).item<double>() * static_cast<double>(length);
            mse_sum += mean_squared_error(reconstruction, target).item<double>() * static_cast<double>(length);
        }
        metrics.samples += length;
    }
    const double samples = std::max<double>(1.0, static_cast<double>(metrics.samples));
    metrics.nrmse = nrmse_sum / samples;
    metrics.mse = mse_sum / samples;
    metrics.cross_entropy = cross_entropy_sum / samples;
    metrics.accuracy = static_cast<double>(correct) / samples;
    network().train();
    return metrics;
}

bool Trainer::evaluation_due() const
{
    const std::int64_t every = config_.train.eval_every;
    const bool epoch_end = step_ % steps_per_epoch() == 0;
    return step_ > 0 && ((every > 0 && step_ % every == 0) || (every == 0 && epoch_end) || finished());
}

bool Trainer::checkpoint_due() const
{
    const std::int64_t every = config_.train.checkpoint_every;
    const bool epoch_end = step_ % steps_per_epoch() == 0;
    return step_ > 0 && ((every > 0 && step_ % every == 0) || (every == 0 && epoch_end));
}

RunOutcome Trainer::run(const TrainerCallbacks& callbacks, const std::optional<std::filesystem::path>& run_dir)
{
    cancel_requested_.store(false);
    const auto checkpoint = [&] {
        if (!run_dir)
            return;
        const auto file = *run_dir / "checkpoint.pt";
        save_checkpoint(file);
        if (callbacks.on_checkpoint)
            callbacks.on_checkpoint(file);
    };
    const auto report_eval = [&] {
        const EvalMetrics metrics = evaluate();
        if (callbacks.on_eval)
            callbacks.on_eval(metrics);
    };
    if (step_ == 0)
        report_eval();
    while (!finished()) {
        if (cancel_requested_.load()) {
            checkpoint();
            return RunOutcome::Cancelled;
        }
        StepMetrics metrics;
        try {
            metrics = train_step();
        } catch (...) {
            // A failed step (e.g. a NaN loss) leaves the weights as they were: keep them.
            checkpoint();
            throw;
        }
        if (callbacks.on_step)
            callbacks.on_step(metrics);
        if (evaluation_due())
            report_eval();
        if (checkpoint_due() && !finished())
            checkpoint();
    }
    checkpoint();
    return RunOutcome::Finished;
}

void Trainer::save_checkpoint(const std::filesystem::path& file) const
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("config", c10::IValue(config_.to_json().dump()));
    archive.write("step", c10::IValue(step_));
    torch::serialize::OutputArchive model_archive, optimizer_archive;
    network().save(model_archive);
    optimizer_->save(optimizer_archive);
    archive.write("model", model_archive);
    archive.write("optimizer", optimizer_archive);

    replace_file_atomically(file, [&](const std::filesystem::path& temporary) {
        try {
            archive.save_to(temporary.string());
        } catch (const c10::Error& error) {
            throw CheckpointError(temporary.string() + ": cannot write checkpoint: " + error.what_without_backtrace());
        }
    });
}

std::unique_ptr<Trainer> Trainer::from_checkpoint(const std::filesystem::path& file, std::filesystem::path project_data_dir)
{
    if (!std::filesystem::is_regular_file(file))
        throw CheckpointError(file.string() + ": no checkpoint file there");
    torch::serialize::InputArchive archive;
    Config config;
    std::int64_t step = 0;
    try {
        archive.load_from(file.string());
        c10::IValue format, config_text, step_value;
        archive.read("format", format);
        if (!format.isString() || format.toStringRef() != kCheckpointFormat)
            throw CheckpointError(file.string() + ": not a csae checkpoint (format tag missing or unknown)");
        archive.read("config", config_text);
        archive.read("step", step_value);
        config = Config::from_json(nlohmann::json::parse(config_text.toStringRef()));
        step = step_value.toInt();
    } catch (const c10::Error& error) {
        throw CheckpointError(file.string() + ": not a readable csae checkpoint: " + error.what_without_backtrace());
    } catch (const nlohmann::json::exception& error) {
        throw CheckpointError(file.string() + ": checkpoint holds an unreadable config: " + error.what());
    } catch (const ConfigError& error) {
        throw CheckpointError(file.string() + ": checkpoint holds an invalid config: " + error.what());
    }
    auto trainer = std::make_unique<Trainer>(config, std::move(project_data_dir));
    try {
        if (!trainer->device_.is_cpu())  // optimizer state must land on the parameters' device
            archive.load_from(file.string(), trainer->device_);
        torch::serialize::InputArchive model_archive, optimizer_archive;
        archive.read("model", model_archive);
        archive.read("optimizer", optimizer_archive);
        trainer->network().load(model_archive);
        trainer->optimizer_->load(optimizer_archive);
    } catch (const c10::Error& error) {
        throw CheckpointError(file.string() + ": checkpoint does not match its config: " + error.what_without_backtrace());
    }
    if (step < 0 || step > trainer->total_steps())
        throw CheckpointError(file.string() + ": step " + std::to_string(step) + " is outside the run's " +
                              std::to_string(trainer->total_steps()) + " steps");
    trainer->step_ = step;
    return trainer;
}

} // namespace csae
