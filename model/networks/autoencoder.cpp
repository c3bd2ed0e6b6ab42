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
        return "spike_conv (engine): event-driven below " + percent(event_driven_crossover(o.in_channels(), false)) +
               " active inputs, else oneDNN; input gradient by oneDNN";
    }
    const auto& o = layer.as<TransposedConv2d>()->options;
    return "spike_conv, transposed (engine): event-driven below " +
           percent(event_driven_crossover(o.in_channels(), true)) + " active inputs, else oneDNN";
}

} // namespace

Autoencoder::Autoencoder(AutoencoderOptions options) : options_(std::move(options))
{
    const EncoderOptions& o = options_.encoder();
    if (options_.embedding_size() < 2 || options_.embedding_size() > 1000)
        throw ConfigError("model.embedding_size: " + std::to_string(options_.embedding_size()) +
                          " is out of range (allowed: integer 2-1000)");
    const std::int64_t padding = o.kernel_size() / 2;
    encoder_convs = register_module("encoder_convs", make_encoder_convs(o));
    const auto sizes = encoder_sizes(o);
    const std::int64_t flat = encoder_flat_size(o);
    const std::int64_t embedding = options_.embedding_size();
    dense_layers = register_module("dense_layers", torch::nn::ModuleList());
    dense_layers->push_back(torch::nn::Linear(flat, embedding));
    for (std::int64_t i = 0; i < recurrent_layer_count(options_.recurrence()); ++i)
        dense_layers->push_back(torch::nn::Linear(embedding, embedding));
    dense_layers->push_back(torch::nn::Linear(embedding, flat));
    if (options_.recurrence() == Recurrence::Explicit1) {
        // Same scale as a linear layer's default initialisation.
        const double bound = 1.0 / std::sqrt(static_cast<double>(embedding));
        feedback = register_parameter("feedback", at::empty({embedding, embedding}));
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

std::vector<Autoencoder::WeightLayer> Autoencoder::weight_layers() const
{
    std::vector<WeightLayer> layers;
    for (std::size_t i = 0; i < encoder_convs->size(); ++i)
        layers.push_back({encoder_convs->ptr(i).get(), "conv" + std::to_string(i + 1)});
    const std::size_t dense_count = dense_layers->size();
    for (std::size_t i = 0; i < dense_count; ++i) {
        WeightLayer layer{dense_layers->ptr(i).get(), i == 0                 ? std::string("embedding")
                                                      : i + 1 == dense_count ? std::string("decoder_linear")
                                                                             : "recurrent" + std::to_string(i)};
        layer.dense = true;
        layer.flattens = i == 0;
        layer.unflattens = i + 1 == dense_count;
        layer.bottleneck = i + 2 == dense_count;
        layer.explicit_recurrent = options_.recurrence() == Recurrence::Explicit1 && i == 1;
        layers.push_back(std::move(layer));
    }
    for (std::size_t i = 0; i < decoder_convs->size(); ++i) {
        const bool last = i + 1 == decoder_convs->size();
        layers.push_back(
            {decoder_convs->ptr(i).get(), last ? std::string("output") : "deconv" + std::to_string(i + 1)});
        layers.back().output = last;
    }
    return layers;
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
    const bool expected = objective.target == Target::ExpectedCounts;
    TORCH_CHECK(!expected || objective.expected_counts.defined(),
                "train.target \"expected_counts\": the batch came without its expected counts");
    const auto [reconstruction, target] =
        reconstruction_and_target(input, expected ? Target::Counts : objective.target);
    const at::Tensor& trained_against = expected ? objective.expected_counts : target;
    BatchResult result;
    result.loss = objective.loss == LossKind::Mse ? mean_squared_error(reconstruction, trained_against)
                                                  : nrmse_loss(reconstruction, trained_against);
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
    for (const WeightLayer& layer : weight_layers()) {
        if (layer.dense)
            continue;
        at::Tensor weight = layer.module->named_parameters(false)["weight"].detach();
        // Transposed convolutions store [in, out, k, k]; views want [out, in, k, k].
        if (layer.module->as<TransposedConv2d>())
            weight = weight.transpose(0, 1);
        kernels.push_back({layer.name, weight.clone()});
    }
    return kernels;
}

std::vector<LayerPath> Autoencoder::kernel_paths() const
{
    if (!spiking())
        return {{"all layers", "LibTorch (oneDNN convolutions, BLAS for the dense layers)"}};
    std::vector<LayerPath> paths;
    for (const WeightLayer& layer : weight_layers())
        paths.push_back(
            {layer.name, layer.dense ? "spike_linear (engine): event-driven below " +
                                           std::to_string(static_cast<int>(kSpikeLinearEventDrivenBelow * 100 + 0.5)) +
                                           " % active inputs, else a dense GEMM"
                                     : step_conv_path(*layer.module)});
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
            lifs->push_back(Lif(options_.encoder().neuron()));
    }

    bool spiking() const override { return true; }

    at::Tensor forward(const at::Tensor& input) override { return forward_spikes(input).sum(0); }

    at::Tensor forward_spikes(const at::Tensor& input) override
    {
        TORCH_CHECK(input.dim() == 5, "SAE input must be spikes [T, B, C, H, W], got ", input.sizes());
        if (execution_ == Execution::PerTimestep)
            return run_per_timestep(input);
        // Explicit recurrence feeds spikes back step by step, which the fused LIF nodes cannot;
        // it runs its layer under autograd inside the folded path, as the GPU does.
        const bool stepwise = execution_ == Execution::Stepwise && options_.recurrence() != Recurrence::Explicit1 &&
                              input.device().is_cpu();
        if (stepwise) {
            StepwiseWalker walker{*this};
            return at::stack(walk(weight_layers(), walker, input.unbind(0)));
        }
        return run_folded(input, nullptr, nullptr);
    }

    at::Tensor embed(const at::Tensor& input) override
    {
        at::Tensor embedding;
        run_folded(input, nullptr, &embedding);
        return embedding;
    }

    at::Tensor decode(const at::Tensor& bottleneck) override
    {
        TORCH_CHECK(bottleneck.dim() == 3, "SAE bottleneck spikes must be [T, B, embedding], got ", bottleneck.sizes());
        torch::NoGradGuard no_grad;
        const auto& encoder = options_.encoder();
        // The encoder runs on silence only to set the shapes; the bottleneck's spikes replace its output.
        const at::Tensor silence = at::zeros(
            {bottleneck.size(0), bottleneck.size(1), encoder.in_channels(), encoder.height(), encoder.width()},
            bottleneck.options());
        FoldedWalker walker{*this, nullptr, nullptr};
        walker.drive = &bottleneck;
        return walk(weight_layers(), walker, silence).sum(0);
    }

    std::vector<LayerActivity> trace(const at::Tensor& input, std::int64_t index) override
    {
        torch::NoGradGuard no_grad;
        std::vector<LayerActivity> record;
        run_folded(input.narrow(1, index, 1), &record, nullptr);
        for (auto& layer : record) {
            layer.spikes = layer.spikes.select(1, 0);
            layer.membrane = layer.membrane.select(1, 0);
        }
        return record;
    }

    void calibrate(const at::Tensor& input, double hidden_rate) override
    {
        torch::NoGradGuard no_grad;
        std::vector<torch::nn::Module*> modules;
        for (const WeightLayer& layer : weight_layers())
            modules.push_back(layer.module);
        std::vector<double> rates(modules.size(), hidden_rate), thresholds;
        rates.back() = std::clamp(input.mean().item<double>(), 0.01, 0.5); // the output: at the input's rate
        for (std::size_t layer = 0; layer < modules.size(); ++layer)
            thresholds.push_back(lif(layer).threshold.item<double>());
        calibrate_firing(modules, thresholds, rates, [&] {
            std::vector<LayerActivity> record;
            run_folded(input, &record, nullptr);
            return record;
        });
    }

private:
    LifImpl& lif(std::size_t index) const { return *lifs->ptr<LifImpl>(index); }

    /// The folded execution: each layer on the whole sequence [T, B, ...] at once, time folded
    /// into the batch for the convolutions. Traces, embeddings and calibration use it.
    struct FoldedWalker {
        using Value = at::Tensor;
        SpikingAutoencoder& net;
        std::vector<LayerActivity>* record = nullptr;
        at::Tensor* embedding = nullptr;
        std::vector<std::int64_t> encoded_shape{};
        const at::Tensor* drive = nullptr; ///< replaces the bottleneck's spikes (decode)

        at::Tensor flatten(const at::Tensor& x)
        {
            encoded_shape = x.sizes().vec();
            return x.flatten(2);
        }
        at::Tensor unflatten(const at::Tensor& x) const { return x.view(encoded_shape); }
        void at_bottleneck(const at::Tensor& x) const
        {
            if (embedding)
                *embedding = x.mean(0);
        }
        at::Tensor apply(std::size_t index, const WeightLayer& layer, const at::Tensor& x)
        {
            if (drive && layer.bottleneck)
                return *drive;
            if (layer.explicit_recurrent)
                return net.explicit_recurrence(*layer.module->as<torch::nn::Linear>(), net.lif(index), x, record);
            const at::Tensor current =
                layer.dense ? layer.module->as<torch::nn::Linear>()->forward(x) : apply_folded(*layer.module, x);
            return fire_recorded(net.lif(index), current, layer.name, record);
        }
    };

    /// Runs the folded execution on spikes [T, B, C, H, W]; returns output spikes [T, B, C, H, W].
    at::Tensor run_folded(const at::Tensor& input, std::vector<LayerActivity>* record, at::Tensor* embedding)
    {
        TORCH_CHECK(input.dim() == 5, "SAE input must be spikes [T, B, C, H, W], got ", input.sizes());
        FoldedWalker walker{*this, record, embedding};
        return walk(weight_layers(), walker, input);
    }

    /// The stepwise execution (the default on the CPU): weight layers per time step (on this CPU a
    /// 7x7 convolution at batch B costs about the same called T times as once at batch T x B) and
    /// each LIF layer as fused nodes over stretches of a few steps (lif_stretch), so neither
    /// forward nor backward holds a whole sequence of currents or gradients beyond what autograd
    /// saves. Every weight layer picks its event-driven kernels per call, below the input density
    /// at which they measured faster than the dense ones (docs/performance.md).
    struct StepwiseWalker {
        using Value = std::vector<at::Tensor>;
        SpikingAutoencoder& net;
        std::int64_t channels = 0, height = 0, width = 0;

        // The convolutions run channels-last, so the dense layers take and give the features in
        // (h, w, c) order: their weights are permuted to match once per forward pass (under
        // autograd) instead of every step's spikes being copied into (c, h, w) order and back.
        Value flatten(Value x)
        {
            channels = x.front().size(1), height = x.front().size(2), width = x.front().size(3);
            for (auto& step : x)
                step = step.permute({0, 2, 3, 1}).reshape({step.size(0), -1}); // a view for channels-last spikes
            return x;
        }
        Value unflatten(Value x) const
        {
            for (auto& step : x)
                step = step.view({step.size(0), height, width, channels}).permute({0, 3, 1, 2});
            return x;
        }
        void at_bottleneck(const Value&) const {}

        Value apply(std::size_t index, const WeightLayer& layer, const Value& x) const
        {
            const bool bfloat16_gradients = net.bfloat16_input_gradients_;
            if (!layer.dense)
                return fire_in_stretches(index, layer, x, [&](const at::Tensor& step) {
                    return apply_step_conv(*layer.module, step, bfloat16_gradients);
                });
            auto& linear = *layer.module->as<torch::nn::Linear>();
            at::Tensor weight = linear.weight, bias = linear.bias;
            if (layer.flattens)
                weight = weight.view({-1, channels, height, width}).permute({0, 2, 3, 1}).reshape({weight.size(0), -1});
            if (layer.unflattens) {
                weight = weight.view({channels, height, width, -1}).permute({1, 2, 0, 3}).reshape({-1, weight.size(1)});
                bias = bias.view({channels, height, width}).permute({1, 2, 0}).reshape({-1});
            }
            // Transposed once per forward pass (under autograd), so that a spike selects a row.
            const at::Tensor weight_t = weight.t().contiguous();
            // Only when a backward pass will use it: evaluation and traces run without gradients.
            const at::Tensor input_gradient_weight =
                bfloat16_gradients && weight.scalar_type() == at::kFloat && at::GradMode::is_enabled()
                    ? weight.detach().to(at::kBFloat16).contiguous()
                    : at::Tensor();
            return fire_in_stretches(index, layer, x, [&](const at::Tensor& step) {
                return spike_linear(step, weight_t, bias, kSpikeLinearEventDrivenBelow, input_gradient_weight);
            });
        }

        /// Runs layer `index` over every step, its LIF as fused stretches.
        template <class Apply>
        Value fire_in_stretches(std::size_t index, const WeightLayer& layer, const Value& x, const Apply& apply) const
        {
            // Short stretches keep peak memory at or below the reference's at the same speed
            // (docs/performance.md, "weight layers per time step").
            constexpr std::size_t stretch_length = 5;
            LifImpl& lif = net.lif(index);
            Value spikes;
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
                throw ComputeError("layer " + layer.name + ": " + first_line(failure.what_without_backtrace()));
            }
            return spikes;
        }
    };

    /// The reference execution: every layer on one time step at a time, as Python libraries run
    /// it. The walker keeps each layer's membrane from one step to the next.
    struct TimestepWalker {
        using Value = at::Tensor;
        SpikingAutoencoder& net;
        std::vector<at::Tensor> membranes{};
        at::Tensor feedback_spike{};
        std::vector<std::int64_t> encoded_shape{};

        at::Tensor flatten(const at::Tensor& x)
        {
            encoded_shape = x.sizes().vec();
            return x.flatten(1);
        }
        at::Tensor unflatten(const at::Tensor& x) const { return x.view(encoded_shape); }
        void at_bottleneck(const at::Tensor&) const {}
        at::Tensor apply(std::size_t index, const WeightLayer& layer, const at::Tensor& x)
        {
            at::Tensor current =
                layer.dense ? layer.module->as<torch::nn::Linear>()->forward(x) : apply_conv(*layer.module, x);
            if (layer.explicit_recurrent && feedback_spike.defined())
                current = current + at::matmul(feedback_spike, net.feedback.t());
            at::Tensor spikes = net.lif(index).step(current, membranes[index]);
            if (layer.explicit_recurrent)
                feedback_spike = spikes;
            return spikes;
        }
    };

    /// Returns output spikes [T, B, C, H, W] like the other executions.
    at::Tensor run_per_timestep(const at::Tensor& input)
    {
        const std::vector<WeightLayer> layers = weight_layers();
        TimestepWalker walker{*this, std::vector<at::Tensor>(layers.size())};
        std::vector<at::Tensor> outputs;
        for (std::int64_t t = 0; t < input.size(0); ++t)
            outputs.push_back(walk(layers, walker, input[t]));
        return at::stack(outputs);
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

    at::Tensor decode(const at::Tensor& bottleneck) override
    {
        TORCH_CHECK(bottleneck.dim() == 2, "AE bottleneck activations must be [B, embedding], got ",
                    bottleneck.sizes());
        torch::NoGradGuard no_grad;
        const auto& encoder = options_.encoder();
        const at::Tensor blank = at::zeros(
            {bottleneck.size(0), encoder.in_channels(), encoder.height(), encoder.width()}, bottleneck.options());
        Walker walker{nullptr, nullptr};
        walker.drive = &bottleneck;
        return walk(weight_layers(), walker, blank);
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
        torch::nn::Module& output = *weight_layers().back().module;
        at::Tensor bias =
            output.as<torch::nn::Conv2d>() ? output.as<torch::nn::Conv2d>()->bias : output.as<TransposedConv2d>()->bias;
        bias.fill_(std::log(mean / (1.0 - mean)));
    }

private:
    /// A ReLU after every hidden weight layer, a sigmoid after the output layer.
    struct Walker {
        using Value = at::Tensor;
        std::vector<LayerActivity>* record = nullptr;
        at::Tensor* embedding = nullptr;
        std::vector<std::int64_t> encoded_shape{};
        const at::Tensor* drive = nullptr; ///< replaces the bottleneck's activations (decode)

        at::Tensor flatten(const at::Tensor& x)
        {
            encoded_shape = x.sizes().vec();
            return x.flatten(1);
        }
        at::Tensor unflatten(const at::Tensor& x) const { return x.view(encoded_shape); }
        void at_bottleneck(const at::Tensor& x) const
        {
            if (embedding)
                *embedding = x;
        }
        at::Tensor apply(std::size_t, const WeightLayer& layer, const at::Tensor& x) const
        {
            if (drive && layer.bottleneck)
                return *drive;
            const at::Tensor z =
                layer.dense ? layer.module->as<torch::nn::Linear>()->forward(x) : apply_conv(*layer.module, x);
            at::Tensor activation = layer.output ? at::sigmoid(z) : at::relu(z);
            if (record)
                record->push_back({layer.name, activation.select(0, 0).unsqueeze(0).detach(), at::Tensor()});
            return activation;
        }
    };

    at::Tensor run(const at::Tensor& input, std::vector<LayerActivity>* record, at::Tensor* embedding)
    {
        TORCH_CHECK(input.dim() == 4, "AE input must be intensities [B, C, H, W], got ", input.sizes());
        Walker walker{record, embedding};
        return walk(weight_layers(), walker, input);
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
