#include "model/networks/autoencoder.h"

#include "model/networks/losses.h"

#include "model/core/errors.h"
#include "model/kernels/narrow_conv.h"
#include "model/kernels/spike_conv.h"
#include "model/kernels/spike_linear.h"
#include "model/kernels/transposed_conv.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/kthvalue.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/relu.h>
#include <ATen/ops/sigmoid.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace csae {

namespace {

std::int64_t recurrent_layer_count(Recurrence recurrence)
{
    switch (recurrence) {
    case Recurrence::None:
        return 0;
    case Recurrence::Implicit1:
    case Recurrence::Explicit1:
        return 1;
    case Recurrence::Implicit2:
        return 2;
    }
    return 0;
}

} // namespace

at::Tensor apply_conv(torch::nn::Module& layer, const at::Tensor& batch)
{
    if (auto* conv = layer.as<torch::nn::Conv2d>())
        return conv->forward(batch);
    return layer.as<TransposedConv2d>()->forward(batch);
}

/// Applies a 2-d layer to every time step at once by folding T into the batch.
at::Tensor apply_folded(torch::nn::Module& layer, const at::Tensor& sequence)
{
    const at::Tensor folded = sequence.flatten(0, 1);
    const at::Tensor out = apply_conv(layer, folded);
    std::vector<std::int64_t> shape{sequence.size(0), sequence.size(1)};
    shape.insert(shape.end(), out.sizes().begin() + 1, out.sizes().end());
    return out.view(shape);
}

at::Tensor fire_recorded(LifImpl& lif, const at::Tensor& current, const std::string& name,
                         std::vector<LayerActivity>* record)
{
    if (!record)
        return lif.forward(current);
    LifTrace trace = lif.forward_trace(current);
    record->push_back({name, trace.spikes.detach(), trace.membrane});
    return trace.spikes;
}

void calibrate_firing(const std::vector<torch::nn::Module*>& weight_layers, const std::vector<double>& thresholds,
                      const std::vector<double>& rates, const std::function<std::vector<LayerActivity>()>& record_all)
{
    torch::NoGradGuard no_grad;
    for (std::size_t layer = 0; layer < weight_layers.size(); ++layer) {
        for (int iteration = 0; iteration < 4; ++iteration) {
            const std::vector<LayerActivity> record = record_all();
            // The membrane value exceeded by a fraction `rate` of neuron-steps should sit at threshold.
            at::Tensor values = record[layer].membrane.flatten();
            const std::int64_t stride = std::max<std::int64_t>(1, values.numel() / 1'000'000);
            values = values.slice(0, 0, values.numel(), stride);
            const std::int64_t k = std::clamp<std::int64_t>(
                static_cast<std::int64_t>((1.0 - rates[layer]) * static_cast<double>(values.numel())), 1,
                values.numel());
            const double quantile = std::get<0>(values.kthvalue(k)).item<double>();
            const double scale = quantile > 1e-6 ? std::clamp(thresholds[layer] / quantile, 0.25, 4.0) : 4.0;
            for (auto& parameter : weight_layers[layer]->parameters(false))
                parameter.mul_(scale);
            if (std::abs(scale - 1.0) < 0.05)
                break;
        }
    }
}

