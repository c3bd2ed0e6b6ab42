#include "model/training/trainer.h"

#include "model/core/errors.h"
#include "model/networks/network_factory.h"
#include "model/core/runtime.h"
#include "model/training/checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/randperm.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include <cmath>

namespace csae {
namespace {

/// Runs `work`; LibTorch's and oneDNN's own errors say what failed but not where, so they
/// come out as a ComputeError that starts with `where` (the step and pass, or the evaluation).
template <class Work>
auto with_context(const std::string& where, const Work& work)
{
    try {
        return work();
    } catch (const ComputeError& failure) {
        throw ComputeError(where + ", " + failure.what());
    } catch (const c10::Error& failure) {
        throw ComputeError(where + ": " + first_line(failure.what_without_backtrace()));
    } catch (const std::bad_alloc&) {
        throw ComputeError(where + ": out of memory (lower train.batch_size or encoding.steps)");
    }
}

constexpr std::uint64_t kShuffleStream = 0x53485546464c45ULL; // "SHUFFLE"
constexpr std::uint64_t kEvalStream = 0x4556414cULL;          // "EVAL"
constexpr std::uint64_t kCalibrationStream = 0x43414c4942ULL; // "CALIB"

} // namespace

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t counter)
{
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (counter + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Trainer::Trainer(Config config, std::filesystem::path project_data_dir)
    : config_(std::move(config))
    , early_stopping_(config_.train.early_stop_patience, config_.train.early_stop_min_delta,
                      /*higher_is_better=*/config_.model.kind == ModelKind::Classifier)
{
    config_.validate();
    configure_runtime(config_.train.threads);
    device_ = resolve_device(config_.train.device);
    gradient_precision_ = resolve_gradient_precision(config_.train.gradient_precision);
    data_ = load_data(config_, project_data_dir);
    encoder_.f_on(config_.encoding.f_on)
        .f_off(config_.encoding.f_off)
        .dt(config_.encoding.dt)
        .steps(config_.encoding.steps);
    validate(encoder_);

    // Weight initialisation draws from the global generator; seeding it makes runs repeatable.
    torch::manual_seed(config_.train.seed);
    const ImageDataset& train = data_.train;
    network_ = make_network(config_, {train.images.size(1), train.images.size(2), train.images.size(3),
                                      static_cast<std::int64_t>(train.class_names.size())});
    network_->to(device_);
    // Calibrate on a fixed slice of the training data, so equal seeds give equal weights.
    const at::Tensor calibration_indices = at::arange(std::min<std::int64_t>(train.size(), 64), at::kLong);
    network_->calibrate(input_of(train, calibration_indices, kCalibrationStream), config_.train.calibration_rate);
    optimizer_ = std::make_unique<torch::optim::Adam>(network_->parameters(),
                                                      torch::optim::AdamOptions(config_.train.learning_rate));
}

void Trainer::retune(const Config& updated)
{
    updated.validate();
    for (const std::string& key : changed_keys(config_, updated))
        for (const ParameterSpec& spec : parameter_specs())
            if (spec.key == key && !spec.live)
                throw ConfigError(key + ": fixed while a run exists (it shapes the network, its data or its "
                                        "randomness); reset the run to change it");
    RateEncoderOptions encoder = encoder_;
    encoder.f_on(updated.encoding.f_on).f_off(updated.encoding.f_off);
    validate(encoder);
    config_ = updated;
    encoder_ = encoder;
}

Autoencoder& Trainer::model()
{
    auto* model = dynamic_cast<Autoencoder*>(network_.get());
    if (!model)
        throw ConfigError("model.kind: \"" + choice_name(config_.model.kind) + "\" is not an autoencoder");
    return *model;
}

Objective Trainer::objective(const ImageDataset& data, const at::Tensor& indices) const
{
    Objective objective{config_.train.loss, config_.train.target, config_.encoding.steps, {}};
    if (objective.target == Target::ExpectedCounts)
        objective.expected_counts =
            (spike_probability(data.images.index_select(0, indices), encoder_) * static_cast<double>(objective.steps))
                .to(device_);
    return objective;
}

Trainer::~Trainer() = default;

std::int64_t Trainer::steps_per_epoch() const
{
    return (data_.train.size() + config_.train.batch_size - 1) / config_.train.batch_size;
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
        auto generator =
            at::make_generator<at::CPUGeneratorImpl>(derive_seed(config_.train.seed ^ kShuffleStream, epoch));
        cached_permutation_ = at::randperm(data_.train.size(), generator, at::TensorOptions().dtype(at::kLong));
        cached_permutation_epoch_ = epoch;
    }
    const std::int64_t begin = (step % steps_per_epoch()) * config_.train.batch_size;
    const std::int64_t length = std::min(config_.train.batch_size, data_.train.size() - begin);
    return cached_permutation_.narrow(0, begin, length);
}

at::Tensor Trainer::encode(const at::Tensor& intensities, std::uint64_t stream) const
{
    if (!network_->spiking())
        return intensities.to(device_);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(derive_seed(config_.train.seed, stream));
    return rate_encode(intensities, encoder_, generator).to(device_);
}

at::Tensor Trainer::input_of(const ImageDataset& data, const at::Tensor& indices, std::uint64_t stream) const
{
    if (!data.events())
        return encode(data.images.index_select(0, indices), stream);
    if (!network_->spiking())
        return data.images.index_select(0, indices).to(device_);
    return data.spikes.index_select(0, indices).transpose(0, 1).contiguous().to(device_);
}

StepMetrics Trainer::train_step()
{
    const auto started = std::chrono::steady_clock::now();
    const at::Tensor indices = batch_indices(step_);
    const at::Tensor input = input_of(data_.train, indices, static_cast<std::uint64_t>(step_));
    const at::Tensor labels = data_.train.labels.index_select(0, indices);
    network_->train();
    optimizer_->zero_grad();
    const double rate = learning_rate();
    for (auto& group : optimizer_->param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
    const auto in_pass = [this](const char* pass, const auto& work) {
        return with_context("training step " + std::to_string(step_ + 1) + ", " + pass, work);
    };
    const BatchResult batch = in_pass("forward pass", [&] {
        return network_->run_batch(input, labels, objective(data_.train, indices), /*measure=*/false);
    });
    const at::Tensor& loss = batch.loss;
    const double accuracy =
        batch.predicted.defined() ? batch.predicted.eq(labels).to(at::kDouble).mean().item<double>() : -1.0;
    const double value = loss.item<double>();
    if (!std::isfinite(value))
        throw std::runtime_error("training loss is " + std::to_string(value) + " at step " + std::to_string(step_ + 1) +
                                 "; the weights were left as they were before this step (try a lower train.lr)");
    in_pass("backward pass", [&] {
        loss.backward();
        return 0;
    });
    in_pass("optimiser step", [&] {
        if (config_.train.grad_clip > 0.0)
            torch::nn::utils::clip_grad_norm_(network_->parameters(), config_.train.grad_clip);
        optimizer_->step();
        return 0;
    });
    StepMetrics metrics;
    metrics.epoch = epoch_of(step_);
    metrics.step = ++step_;
    metrics.loss = value;
    metrics.learning_rate = rate;
    metrics.accuracy = accuracy;
    metrics.step_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics.samples_per_s = static_cast<double>(indices.size(0)) / std::max(metrics.step_seconds, 1e-9);
    return metrics;
}

EvalMetrics Trainer::evaluate()
{
    return with_context("test evaluation after step " + std::to_string(step_), [this] { return evaluate_split(); });
}

EvalMetrics Trainer::evaluate_split()
{
    torch::NoGradGuard no_grad;
    network_->eval();
    EvalMetrics metrics;
    metrics.step = step_;
    metrics.epoch = step_ == 0 ? 0 : epoch_of(step_ - 1);
    double nrmse_sum = 0.0, mse_sum = 0.0, cross_entropy_sum = 0.0;
    std::int64_t correct = 0;
    metrics.classes = network_->classes();
    metrics.confusion.assign(static_cast<std::size_t>(metrics.classes * metrics.classes), 0);
    const ImageDataset& test = data_.test;
    const std::int64_t batch = config_.train.batch_size;
    // The test scores the sampled counts whatever the training target (as the seed does), so a
    // rate target's expected counts are not computed here.
    const Objective scored{config_.train.loss,
                           config_.train.target == Target::ExpectedCounts ? Target::Counts : config_.train.target,
                           config_.encoding.steps,
                           {}};
    for (std::int64_t begin = 0, index = 0; begin < test.size(); begin += batch, ++index) {
        const std::int64_t length = std::min(batch, test.size() - begin);
        const at::Tensor indices = at::arange(begin, begin + length, at::kLong);
        const at::Tensor input = input_of(test, indices, kEvalStream + static_cast<std::uint64_t>(index) * 0x10001ULL);
        const at::Tensor labels = test.labels.index_select(0, indices);
        const BatchResult result = network_->run_batch(input, labels, scored, /*measure=*/true);
        if (index == 0 && network_->spiking())
            for (const LayerActivity& layer : network_->trace(input, 0))
                metrics.firing_rates.emplace_back(layer.name, layer.spikes.mean().item<double>());
        const double weight = static_cast<double>(length);
        nrmse_sum += result.nrmse * weight;
        mse_sum += result.mse * weight;
        cross_entropy_sum += result.cross_entropy * weight;
        if (result.predicted.defined()) {
            const auto* truth = labels.data_ptr<std::int64_t>();
            const auto* guess = result.predicted.data_ptr<std::int64_t>();
            for (std::int64_t i = 0; i < length; ++i) {
                ++metrics.confusion[static_cast<std::size_t>(truth[i] * metrics.classes + guess[i])];
                correct += truth[i] == guess[i] ? 1 : 0;
            }
        }
        metrics.samples += length;
    }
    const double samples = std::max<double>(1.0, static_cast<double>(metrics.samples));
    metrics.nrmse = nrmse_sum / samples;
    metrics.mse = mse_sum / samples;
    metrics.cross_entropy = cross_entropy_sum / samples;
    metrics.accuracy = static_cast<double>(correct) / samples;
    network_->train();
    return metrics;
}

bool Trainer::observe_evaluation(const EvalMetrics& metrics)
{
    // The classifier is judged by accuracy, the autoencoders by the seed's nRMSE.
    const double metric = metrics.classes > 0 ? metrics.accuracy : metrics.nrmse;
    return early_stopping_.observe(metric, metrics.step);
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
    std::int64_t checkpointed_step = step_; // what checkpoint.pt holds, when it exists
    const auto checkpoint = [&] {
        if (!run_dir)
            return;
        const auto file = *run_dir / "checkpoint.pt";
        try {
            save_checkpoint(file);
        } catch (const CheckpointError& failure) {
            // A full disk: the previous checkpoint is intact (the new one was a temporary file).
            std::string message = failure.what() + std::string("; training stopped at step ") + std::to_string(step_);
            if (std::filesystem::exists(file))
                message += "; " + file.string() + " still holds step " + std::to_string(checkpointed_step) +
                           ": free some space, then continue with csae train --resume " + run_dir->string();
            throw CheckpointError(message);
        }
        checkpointed_step = step_;
        if (callbacks.on_checkpoint)
            callbacks.on_checkpoint(file);
    };
    const auto report_eval = [&] {
        const EvalMetrics metrics = evaluate();
        if (callbacks.on_eval)
            callbacks.on_eval(metrics);
        return observe_evaluation(metrics);
    };
    // A failed step or evaluation leaves the weights as they were: keep them, and say where.
    const auto saved = [&](const ComputeError& failure) {
        if (!run_dir)
            return failure;
        try {
            checkpoint();
        } catch (const std::exception& also) {
            return ComputeError(failure.what() + std::string("; the checkpoint could not be saved either: ") +
                                also.what());
        }
        return ComputeError(failure.what() + std::string("; the weights after step ") + std::to_string(step_) +
                            " are saved in " + (*run_dir / "checkpoint.pt").string());
    };
    try {
        if (step_ == 0)
            report_eval();
        while (!finished()) {
            if (cancel_requested_.load()) {
                checkpoint();
                return RunOutcome::Cancelled;
            }
            const StepMetrics metrics = train_step();
            if (callbacks.on_step)
                callbacks.on_step(metrics);
            if (evaluation_due() && report_eval()) {
                checkpoint();
                return RunOutcome::StoppedEarly;
            }
            if (checkpoint_due() && !finished())
                checkpoint();
        }
    } catch (const ComputeError& failure) {
        throw saved(failure);
    } catch (const CheckpointError&) {
        throw; // the disk refused a write: the last complete checkpoint is the one to resume from
    } catch (...) {
        // Keep the weights if possible; the original error is the one to report.
        try {
            checkpoint();
        } catch (...) {
        }
        throw;
    }
    checkpoint();
    return RunOutcome::Finished;
}

void Trainer::save_checkpoint(const std::filesystem::path& file) const
{
    write_checkpoint(file, {config_, step_, early_stopping_.state()}, *network_, *optimizer_);
}

std::unique_ptr<Trainer> Trainer::from_checkpoint(const std::filesystem::path& file,
                                                  std::filesystem::path project_data_dir)
{
    const CheckpointHeader header = read_checkpoint_header(file);
    auto trainer = std::make_unique<Trainer>(header.config, std::move(project_data_dir));
    load_checkpoint_state(file, trainer->device_, *trainer->network_, *trainer->optimizer_);
    if (header.step < 0 || header.step > trainer->total_steps())
        throw CheckpointError(file.string() + ": step " + std::to_string(header.step) + " is outside the run's " +
                              std::to_string(trainer->total_steps()) + " steps");
    trainer->step_ = header.step;
    trainer->early_stopping_.restore(header.early_stopping);
    return trainer;
}

} // namespace csae
