#pragma once
// The one interface every trainable network implements: the SAE, its non-spiking twin (AE) and
// the spiking classifier. The trainer, the CLI, the studio's bridge and the analyses see
// networks only through it, so a new network kind needs no branch anywhere else.
//
// Thread affinity: not thread-safe; one thread drives a network at a time.

#include "model/config/choices.h"

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include <cstdint>
#include <string>
#include <vector>

namespace csae {

/// What one layer did for one sample: spikes and membrane [T, ...] (spiking layers), or the
/// activation with T = 1 and an undefined membrane (the AE).
struct LayerActivity {
    std::string name;
    at::Tensor spikes;
    at::Tensor membrane;
};

/// A conv layer's weights [out, in, k, k], for kernel views.
struct ConvKernels {
    std::string name;
    at::Tensor weight;
};

/// What a batch is scored against, and how (train.loss, train.target, encoding.steps).
struct Objective {
    LossKind loss = LossKind::Nrmse;
    Target target = Target::Counts;
    std::int64_t steps = 25;
    /// Target::ExpectedCounts: the encoder's expected counts T·p of the batch, shaped like the counts.
    /// Only the training loss uses them; measured metrics still compare with the sampled counts.
    at::Tensor expected_counts;
};

/// One batch through a network.
struct BatchResult {
    at::Tensor loss;            ///< the training loss, a scalar (differentiable under grad mode)
    double nrmse = 0.0;         ///< autoencoders, with `measure`: batch mean of the seed's nRMSE
    double mse = 0.0;           ///< autoencoders, with `measure`: batch mean squared error
    double cross_entropy = 0.0; ///< classifier: spike-count cross-entropy (the loss's value)
    at::Tensor predicted;       ///< classifier: predicted class per sample [B], on the CPU
};

class Network : public torch::nn::Module {
public:
    /// True when the input is spikes [T, B, C, H, W]; false for intensities [B, C, H, W] (AE).
    virtual bool spiking() const = 0;
    /// Classes the network predicts; 0 for the autoencoders.
    virtual std::int64_t classes() const { return 0; }
    /// The loss of `input` (labels [B] for the classifier, ignored otherwise); with `measure`,
    /// also the evaluation metrics (costs a little extra; training steps leave it off).
    virtual BatchResult run_batch(const at::Tensor& input, const at::Tensor& labels, const Objective& objective,
                                  bool measure) = 0;
    /// The bottleneck of each sample [B, embedding]: firing rates (spiking) or activations (AE).
    virtual at::Tensor embed(const at::Tensor& input) = 0;
    /// Per-layer activity of sample `index` of the batch, input layer excluded, without gradients.
    virtual std::vector<LayerActivity> trace(const at::Tensor& input, std::int64_t index) = 0;
    /// Weights of every convolution, input side first.
    virtual std::vector<ConvKernels> conv_kernels() const = 0;
    /// Rescales the weights, input side first, so that on `input` hidden neurons fire at about
    /// `hidden_rate`; spiking networks need it (the default initialisation leaves them silent).
    virtual void calibrate(const at::Tensor& input, double hidden_rate) {}
};

} // namespace csae