namespace {

/// The stepwise execution's convolution of one step's spikes [B, C, H, W], channels-last out:
/// a stride-1 convolution with few output channels (the output layer) through narrow_conv, any
/// other through spike_conv; each event-driven below its kernels' measured crossover.
at::Tensor apply_step_conv(torch::nn::Module& layer, const at::Tensor& batch, bool bfloat16_input_gradient)
{
    SpikeConvGeometry geometry;
    geometry.bfloat16_input_gradient = bfloat16_input_gradient;
    if (auto* conv = layer.as<torch::nn::Conv2d>()) {
        const auto& o = conv->options;
        geometry.stride = (*o.stride())[0];
        geometry.padding = (*c10::get<torch::ExpandingArray<2>>(o.padding()))[0];
        if (geometry.stride == 1 && o.out_channels() <= kNarrowConvMaxOutChannels)
            return narrow_conv(batch, conv->weight, conv->bias, geometry.padding, kNarrowConvEventDrivenBelow);
        geometry.sparse_below = event_driven_crossover(o.in_channels(), false);
        return spike_conv(batch, conv->weight, conv->bias, geometry);
    }
    auto* transposed = layer.as<TransposedConv2d>();
    const auto& o = transposed->options;
    geometry.sparse_below = event_driven_crossover(o.in_channels(), true);
    geometry.transposed = true;
    geometry.stride = o.stride();
    geometry.padding = o.padding();
    geometry.output_padding_h = o.output_padding()[0];
    geometry.output_padding_w = o.output_padding()[1];
    return spike_conv(batch, transposed->weight, transposed->bias, geometry);
}

/// What apply_step_conv runs for `layer`, in words, for `csae info`.
std::string step_conv_path(torch::nn::Module& layer)
{
    const auto percent = [](double fraction) { return std::to_string(static_cast<int>(fraction * 100 + 0.5)) + " %"; };
    if (auto* conv = layer.as<torch::nn::Conv2d>()) {
        const auto& o = conv->options;
        if ((*o.stride())[0] == 1 && o.out_channels() <= kNarrowConvMaxOutChannels)
            return "narrow_conv (engine): event-driven below " + percent(kNarrowConvEventDrivenBelow) +
                   " active inputs, else dense (engine)";
        return "spike_conv (engine): event-driven below " +
               percent(event_driven_crossover(o.in_channels(), false)) +
               " active inputs, else oneDNN; input gradient by oneDNN";
    }
    const auto& o = layer.as<TransposedConv2d>()->options;
    return "spike_conv, transposed (engine): event-driven below " +
           percent(event_driven_crossover(o.in_channels(), true)) + " active inputs, else oneDNN";
}

std::string dense_name(std::size_t index, std::size_t count)
{
    if (index == 0)
        return "embedding";
    if (index + 1 == count)
        return "decoder_linear";
    return "recurrent" + std::to_string(index);
}

} // namespace

Autoencoder::Autoencoder(AutoencoderOptions options) : options_(std::move(options))
{
    const auto& o = options_;
    if (o.channels().empty() || o.channels().size() != o.strides().size())
        throw ConfigError("model.strides: need one stride per entry of model.channels");
    if (o.kernel_size() < 1 || o.kernel_size() > 15 || o.kernel_size() % 2 == 0)
        throw ConfigError("model.kernel_size: " + std::to_string(o.kernel_size()) +
                          " is out of range (allowed: odd integer 1-15)");
    if (o.embedding_size() < 2 || o.embedding_size() > 1000)
        throw ConfigError("model.embedding_size: " + std::to_string(o.embedding_size()) +
                          " is out of range (allowed: integer 2-1000)");
    const std::int64_t padding = o.kernel_size() / 2;
    const auto sizes = encoder_sizes();

    encoder_convs = register_module("encoder_convs", torch::nn::ModuleList());
    std::int64_t in_channels = o.in_channels();
    for (std::size_t i = 0; i < o.channels().size(); ++i) {
        encoder_convs->push_back(
            torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, o.channels()[i], o.kernel_size())
                                  .stride(o.strides()[i])
                                  .padding(padding)));
        in_channels = o.channels()[i];
    }

    const auto [bottom_h, bottom_w] = sizes.back();
    const std::int64_t flat = o.channels().back() * bottom_h * bottom_w;
    if (flat > 4'000'000)
        throw ConfigError("model.channels: the flattened encoder output (" + std::to_string(flat) +
                          " values) is too large for the dense bottleneck; add strides or fewer channels");
    dense_layers = register_module("dense_layers", torch::nn::ModuleList());
    dense_layers->push_back(torch::nn::Linear(flat, o.embedding_size()));
    for (std::int64_t i = 0; i < recurrent_layer_count(o.recurrence()); ++i)
        dense_layers->push_back(torch::nn::Linear(o.embedding_size(), o.embedding_size()));
    dense_layers->push_back(torch::nn::Linear(o.embedding_size(), flat));
    if (o.recurrence() == Recurrence::Explicit1) {
        // Same scale as a linear layer's default initialisation.
        const double bound = 1.0 / std::sqrt(static_cast<double>(o.embedding_size()));
        feedback = register_parameter("feedback", at::empty({o.embedding_size(), o.embedding_size()}));
        torch::NoGradGuard no_grad;
        feedback.uniform_(-bound, bound);
    }

    decoder_convs = register_module("decoder_convs", torch::nn::ModuleList());
    for (std::size_t i = o.channels().size(); i-- > 0;) {
        const std::int64_t out_channels = i == 0 ? o.in_channels() : o.channels()[i - 1];
        const std::int64_t stride = o.strides()[i];
        if (stride == 1) {
            decoder_convs->push_back(torch::nn::Conv2d(
                torch::nn::Conv2dOptions(o.channels()[i], out_channels, o.kernel_size()).padding(padding)));
            continue;
        }
        // Output padding restores the exact encoder size: out = (in - 1) s + 1 + output_padding.
        const auto [in_h, in_w] = sizes[i + 1];
        const auto [target_h, target_w] = sizes[i];
        const std::int64_t pad_h = target_h - (in_h - 1) * stride - 1;
        const std::int64_t pad_w = target_w - (in_w - 1) * stride - 1;
        decoder_convs->push_back(
            TransposedConv2d(TransposedConv2dOptions(o.channels()[i], out_channels, o.kernel_size())
                                 .stride(stride)
                                 .padding(padding)
                                 .output_padding({pad_h, pad_w})));
    }
}

