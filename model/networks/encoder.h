#pragma once
// The convolutional encoder every network starts with: the SAE's, the AE's and the spiking
// classifier's. One options struct and one builder, so the three cannot drift apart.

#include "model/neurons/lif_neuron.h"

#include <torch/arg.h>
#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace csae {

struct EncoderOptions {
    /// Input channels (MNIST 1; DVS 2 with split polarity), height and width.
    TORCH_ARG(std::int64_t, in_channels) = 1;
    TORCH_ARG(std::int64_t, height) = 28;
    TORCH_ARG(std::int64_t, width) = 28;
    /// Output channels of each convolution.
    TORCH_ARG(std::vector<std::int64_t>, channels) = std::vector<std::int64_t>{12, 32};
    /// Stride of each convolution; the SAE's decoder mirrors them.
    TORCH_ARG(std::vector<std::int64_t>, strides) = std::vector<std::int64_t>{1, 2};
    /// Side of every kernel; odd so that 'same' padding is symmetric (the seed swept 1-15).
    TORCH_ARG(std::int64_t, kernel_size) = 7;
    /// Neuron model of every LIF layer of a spiking network (the AE ignores it).
    TORCH_ARG(LifOptions, neuron) = {};
};

/// Spatial size after each convolution, the input's first.
std::vector<std::pair<std::int64_t, std::int64_t>> encoder_sizes(const EncoderOptions& options);

/// Values in the flattened output of the last convolution. Throws ConfigError when it is too
/// large for a dense layer to follow.
std::int64_t encoder_flat_size(const EncoderOptions& options);

/// The convolutions, input side first, with 'same' padding, freshly initialised from the global
/// generator. Throws ConfigError naming the key when the options are inconsistent.
torch::nn::ModuleList make_encoder_convs(const EncoderOptions& options);

} // namespace csae
