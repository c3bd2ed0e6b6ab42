#pragma once
// The spiking gesture classifier: the SAE's convolutional encoder (same channels, strides and
// kernel size, a LIF layer after every weight layer), a hidden dense LIF layer and a readout of
// one LIF neuron per class. Its prediction is the class whose neuron spikes most over the T
// steps, and it trains on the cross-entropy of the spike counts taken as logits (as
// snnTorch's ce_count_loss, at a fixed temperature), so the right neuron learns to fire most.

#include "model/networks/autoencoder.h"
#include "model/networks/encoder.h"

#include <ATen/core/Tensor.h>
#include <torch/arg.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

namespace csae {

struct ClassifierOptions {
    /// The convolutional encoder, as the SAE's (DVS: 2 input channels with split polarity).
    TORCH_ARG(EncoderOptions, encoder) = EncoderOptions().in_channels(2);
    /// Neurons of the hidden dense layer between the encoder and the readout.
    TORCH_ARG(std::int64_t, hidden) = 64;
    /// Readout neurons, one per class (DVS128 Gesture: 11).
    TORCH_ARG(std::int64_t, classes) = 11;
};

/// Not thread-safe: one thread drives a model.
class SpikingClassifierImpl : public Network {
public:
    explicit SpikingClassifierImpl(ClassifierOptions options);

    bool spiking() const override { return true; }
    std::int64_t classes() const override { return options_.classes(); }
    /// Readout spike counts [B, classes] for spikes [T, B, C, H, W]: the logits.
    at::Tensor forward(const at::Tensor& input);
    /// The spike-count cross-entropy against `labels` and the predicted classes.
    BatchResult run_batch(const at::Tensor& input, const at::Tensor& labels, const Objective& objective,
                          bool measure) override;
    /// Hidden-layer firing rates [B, hidden].
    at::Tensor embed(const at::Tensor& input) override;
    /// Per-layer activity of sample `index`, without gradients (conv1.., hidden, readout).
    std::vector<LayerActivity> trace(const at::Tensor& input, std::int64_t index) override;
    std::vector<ConvKernels> conv_kernels() const override;
    /// As the SAE's calibrate(): each hidden layer to `hidden_rate`, the readout to 20 %.
    void calibrate(const at::Tensor& input, double hidden_rate) override;

    const ClassifierOptions& options() const { return options_; }

private:
    at::Tensor run(const at::Tensor& input, std::vector<LayerActivity>* record, at::Tensor* hidden);

    ClassifierOptions options_;
    torch::nn::ModuleList convs{nullptr};
    torch::nn::ModuleList dense{nullptr}; ///< to hidden, to readout
    torch::nn::ModuleList lifs{nullptr};
};
TORCH_MODULE(SpikingClassifier);

/// Cross-entropy of spike counts [B, K] against labels [B], the counts of T steps taken as logits
/// at temperature T / 8: a readout neuron firing at every step then leads a silent one by 8
/// nats. Raw counts (temperature 1) make the untrained readout wildly over-confident, and the
/// gradient's answer is to silence every readout neuron, after which the surrogate barely moves.
at::Tensor spike_count_cross_entropy(const at::Tensor& counts, const at::Tensor& labels, std::int64_t steps);

} // namespace csae