void Autoencoder::set_execution(Execution execution)
{
    execution_ = execution;
    const auto format = execution == Execution::PerTimestep || !spiking() ? at::MemoryFormat::Contiguous
                                                                          : at::MemoryFormat::ChannelsLast;
    torch::NoGradGuard no_grad;
    for (auto& parameter : parameters()) {
        if (parameter.dim() != 4)
            continue;
        if (!parameter.is_contiguous(format))
            parameter.set_data(parameter.contiguous(format));
        // Accumulated gradients follow, or autograd warns about the gradient layout contract.
        if (parameter.grad().defined() && !parameter.grad().is_contiguous(format))
            parameter.mutable_grad() = parameter.grad().contiguous(format);
    }
}

std::vector<std::pair<std::int64_t, std::int64_t>> Autoencoder::encoder_sizes() const
{
    std::vector<std::pair<std::int64_t, std::int64_t>> sizes{{options_.height(), options_.width()}};
    for (const std::int64_t stride : options_.strides()) {
        const auto [h, w] = sizes.back();
        sizes.emplace_back((h + stride - 1) / stride, (w + stride - 1) / stride);
    }
    return sizes;
}

at::Tensor Autoencoder::forward_spikes(const at::Tensor&)
{
    throw ConfigError("train.target: \"spikes\" needs model.kind \"sae\" (the ae has no time steps)");
}

at::Tensor Autoencoder::target_of(const at::Tensor& input) const
{
    return spiking() ? input.sum(0) : input;
}

std::pair<at::Tensor, at::Tensor> Autoencoder::reconstruction_and_target(const at::Tensor& input, Target target)
{
    if (target == Target::Spikes) {
        // [T, B, ...] -> [B, T, ...] so that the loss treats each sample's whole train as one vector.
        return {forward_spikes(input).transpose(0, 1), input.transpose(0, 1)};
    }
    at::Tensor reconstruction = forward(input), expected = target_of(input);
    if (target == Target::MergedCounts)
        return {reconstruction.sum(1, /*keepdim=*/true), expected.sum(1, /*keepdim=*/true)};
    return {reconstruction, expected};
}

BatchResult Autoencoder::run_batch(const at::Tensor& input, const at::Tensor&, const Objective& objective, bool measure)
{
    const auto [reconstruction, target] = reconstruction_and_target(input, objective.target);
    BatchResult result;
    result.loss = objective.loss == LossKind::Mse ? mean_squared_error(reconstruction, target)
                                                  : nrmse_loss(reconstruction, target);
    if (measure) {
        const at::Tensor r = reconstruction.detach(), t = target.detach();
        result.nrmse = nrmse_loss(r, t).item<double>();
        result.mse = mean_squared_error(r, t).item<double>();
    }
    return result;
}

std::vector<ConvKernels> Autoencoder::conv_kernels() const
{
    std::vector<ConvKernels> kernels;
    const auto collect = [&](const torch::nn::ModuleList& list, const std::string& prefix) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto& module = list->ptr(i);
            at::Tensor weight = module->named_parameters(false)["weight"].detach();
            // Transposed convolutions store [in, out, k, k]; views want [out, in, k, k].
            if (module->as<TransposedConv2d>())
                weight = weight.transpose(0, 1);
            kernels.push_back({prefix + std::to_string(i + 1), weight.clone()});
        }
    };
    collect(encoder_convs, "conv");
    collect(decoder_convs, "deconv");
    return kernels;
}

