#pragma once
// What a neuron responds to: spike-triggered averages (STAs) of the input, optionally
// ridge-whitened because MNIST is not white noise, and the projective fields of the SAE's
// embedding neurons (what the decoder draws when one of them alone is driven).
//
// The stimulus of a sample is what the network saw: the input spike counts over the T steps (a
// spiking network; DVS: ON and OFF separately) or the intensity image (the AE). A neuron of an
// encoder convolution shares its weights with its whole channel, so a convolution's field is
// one per channel: the stimulus patch under each neuron (7x7 for conv1 and 13x13 for conv2 at
// kernel 7), weighted by that neuron's spike count and pooled over positions. A dense layer's
// field is one per neuron over the whole input.
//
// Plain LibTorch on the CPU; the Trainer overloads run on the trainer's thread.

#include "model/training/trainer.h"

#include <ATen/core/Tensor.h>
#include <torch/arg.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace csae {

struct ReceptiveFieldOptions {
    /// A layer from layer_names() except the decoder's spatial layers; "embedding" is the bottleneck.
    TORCH_ARG(std::string, layer) = "conv1";
    /// Test samples whose responses are averaged.
    TORCH_ARG(std::int64_t, samples) = 2000;
    /// 0: the plain STA. Above 0: (C + ridge * mean variance * I)^-1 STA with C the stimulus
    /// covariance, a ridge-regularised whitening; about 0.01-0.1 for MNIST.
    TORCH_ARG(double, ridge) = 0.0;
};

struct ReceptiveFields {
    std::string layer;
    bool per_channel = false;          ///< a convolution: one field per channel, cut to its patch
    at::Tensor fields;                 ///< [neurons, channels, h, w] float32
    at::Tensor rates;                  ///< [neurons] spikes per neuron and step (AE: mean activation)
    at::Tensor spikes;                 ///< [neurons] spikes the field averages (AE: summed activation)
    std::vector<std::string> channels; ///< "intensity", or "ON", "OFF" and "ON - OFF" (DVS)
    at::Tensor kernels;                ///< conv1 only: its weights [out, in, k, k], shown beside the STAs
    std::int64_t samples = 0;
    double ridge = 0.0;
};

/// The STA of each of M neurons over N stimuli: sum_n c[n, m] x[n] / sum_n c[n, m] - mean_n x[n].
/// stimuli [N, P], counts [N, M] (non-negative) -> [M, P]; a silent neuron's field is zero.
at::Tensor spike_triggered_average(const at::Tensor& stimuli, const at::Tensor& counts);

/// (covariance + ridge * mean(diag(covariance)) * I)^-1 sta^T, row by row: [M, P] -> [M, P].
/// ridge > 0; throws ConfigError otherwise.
at::Tensor ridge_whiten(const at::Tensor& sta, const at::Tensor& covariance, double ridge);

/// Where a neuron of an encoder convolution looks: a square window of `size` input pixels,
/// moving `jump` pixels per output position, starting `padding` pixels before the input.
struct PatchGeometry {
    std::int64_t size = 1;
    std::int64_t jump = 1;
    std::int64_t padding = 0;
};

/// The window of the `layer`-th convolution (0-based) of a chain with 'same' padding.
PatchGeometry patch_geometry(std::int64_t kernel_size, const std::vector<std::int64_t>& strides, std::int64_t layer);

/// Per-channel STAs of a convolution: images [N, C, H, W], counts [N, K, H', W'] -> the fields
/// [K, C, size, size], pooled over the positions, and the patch covariance [C*size^2, C*size^2]
/// when `covariance` is given.
at::Tensor patch_spike_triggered_average(const at::Tensor& images, const at::Tensor& counts,
                                         const PatchGeometry& geometry, at::Tensor* covariance = nullptr);

/// The layers of `trainer`'s network whose receptive fields can be computed (every layer from
/// layer_names() but the decoder's spatial ones), in the network's order.
std::vector<std::string> receptive_field_layers(Trainer& trainer);

/// Throws ConfigError naming `key` unless `layer` is one whose receptive fields can be computed:
/// a name from layer_names() other than the decoder's spatial layers.
void check_receptive_field_layer(Trainer& trainer, const std::string& layer, const std::string& key);

/// The receptive fields of a trained network's layer. Throws ConfigError naming --layer or
/// --samples when the layer is unknown or a decoder layer, or the samples are out of range.
ReceptiveFields compute_receptive_fields(Trainer& trainer, const ReceptiveFieldOptions& options);

/// The SAE's and AE's projective fields, one per embedding neuron [E, C, H, W]: the decoder's
/// output when that neuron alone is driven (SAE: a spike at every step, the output's spike
/// counts; AE: its largest activation over `samples` test samples). The classifier has no
/// decoder: throws ConfigError.
ReceptiveFields compute_projective_fields(Trainer& trainer, std::int64_t samples);

/// Writes `fields` as JSON (layer, channels, shape, and per neuron its index, rate, spikes and
/// field, sorted by rate, highest first), atomically.
void write_receptive_fields(const std::filesystem::path& file, const ReceptiveFields& fields, const std::string& kind);

} // namespace csae
