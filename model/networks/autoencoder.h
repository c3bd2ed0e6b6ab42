#pragma once
// The convolutional spiking autoencoder (SAE) and its non-spiking twin (AE), same topology:
//
//   encoder: conv(C -> channels[0], stride[0]) ... conv(... -> channels[n-1], stride[n-1])
//            flatten, linear(-> embedding)            [+ bottleneck recurrence layers]
//   decoder: linear(embedding -> channels[n-1] * h * w), unflatten,
//            transposed conv back through the channels (plain conv where the stride is 1) to C
//
// 'same' padding (kernel / 2) and the encoder's spatial sizes are restored exactly. In the SAE a
// LIF layer follows every weight layer, the output layer spikes, and the reconstruction is the
// output spike count over the T steps. In the AE a ReLU follows every hidden weight layer and a
// sigmoid the output, and the reconstruction is an intensity image.

#include "model/networks/encoder.h"
#include "model/networks/network.h"
#include "model/neurons/lif_neuron.h"

#include <ATen/core/Tensor.h>
#include <torch/arg.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace csae {

struct AutoencoderOptions {
    /// The encoder's convolutions; the decoder mirrors them back to the input's shape.
    TORCH_ARG(EncoderOptions, encoder) = {};
    /// Size of the bottleneck.
    TORCH_ARG(std::int64_t, embedding_size) = 64;
    /// Extra bottleneck layers and how they recur (SAE; the AE gets the same dense layers).
    TORCH_ARG(Recurrence, recurrence) = Recurrence::None;
};

/// One layer and the kernel that runs it.
struct LayerPath {
    std::string layer;
    std::string path;
};

/// The SAE and the AE: what they share beyond the Network interface. Not thread-safe: one
/// thread drives a model. spiking() is true for the SAE (input spikes [T, B, C, H, W],
/// reconstruction spike counts [B, C, H, W]) and false for the AE (intensities in and out).
class Autoencoder : public Network {
public:
    explicit Autoencoder(AutoencoderOptions options);

    /// The reconstruction, in the space the loss compares with target_of(input).
    virtual at::Tensor forward(const at::Tensor& input) = 0;
    /// What the decoder makes of a bottleneck activity set from outside (projective fields): SAE
    /// spikes [T, B, embedding] -> output spike counts [B, C, H, W]; AE activations
    /// [B, embedding] -> the output image. Without gradients.
    virtual at::Tensor decode(const at::Tensor& bottleneck) = 0;
    /// SAE: the output spike trains [T, B, C, H, W] (forward() is their sum over T). The AE has no
    /// time steps and throws ConfigError.
    virtual at::Tensor forward_spikes(const at::Tensor& input);
    // calibrate(): each weight layer in turn, input side first, to `hidden_rate` (the output
    // layer: to the input's own rate). Deterministic for a given input. The AE sets its output
    // bias so that the output starts at the input's mean intensity.

    /// What the reconstruction is compared with: input spike counts (SAE) or the input itself (AE).
    at::Tensor target_of(const at::Tensor& input) const;
    /// The reconstruction and what the loss compares it with, in `target`'s terms: counts per
    /// channel, the merged count image, or (SAE only) the spike trains step by step as [B, T, ...].
    std::pair<at::Tensor, at::Tensor> reconstruction_and_target(const at::Tensor& input, Target target);
    BatchResult run_batch(const at::Tensor& input, const at::Tensor& labels, const Objective& objective,
                          bool measure) override;
    std::vector<ConvKernels> conv_kernels() const override;
    /// Which kernel each layer of the stepwise execution runs, in words (`csae info`).
    std::vector<LayerPath> kernel_paths() const;