std::vector<LayerPath> Autoencoder::kernel_paths() const
{
    if (!spiking())
        return {{"all layers", "LibTorch (oneDNN convolutions, BLAS for the dense layers)"}};
    std::vector<LayerPath> paths;
    for (std::size_t i = 0; i < encoder_convs->size(); ++i)
        paths.push_back({"conv" + std::to_string(i + 1), step_conv_path(*encoder_convs->ptr(i))});
    for (std::size_t i = 0; i < dense_layers->size(); ++i)
        paths.push_back({dense_name(i, dense_layers->size()),
                         "spike_linear (engine): event-driven below " +
                             std::to_string(static_cast<int>(kSpikeLinearEventDrivenBelow * 100 + 0.5)) +
                             " % active inputs, else a dense GEMM"});
    for (std::size_t i = 0; i < decoder_convs->size(); ++i)
        paths.push_back({"deconv" + std::to_string(i + 1), step_conv_path(*decoder_convs->ptr(i))});
    return paths;
}

namespace {

class SpikingAutoencoder final : public Autoencoder {
public:
    explicit SpikingAutoencoder(AutoencoderOptions options) : Autoencoder(std::move(options))
    {
        lifs = register_module("lifs", torch::nn::ModuleList());
        const std::size_t layers = encoder_convs->size() + dense_layers->size() + decoder_convs->size();
        for (std::size_t i = 0; i < layers; ++i)
            lifs->push_back(Lif(options_.neuron()));
    }

    bool spiking() const override { return true; }

    at::Tensor forward(const at::Tensor& input) override { return forward_spikes(input).sum(0); }

    at::Tensor forward_spikes(const at::Tensor& input) override
    {
        if (execution_ == Execution::PerTimestep)
            return run_per_timestep(input);
        // Explicit recurrence feeds spikes back step by step, which the fused LIF nodes cannot;
        // it runs its layer under autograd inside the folded path, as the GPU does.
        const bool stepwise = execution_ == Execution::Stepwise && options_.recurrence() != Recurrence::Explicit1 &&
                              input.device().is_cpu();
        return stepwise ? run_steps(input) : run(input, nullptr, nullptr);
    }

    at::Tensor embed(const at::Tensor& input) override
    {
        at::Tensor embedding;
        run(input, nullptr, &embedding);
        return embedding;
    }

    std::vector<LayerActivity> trace(const at::Tensor& input, std::int64_t index) override
    {
        torch::NoGradGuard no_grad;
        std::vector<LayerActivity> record;
        run(input.narrow(1, index, 1), &record, nullptr);
        for (auto& layer : record) {
            layer.spikes = layer.spikes.select(1, 0);
            layer.membrane = layer.membrane.select(1, 0);
        }
        return record;
    }

