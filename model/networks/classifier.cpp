#include "model/networks/classifier.h"

#include "model/core/errors.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/log_softmax.h>
#include <ATen/ops/nll_loss.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace csae {

SpikingClassifierImpl::SpikingClassifierImpl(ClassifierOptions options) : options_(std::move(options))
{
    const ClassifierOptions& o = options_;
    if (o.classes() < 2)
        throw ConfigError("classifier: the dataset has " + std::to_string(o.classes()) + " classes (need at least 2)");
    convs = register_module("convs", make_encoder_convs(o.encoder()));
    dense = register_module("dense", torch::nn::ModuleList());
    dense->push_back(torch::nn::Linear(encoder_flat_size(o.encoder()), o.hidden()));
    dense->push_back(torch::nn::Linear(o.hidden(), o.classes()));
    lifs = register_module("lifs", torch::nn::ModuleList());
    for (std::size_t i = 0; i < convs->size() + dense->size(); ++i)
        lifs->push_back(Lif(o.encoder().neuron()));
}

at::Tensor SpikingClassifierImpl::run(const at::Tensor& input, std::vector<LayerActivity>* record, at::Tensor* hidden)
{
    TORCH_CHECK(input.dim() == 5, "classifier input must be spikes [T, B, C, H, W], got ", input.sizes());
    std::size_t lif_index = 0;
    const auto fire = [&](const at::Tensor& current, const std::string& name) {
        return fire_recorded(*lifs->ptr<LifImpl>(lif_index++), current, name, record);
    };
    at::Tensor x = input;
    for (std::size_t i = 0; i < convs->size(); ++i)
        x = fire(apply_folded(*convs->ptr(i), x), "conv" + std::to_string(i + 1));
    x = fire(dense->ptr<torch::nn::LinearImpl>(0)->forward(x.flatten(2)), "hidden");
    if (hidden)
        *hidden = x.mean(0);
    return fire(dense->ptr<torch::nn::LinearImpl>(1)->forward(x), "readout");
}

at::Tensor SpikingClassifierImpl::forward(const at::Tensor& input)
{
    return run(input, nullptr, nullptr).sum(0);
}

BatchResult SpikingClassifierImpl::run_batch(const at::Tensor& input, const at::Tensor& labels,
                                             const Objective& objective, bool measure)
{
    const at::Tensor counts = forward(input);
    BatchResult result;
    result.loss = spike_count_cross_entropy(counts, labels.to(counts.device()), objective.steps);
    result.cross_entropy = result.loss.item<double>();
    result.predicted = counts.detach().argmax(1).cpu().contiguous();
    return result;
}

at::Tensor SpikingClassifierImpl::embed(const at::Tensor& input)
{
    at::Tensor hidden;
    run(input, nullptr, &hidden);
    return hidden;
}

std::vector<LayerActivity> SpikingClassifierImpl::trace(const at::Tensor& input, std::int64_t index)
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

std::vector<ConvKernels> SpikingClassifierImpl::conv_kernels() const
{
    std::vector<ConvKernels> kernels;
    for (std::size_t i = 0; i < convs->size(); ++i)
        kernels.push_back(
            {"conv" + std::to_string(i + 1), convs->ptr(i)->named_parameters(false)["weight"].detach().clone()});
    return kernels;
}

void SpikingClassifierImpl::calibrate(const at::Tensor& input, double hidden_rate)
{
    std::vector<torch::nn::Module*> layers;
    for (std::size_t i = 0; i < convs->size(); ++i)
        layers.push_back(convs->ptr(i).get());
    for (std::size_t i = 0; i < dense->size(); ++i)
        layers.push_back(dense->ptr(i).get());
    std::vector<double> rates(layers.size(), hidden_rate), thresholds;
    rates.back() = 0.2;
    for (std::size_t i = 0; i < layers.size(); ++i)
        thresholds.push_back(lifs->ptr<LifImpl>(i)->threshold.item<double>());
    calibrate_firing(layers, thresholds, rates, [&] {
        std::vector<LayerActivity> record;
        run(input, &record, nullptr);
        return record;
    });
}

at::Tensor spike_count_cross_entropy(const at::Tensor& counts, const at::Tensor& labels, std::int64_t steps)
{
    const double scale = 8.0 / static_cast<double>(std::max<std::int64_t>(steps, 1));
    return at::nll_loss(at::log_softmax(counts * scale, 1), labels);
}

} // namespace csae