    const AutoencoderOptions& options() const { return options_; }
    /// Selects the SAE's execution; the AE has a single one and ignores it.
    /// The production executions keep 4-d weights channels-last (oneDNN's native layout here,
    /// much faster: docs/performance.md); the reference keeps PyTorch's default
    /// layout, as Python libraries run it. Switching converts the weights in place.
    void set_execution(Execution execution);
    Execution execution() const { return execution_; }
    /// The stepwise execution's input gradients (dense convolutions, dense layers) multiply in
    /// bfloat16 with float32 sums when the model is float32 (train.gradient_precision); the
    /// other executions, and float64 models, are unaffected. Off by default.
    void set_bfloat16_input_gradients(bool on) { bfloat16_input_gradients_ = on; }
    bool bfloat16_input_gradients() const { return bfloat16_input_gradients_; }

protected:
    /// A weight layer as every execution walks it, input side first. Each execution differs only
    /// in how it steps through time; the order, the names and the reshapes are decided here once.
    struct WeightLayer {
        torch::nn::Module* module = nullptr;
        std::string name;                ///< conv1.., embedding, recurrent1.., decoder_linear, deconv1.., output
        bool dense = false;              ///< a Linear; else a Conv2d or a TransposedConv2d
        bool flattens = false;           ///< the first dense layer: takes the flattened encoder output
        bool unflattens = false;         ///< the last dense layer: its output takes the encoder's shape
        bool bottleneck = false;         ///< its output is the embedding
        bool explicit_recurrent = false; ///< explicit1: its spikes feed back through `feedback`
        bool output = false;             ///< the reconstruction layer
    };
    /// The weight layers in execution order; the pointers live as long as this model.
    std::vector<WeightLayer> weight_layers() const;
    /// The one layer loop of every execution. `walker` says how a layer runs on what flows between
    /// layers (Walker::Value: a whole sequence, one time step, or a list of steps), how it
    /// flattens and unflattens around the dense layers, and what it keeps of the bottleneck.
    template <class Walker>
    static typename Walker::Value walk(const std::vector<WeightLayer>& layers, Walker& walker, typename Walker::Value x)
    {
        for (std::size_t index = 0; index < layers.size(); ++index) {
            const WeightLayer& layer = layers[index];
            if (layer.flattens)
                x = walker.flatten(std::move(x));
            x = walker.apply(index, layer, std::move(x));
            if (layer.bottleneck)
                walker.at_bottleneck(x);
            if (layer.unflattens)
                x = walker.unflatten(std::move(x));
        }
        return x;
    }

    AutoencoderOptions options_;
    Execution execution_ = Execution::Stepwise;
    bool bfloat16_input_gradients_ = false;
    torch::nn::ModuleList encoder_convs{nullptr};
    torch::nn::ModuleList dense_layers{nullptr}; ///< to embedding, recurrence layers, from embedding
    torch::nn::ModuleList decoder_convs{nullptr};
    at::Tensor feedback; ///< explicit1: [embedding, embedding] spike feedback weights
};

/// Applies a conv layer (Conv2d or TransposedConv2d) to a batch [B, C, H, W].
at::Tensor apply_conv(torch::nn::Module& layer, const at::Tensor& batch);
/// Applies a conv layer to every time step of [T, B, C, H, W] at once, time folded into the batch.
at::Tensor apply_folded(torch::nn::Module& layer, const at::Tensor& sequence);

/// Runs `lif` on a sequence of currents; with `record`, also appends the layer's spikes and
/// membrane under `name` (for views and calibration).
at::Tensor fire_recorded(LifImpl& lif, const at::Tensor& current, const std::string& name,
                         std::vector<LayerActivity>* record);

/// The spiking networks' weight calibration: rescales weight_layers[i], input side first, until
/// about rates[i] of its LIF neuron-steps cross thresholds[i]. `record_all` runs the network on the
/// calibration input and returns every LIF layer's activity in the same order as weight_layers.
void calibrate_firing(const std::vector<torch::nn::Module*>& weight_layers, const std::vector<double>& thresholds,
                      const std::vector<double>& rates, const std::function<std::vector<LayerActivity>()>& record_all);

/// Builds the SAE or AE described by `options`. Throws ConfigError on inconsistent options.
std::shared_ptr<Autoencoder> make_autoencoder(bool spiking, const AutoencoderOptions& options);

} // namespace csae