    void calibrate(const at::Tensor& input, double hidden_rate) override
    {
        torch::NoGradGuard no_grad;
        std::vector<torch::nn::Module*> weight_layers;
        for (auto* list : {&encoder_convs, &dense_layers, &decoder_convs})
            for (std::size_t i = 0; i < (*list)->size(); ++i)
                weight_layers.push_back((*list)->ptr(i).get());
        std::vector<double> rates(weight_layers.size(), hidden_rate), thresholds;
        rates.back() = std::clamp(input.mean().item<double>(), 0.01, 0.5); // the output: at the input's rate
        for (std::size_t layer = 0; layer < weight_layers.size(); ++layer)
            thresholds.push_back(lifs->ptr<LifImpl>(layer)->threshold.item<double>());
        calibrate_firing(weight_layers, thresholds, rates, [&] {
            std::vector<LayerActivity> record;
            run(input, &record, nullptr);
            return record;
        });
    }

private:
    /// Runs the network on spikes [T, B, C, H, W]; returns output spikes [T, B, C, H, W].
    at::Tensor run(const at::Tensor& input, std::vector<LayerActivity>* record, at::Tensor* embedding)
    {
        TORCH_CHECK(input.dim() == 5, "SAE input must be spikes [T, B, C, H, W], got ", input.sizes());
        std::size_t lif_index = 0;
        const auto fire = [&](const at::Tensor& current, const std::string& name) {
            return fire_recorded(*lifs->ptr<LifImpl>(lif_index++), current, name, record);
        };

        at::Tensor x = input;
        for (std::size_t i = 0; i < encoder_convs->size(); ++i)
            x = fire(apply_folded(*encoder_convs->ptr(i), x), "conv" + std::to_string(i + 1));
        const auto encoded_shape = x.sizes().vec();
        x = x.flatten(2);
        const std::size_t dense_count = dense_layers->size();
        for (std::size_t i = 0; i + 1 < dense_count; ++i) {
            auto& linear = *dense_layers->ptr<torch::nn::LinearImpl>(i);
            const bool explicit_layer = options_.recurrence() == Recurrence::Explicit1 && i == 1;
            x = explicit_layer ? explicit_recurrence(linear, *lifs->ptr<LifImpl>(lif_index++), x, record)
                               : fire(linear.forward(x), dense_name(i, dense_count));
        }
        if (embedding)
            *embedding = x.mean(0);
        x = fire(dense_layers->ptr<torch::nn::LinearImpl>(dense_count - 1)->forward(x), "decoder_linear");
        x = x.view(encoded_shape);
        for (std::size_t i = 0; i < decoder_convs->size(); ++i) {
            const bool last = i + 1 == decoder_convs->size();
            x = fire(apply_folded(*decoder_convs->ptr(i), x), last ? "output" : "deconv" + std::to_string(i + 1));
        }
        return x;
    }

    /// The stepwise execution: weight layers per time step (on this CPU a 7x7 convolution at
    /// batch B costs about the same called T times as once at batch T x B) and each LIF layer as
    /// fused nodes over stretches of a few steps (lif_stretch), so neither forward nor backward
    /// holds a whole sequence of currents or gradients beyond what autograd saves. Returns
    /// output spikes [T, B, C, H, W].
    at::Tensor run_steps(const at::Tensor& input)
    {
        TORCH_CHECK(input.dim() == 5, "SAE input must be spikes [T, B, C, H, W], got ", input.sizes());
        // Short stretches keep peak memory at or below the reference's at the same speed
        // (docs/performance.md, "weight layers per time step").
        constexpr std::size_t stretch_length = 5;
        // Every weight layer picks its event-driven kernels per call, below the input density at
        // which they measured faster than the dense ones (event_driven_crossover,
        // kNarrowConvEventDrivenBelow, kSpikeLinearEventDrivenBelow). At the default config conv2
        // (about 10 %), deconv1 (2-10 %), the dense layers (10 % and 3-8 %) and the output layer's
        // weight gradient (2-8 %) run event-driven, conv1 (13 %) dense.
        std::vector<at::Tensor> x = input.unbind(0);
        std::size_t lif_index = 0;
        const auto layer = [&](const auto& apply) {
            const std::size_t index = lif_index++;
            LifImpl& lif = *lifs->ptr<LifImpl>(index);
            std::vector<at::Tensor> spikes;
            spikes.reserve(x.size());
            at::Tensor membrane;
            try {
                for (std::size_t begin = 0; begin < x.size(); begin += stretch_length) {
                    std::vector<at::Tensor> currents;
                    for (std::size_t t = begin; t < std::min(x.size(), begin + stretch_length); ++t)
                        currents.push_back(apply(x[t]));
                    LifStretch stretch = lif.forward_stretch(currents, membrane);
                    membrane = stretch.final_membrane;
                    spikes.insert(spikes.end(), stretch.spikes.begin(), stretch.spikes.end());
                }
            } catch (const c10::Error& failure) {
                throw ComputeError("layer " + kernel_paths()[index].layer + ": " +
                                   first_line(failure.what_without_backtrace()));
            }
            x = std::move(spikes);
        };
        for (std::size_t i = 0; i < encoder_convs->size(); ++i)
            layer([&](const at::Tensor& step) {
                return apply_step_conv(*encoder_convs->ptr(i), step, bfloat16_input_gradients_);
            });
        // The convolutions run channels-last, so the dense layers take and give the features in
        // (h, w, c) order: their weights are permuted to match once per forward pass (under
        // autograd) instead of every step's spikes being copied into (c, h, w) order and back.
        const std::int64_t channels = x.front().size(1), height = x.front().size(2), width = x.front().size(3);
        for (auto& step : x)
            step = step.permute({0, 2, 3, 1}).reshape({step.size(0), -1}); // a view for channels-last spikes
        const std::size_t dense_count = dense_layers->size();
        for (std::size_t i = 0; i < dense_count; ++i) {
            auto& linear = *dense_layers->ptr<torch::nn::LinearImpl>(i);
            at::Tensor weight = linear.weight, bias = linear.bias;
            if (i == 0)
                weight = weight.view({-1, channels, height, width}).permute({0, 2, 3, 1}).reshape({weight.size(0), -1});
            if (i + 1 == dense_count) {
                weight = weight.view({channels, height, width, -1}).permute({1, 2, 0, 3}).reshape({-1, weight.size(1)});
                bias = bias.view({channels, height, width}).permute({1, 2, 0}).reshape({-1});
            }
            // Transposed once per forward pass (under autograd), so that a spike selects a row.
            const at::Tensor weight_t = weight.t().contiguous();
            // Only when a backward pass will use it: evaluation and traces run without gradients.
            const at::Tensor input_gradient_weight =
                bfloat16_input_gradients_ && weight.scalar_type() == at::kFloat && at::GradMode::is_enabled()
                    ? weight.detach().to(at::kBFloat16).contiguous()
                    : at::Tensor();
            layer([&](const at::Tensor& step) {
                return spike_linear(step, weight_t, bias, kSpikeLinearEventDrivenBelow, input_gradient_weight);
            });
        }
        for (auto& step : x)
            step = step.view({step.size(0), height, width, channels}).permute({0, 3, 1, 2});
        for (std::size_t i = 0; i < decoder_convs->size(); ++i)
            layer([&](const at::Tensor& step) {
                return apply_step_conv(*decoder_convs->ptr(i), step, bfloat16_input_gradients_);
            });
        return at::stack(x);
    }

