#include "model/analysis/receptive_fields.h"

#include "model/analysis/embeddings.h"
#include "model/core/errors.h"
#include "model/core/file_io.h"
#include "model/networks/autoencoder.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace csae {
namespace {

// The embedding analysis's random stream family: the same test spikes as `csae analyse` sees.
constexpr std::uint64_t kFieldStream = 0xA11A1;

bool is_encoder_conv(const std::string& layer)
{
    return layer.size() > 4 && layer.compare(0, 4, "conv") == 0 &&
           std::all_of(layer.begin() + 4, layer.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_decoder_spatial(const std::string& layer)
{
    return layer == "output" || layer.compare(0, 6, "deconv") == 0;
}

// DVS input (two polarity channels) gets a third, derived channel: ON - OFF.
at::Tensor with_polarity_difference(const at::Tensor& fields, std::vector<std::string>& channels)
{
    if (fields.size(1) != 2) {
        channels = {"intensity"};
        return fields;
    }
    channels = {"ON", "OFF", "ON - OFF"};
    return at::cat({fields, fields.narrow(1, 0, 1) - fields.narrow(1, 1, 1)}, 1);
}

at::Tensor stimulus_of(const Network& network, const at::Tensor& input)
{
    // What the network saw of each sample: spike counts over the steps, or the intensities.
    return network.spiking() ? input.sum(0).to(at::kFloat) : input.to(at::kFloat);
}

} // namespace

at::Tensor spike_triggered_average(const at::Tensor& stimuli, const at::Tensor& counts)
{
    TORCH_CHECK(stimuli.dim() == 2 && counts.dim() == 2 && stimuli.size(0) == counts.size(0),
                "spike_triggered_average: stimuli [N, P] and counts [N, M], got ", stimuli.sizes(), " and ",
                counts.sizes());
    const at::Tensor x = stimuli.to(at::kDouble), c = counts.to(at::kDouble);
    const at::Tensor total = c.sum(0);                // [M]
    const at::Tensor weighted = at::matmul(c.t(), x); // [M, P]
    const at::Tensor silent = total <= 0;
    at::Tensor sta = weighted / total.clamp_min(1e-300).unsqueeze(1) - x.mean(0).unsqueeze(0);
    sta.masked_fill_(silent.unsqueeze(1), 0.0);
    return sta.to(at::kFloat);
}

at::Tensor ridge_whiten(const at::Tensor& sta, const at::Tensor& covariance, double ridge)
{
    if (!(ridge > 0.0) || !std::isfinite(ridge))
        throw ConfigError("--ridge: " + std::to_string(ridge) + " must be above 0 (0 means the plain STA)");
    const at::Tensor c = covariance.to(at::kDouble);
    const double scale = std::max(c.diagonal().mean().item<double>(), 1e-12);
    const at::Tensor regularised = c + ridge * scale * at::eye(c.size(0), c.options());
    // Symmetric positive definite: a Cholesky solve, scaled back to the stimulus' units.
    const at::Tensor solved = at::cholesky_solve(sta.to(at::kDouble).t(), at::linalg_cholesky(regularised));
    return (solved.t() * scale).to(at::kFloat);
}

PatchGeometry patch_geometry(std::int64_t kernel_size, const std::vector<std::int64_t>& strides, std::int64_t layer)
{
    PatchGeometry geometry;
    for (std::int64_t i = 0; i <= layer && i < static_cast<std::int64_t>(strides.size()); ++i) {
        geometry.padding += (kernel_size / 2) * geometry.jump;
        geometry.size += (kernel_size - 1) * geometry.jump;
        geometry.jump *= strides[static_cast<std::size_t>(i)];
    }
    return geometry;
}

at::Tensor patch_spike_triggered_average(const at::Tensor& images, const at::Tensor& counts,
                                         const PatchGeometry& geometry, at::Tensor* covariance)
{
    TORCH_CHECK(images.dim() == 4 && counts.dim() == 4 && images.size(0) == counts.size(0),
                "patch_spike_triggered_average: images [N, C, H, W] and counts [N, K, H', W'], got ", images.sizes(),
                " and ", counts.sizes());
    const std::int64_t n = images.size(0), channels = images.size(1), kernels = counts.size(1);
    const std::int64_t patch = channels * geometry.size * geometry.size;
    // Every neuron's window: [N, C*size*size, positions]; 'same' padding pads with zeros, as the network saw.
    const at::Tensor patches = at::im2col(images.to(at::kDouble), {geometry.size, geometry.size}, {1, 1},
                                          {geometry.padding, geometry.padding}, {geometry.jump, geometry.jump});
    const std::int64_t positions = patches.size(2);
    const at::Tensor c = counts.to(at::kDouble).reshape({n, kernels, -1});
    TORCH_CHECK(c.size(2) == positions, "patch_spike_triggered_average: the layer has ", c.size(2),
                " positions but its windows ", positions);
    const at::Tensor weighted = at::bmm(c, patches.transpose(1, 2)).sum(0); // [K, patch]
    const at::Tensor total = c.sum(at::IntArrayRef{0, 2});                  // [K]
    const at::Tensor mean = patches.mean(at::IntArrayRef{0, 2});            // [patch]
    at::Tensor sta = weighted / total.clamp_min(1e-300).unsqueeze(1) - mean.unsqueeze(0);
    sta.masked_fill_((total <= 0).unsqueeze(1), 0.0);
    if (covariance) {
        const at::Tensor centred = (patches - mean.view({1, -1, 1})).transpose(1, 2).reshape({-1, patch});
        *covariance = at::matmul(centred.t(), centred) / double(std::max<std::int64_t>(centred.size(0) - 1, 1));
    }
    return sta.to(at::kFloat).view({kernels, channels, geometry.size, geometry.size});
}

std::vector<std::string> receptive_field_layers(Trainer& trainer)
{
    std::vector<std::string> layers;
    for (const auto& name : layer_names(trainer))
        if (!is_decoder_spatial(name))
            layers.push_back(name);
    return layers;
}

void check_receptive_field_layer(Trainer& trainer, const std::string& layer, const std::string& key)
{
    const auto names = layer_names(trainer);
    std::string allowed;
    for (const auto& name : names)
        if (!is_decoder_spatial(name))
            allowed += (allowed.empty() ? "" : ", ") + name;
    if (is_decoder_spatial(layer) && std::find(names.begin(), names.end(), layer) != names.end())
        throw ConfigError(key + ": \"" + layer +
                          "\" is a decoder layer, driven by the embedding rather than the image; its pictures are "
                          "the projective fields (layers with receptive fields: " +
                          allowed + ")");
    if (std::find(names.begin(), names.end(), layer) == names.end())
        throw ConfigError(key + ": \"" + layer +
                          "\" is not a layer of this network (layers with receptive fields: " + allowed + ")");
}

ReceptiveFields compute_receptive_fields(Trainer& trainer, const ReceptiveFieldOptions& options)
{
    const std::string& layer = options.layer();
    check_receptive_field_layer(trainer, layer, "--layer");
    if (options.ridge() < 0.0 || !std::isfinite(options.ridge()))
        throw ConfigError("--ridge: " + std::to_string(options.ridge()) + " must be 0 (the plain STA) or above");
    const CollectedEmbeddings collected = collect_embeddings(trainer, options.samples(), layer); // validates both
    torch::NoGradGuard no_grad;
    Network& network = trainer.network();
    const std::int64_t samples = options.samples(), batch = trainer.config().train.batch_size;
    std::vector<at::Tensor> stimuli;
    for (std::int64_t begin = 0, index = 0; begin < samples; begin += batch, ++index) {
        const std::int64_t length = std::min(batch, samples - begin);
        const at::Tensor input = trainer.input_of(trainer.test_data(), at::arange(begin, begin + length, at::kLong),
                                                  kFieldStream + static_cast<std::uint64_t>(index) * 0x10001ULL);
        stimuli.push_back(stimulus_of(network, input).to(at::kCPU));
    }
    const at::Tensor images = at::cat(stimuli, 0); // [N, C, H, W]
    const std::int64_t steps = network.spiking() ? trainer.config().encoding.steps : 1;

    ReceptiveFields result;
    result.layer = layer;
    result.samples = samples;
    result.ridge = options.ridge();
    at::Tensor fields, covariance;
    const at::Tensor counts = collected.values; // [N, neurons of the layer]
    if (is_encoder_conv(layer)) {
        const std::int64_t index = std::stoll(layer.substr(4)) - 1;
        const auto& model = trainer.config().model;
        const PatchGeometry geometry = patch_geometry(model.kernel_size, model.strides, index);
        // The layer's spatial shape from its trace: [T, K, H', W'].
        const at::Tensor shape_probe =
            network
                .trace(trainer.input_of(trainer.test_data(), at::arange(0, 1, at::kLong), kFieldStream),
                       0)[static_cast<std::size_t>(index)]
                .spikes;
        const at::Tensor spatial_counts =
            counts.view({samples, shape_probe.size(1), shape_probe.size(2), shape_probe.size(3)});
        fields = patch_spike_triggered_average(images, spatial_counts, geometry,
                                               options.ridge() > 0.0 ? &covariance : nullptr);
        result.per_channel = true;
        result.spikes = spatial_counts.sum(at::IntArrayRef{0, 2, 3});
        result.rates = result.spikes / double(samples * steps * shape_probe.size(2) * shape_probe.size(3));
        if (index == 0)
            for (const ConvKernels& kernels : network.conv_kernels()) {
                result.kernels = kernels.weight.to(at::kCPU).to(at::kFloat).contiguous();
                break;
            }
    } else {
        const at::Tensor flat = images.reshape({samples, -1});
        fields = spike_triggered_average(flat, counts).view({-1, images.size(1), images.size(2), images.size(3)});
        if (options.ridge() > 0.0) {
            const at::Tensor centred = flat.to(at::kDouble) - flat.to(at::kDouble).mean(0, true);
            covariance = at::matmul(centred.t(), centred) / double(std::max<std::int64_t>(samples - 1, 1));
        }
        result.spikes = counts.sum(0);
        result.rates = result.spikes / double(samples * steps);
    }
    if (options.ridge() > 0.0)
        fields = ridge_whiten(fields.reshape({fields.size(0), -1}), covariance, options.ridge()).view(fields.sizes());
    result.fields = with_polarity_difference(fields, result.channels);
    result.spikes = result.spikes.to(at::kFloat);
    result.rates = result.rates.to(at::kFloat);
    return result;
}

ReceptiveFields compute_projective_fields(Trainer& trainer, std::int64_t samples)
{
    auto* autoencoder = dynamic_cast<Autoencoder*>(&trainer.network());
    if (!autoencoder)
        throw ConfigError("projective fields: the classifier has no decoder (model.kind sae or ae has)");
    const CollectedEmbeddings collected = collect_embeddings(trainer, samples, kEmbeddingLayer); // validates samples
    torch::NoGradGuard no_grad;
    const std::int64_t size = collected.values.size(1);
    const at::Tensor eye = at::eye(size, at::kFloat);
    ReceptiveFields result;
    result.layer = kEmbeddingLayer;
    result.samples = samples;
    at::Tensor drive;
    if (autoencoder->spiking()) {
        // One neuron spiking at every step, the others silent.
        drive = eye.unsqueeze(0).expand({trainer.config().encoding.steps, size, size}).contiguous();
    } else {
        // One neuron at the largest activation it reached on the samples.
        drive = at::diag(std::get<0>(collected.values.max(0)));
    }
    std::vector<at::Tensor> outputs;
    constexpr std::int64_t kChunk = 64;
    for (std::int64_t begin = 0; begin < size; begin += kChunk) {
        const std::int64_t length = std::min(kChunk, size - begin);
        const at::Tensor part =
            autoencoder->spiking() ? drive.narrow(1, begin, length) : drive.narrow(0, begin, length);
        outputs.push_back(autoencoder->decode(part).to(at::kCPU).to(at::kFloat));
    }
    result.fields = with_polarity_difference(at::cat(outputs, 0), result.channels);
    result.spikes =
        collected.values.sum(0).to(at::kFloat) * float(autoencoder->spiking() ? trainer.config().encoding.steps : 1);
    result.rates = collected.values.mean(0).to(at::kFloat); // the embedding's rates (embed() is a rate)
    return result;
}

void write_receptive_fields(const std::filesystem::path& file, const ReceptiveFields& fields, const std::string& kind)
{
    const at::Tensor values = fields.fields.contiguous().to(at::kFloat);
    const at::Tensor order = std::get<1>(fields.rates.sort(0, /*descending=*/true));
    nlohmann::ordered_json json = {{"kind", kind},
                                   {"layer", fields.layer},
                                   {"per_channel", fields.per_channel},
                                   {"samples", fields.samples},
                                   {"ridge", fields.ridge},
                                   {"channels", fields.channels},
                                   {"height", values.size(2)},
                                   {"width", values.size(3)}};
    nlohmann::ordered_json neurons = nlohmann::ordered_json::array();
    const std::int64_t per_field = values.size(1) * values.size(2) * values.size(3);
    for (std::int64_t k = 0; k < order.size(0); ++k) {
        const std::int64_t neuron = order[k].item<std::int64_t>();
        const at::Tensor field = values[neuron].reshape({-1});
        std::vector<float> numbers(field.data_ptr<float>(), field.data_ptr<float>() + per_field);
        neurons.push_back({{"index", neuron},
                           {"rate", fields.rates[neuron].item<double>()},
                           {"spikes", fields.spikes[neuron].item<double>()},
                           {"field", numbers}});
    }
    json["neurons"] = std::move(neurons);
    if (fields.kernels.defined()) {
        const at::Tensor k = fields.kernels.contiguous();
        json["kernel_shape"] = k.sizes().vec();
        json["kernels"] = std::vector<float>(k.data_ptr<float>(), k.data_ptr<float>() + k.numel());
    }
    write_file_atomically(file, json.dump() + "\n");
}

} // namespace csae