    /// A LIF layer whose previous spikes feed back through `feedback`: the current at step t is
    /// W x[t] + V S[t-1], so the time loop cannot be fused and runs step by step under autograd.
    at::Tensor explicit_recurrence(torch::nn::LinearImpl& linear, LifImpl& lif, const at::Tensor& x,
                                   std::vector<LayerActivity>* record)
    {
        const at::Tensor drive = linear.forward(x); // [T, B, E], all steps at once
        at::Tensor membrane_state, spike = at::zeros_like(drive[0]);
        std::vector<at::Tensor> spikes, membrane;
        for (std::int64_t t = 0; t < drive.size(0); ++t) {
            at::Tensor u;
            spike = lif.step(drive[t] + at::matmul(spike, feedback.t()), membrane_state, &u);
            spikes.push_back(spike);
            membrane.push_back(u);
        }
        at::Tensor out = at::stack(spikes);
        if (record)
            record->push_back({"recurrent1", out.detach(), at::stack(membrane)});
        return out;
    }

    /// The reference execution: every layer on one time step at a time. Returns output spikes
    /// [T, B, C, H, W] like run().
    at::Tensor run_per_timestep(const at::Tensor& input)
    {
        TORCH_CHECK(input.dim() == 5, "SAE input must be spikes [T, B, C, H, W], got ", input.sizes());
        std::vector<at::Tensor> membranes(lifs->size());
        at::Tensor feedback_spike;
        std::vector<at::Tensor> outputs;
        for (std::int64_t t = 0; t < input.size(0); ++t) {
            std::size_t lif_index = 0;
            const auto fire = [&](const at::Tensor& current) {
                const std::size_t index = lif_index++;
                return lifs->ptr<LifImpl>(index)->step(current, membranes[index]);
            };
            at::Tensor x = input[t];
            for (std::size_t i = 0; i < encoder_convs->size(); ++i)
                x = fire(apply_conv(*encoder_convs->ptr(i), x));
            const auto encoded_shape = x.sizes().vec();
            x = x.flatten(1);
            const std::size_t dense_count = dense_layers->size();
            for (std::size_t i = 0; i < dense_count; ++i) {
                at::Tensor current = dense_layers->ptr<torch::nn::LinearImpl>(i)->forward(x);
                const bool explicit_layer = options_.recurrence() == Recurrence::Explicit1 && i == 1;
                if (explicit_layer && feedback_spike.defined())
                    current = current + at::matmul(feedback_spike, feedback.t());
                x = fire(current);
                if (explicit_layer)
                    feedback_spike = x;
            }
            x = x.view(encoded_shape);
            for (std::size_t i = 0; i < decoder_convs->size(); ++i)
                x = fire(apply_conv(*decoder_convs->ptr(i), x));
            outputs.push_back(x);
        }
        return at::stack(outputs);
    }

    torch::nn::ModuleList lifs{nullptr};
};

class ConvAutoencoder final : public Autoencoder {
public:
    using Autoencoder::Autoencoder;

    bool spiking() const override { return false; }

    at::Tensor forward(const at::Tensor& input) override { return run(input, nullptr, nullptr); }

    at::Tensor embed(const at::Tensor& input) override
    {
        at::Tensor embedding;
        run(input, nullptr, &embedding);
        return embedding;
    }

    std::vector<LayerActivity> trace(const at::Tensor& input, std::int64_t index) override
    {
        torch::NoGradGuard no_grad;
        std::vector<LayerActivity> record;
        run(input.narrow(0, index, 1), &record, nullptr);
        return record;
    }

    /// Starts the sigmoid output at the data's mean intensity instead of 0.5. From 0.5 the first
    /// steps push every output down at once, which at lr >= 3e-4 killed the decoder's ReLUs
    /// and left a constant output (docs/performance.md, the AE twin).
    void calibrate(const at::Tensor& input, double /*hidden_rate*/) override
    {
        torch::NoGradGuard no_grad;
        const double mean = std::clamp(input.mean().item<double>(), 0.01, 0.99);
        at::Tensor bias = decoder_bias(decoder_convs->size() - 1);
        bias.fill_(std::log(mean / (1.0 - mean)));
    }

private:
    at::Tensor decoder_bias(std::size_t index)
    {
        torch::nn::Module& layer = *decoder_convs->ptr(index);
        if (auto* conv = layer.as<torch::nn::Conv2d>())
            return conv->bias;
        return layer.as<TransposedConv2d>()->bias;
    }

    at::Tensor run(const at::Tensor& input, std::vector<LayerActivity>* record, at::Tensor* embedding)
    {
        TORCH_CHECK(input.dim() == 4, "AE input must be intensities [B, C, H, W], got ", input.sizes());
        const auto keep = [&](const at::Tensor& activation, const std::string& name) {
            if (record)
                record->push_back({name, activation.select(0, 0).unsqueeze(0).detach(), at::Tensor()});
            return activation;
        };
        at::Tensor x = input;
        for (std::size_t i = 0; i < encoder_convs->size(); ++i)
            x = keep(at::relu(apply_conv(*encoder_convs->ptr(i), x)), "conv" + std::to_string(i + 1));
        const auto encoded_shape = x.sizes().vec();
        x = x.flatten(1);
        const std::size_t dense_count = dense_layers->size();
        for (std::size_t i = 0; i + 1 < dense_count; ++i)
            x = keep(at::relu(dense_layers->ptr<torch::nn::LinearImpl>(i)->forward(x)), dense_name(i, dense_count));
        if (embedding)
            *embedding = x;
        x = keep(at::relu(dense_layers->ptr<torch::nn::LinearImpl>(dense_count - 1)->forward(x)), "decoder_linear");
        x = x.view(encoded_shape);
        for (std::size_t i = 0; i < decoder_convs->size(); ++i) {
            const bool last = i + 1 == decoder_convs->size();
            const at::Tensor z = apply_conv(*decoder_convs->ptr(i), x);
            x = keep(last ? at::sigmoid(z) : at::relu(z), last ? "output" : "deconv" + std::to_string(i + 1));
        }
        return x;
    }
};

} // namespace

std::shared_ptr<Autoencoder> make_autoencoder(bool spiking, const AutoencoderOptions& options)
{
    if (spiking) {
        auto model = std::make_shared<SpikingAutoencoder>(options);
        model->set_execution(Execution::Stepwise); // the production layout from the start
        return model;
    }
    if (options.recurrence() == Recurrence::Explicit1)
        throw ConfigError("model.recurrence: \"explicit1\" needs model.kind \"sae\" (the ae has no time steps)");
    return std::make_shared<ConvAutoencoder>(options);
}

} // namespace csae
