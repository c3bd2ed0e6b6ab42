#include "app/snapshot_builder.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/linspace.h>
#include <torch/csrc/autograd/grad_mode.h>

namespace csae {

QImage to_grayscale(const at::Tensor& image, double scale)
{
    const at::Tensor bytes =
        (image.detach().to(at::kCPU).to(at::kFloat) * (255.0 / scale)).clamp(0.0, 255.0).round().to(at::kByte).contiguous();
    const int height = static_cast<int>(bytes.size(0));
    const int width = static_cast<int>(bytes.size(1));
    QImage result(width, height, QImage::Format_Grayscale8);
    const auto* data = bytes.data_ptr<std::uint8_t>();
    for (int y = 0; y < height; ++y)
        std::copy_n(data + static_cast<std::ptrdiff_t>(y) * width, width, result.scanLine(y));
    return result;
}

namespace {

ui::SpikeRaster to_raster(const at::Tensor& steps_by_neurons)
{
    const at::Tensor bytes = steps_by_neurons.detach().to(at::kCPU).gt(0.5).to(at::kByte).contiguous();
    ui::SpikeRaster raster;
    raster.steps = static_cast<int>(bytes.size(0));
    raster.neurons = static_cast<int>(bytes.size(1));
    raster.spikes.resize(raster.steps * raster.neurons);
    std::copy_n(bytes.data_ptr<std::uint8_t>(), raster.spikes.size(), raster.spikes.data());
    return raster;
}

} // namespace

ui::InputSnapshot make_input_snapshot(const at::Tensor& intensities, const at::Tensor& spikes)
{
    ui::InputSnapshot snapshot;
    const at::Tensor image = intensities.select(0, 0);
    snapshot.height = static_cast<int>(image.size(0));
    snapshot.width = static_cast<int>(image.size(1));
    snapshot.original = to_grayscale(image);
    const at::Tensor per_step = spikes.defined() ? spikes.select(1, 0) : image.unsqueeze(0);
    snapshot.spikes = to_raster(per_step.flatten(1));
    return snapshot;
}

ui::ReconstructionSnapshot make_reconstructions(Trainer& trainer, int count)
{
    torch::NoGradGuard no_grad;
    const auto& test = trainer.test_data();
    const std::int64_t n = std::min<std::int64_t>(count, test.size());
    const at::Tensor originals = test.images.narrow(0, 0, n);
    // A fixed stream: the same spikes every time, so changes in the view come from learning.
    const at::Tensor input = trainer.encode(originals, 0x5649455753ULL);
    Autoencoder& model = trainer.model();
    const at::Tensor output = model.forward(input);
    const double steps = model.spiking() ? static_cast<double>(input.size(0)) : 1.0;
    const at::Tensor input_average = model.spiking() ? input.mean(0) : input;
    ui::ReconstructionSnapshot snapshot;
    snapshot.spiking = model.spiking();
    for (std::int64_t i = 0; i < n; ++i) {
        snapshot.originals.push_back(to_grayscale(originals[i][0]));
        snapshot.inputAverages.push_back(to_grayscale(input_average[i][0]));
        snapshot.outputs.push_back(to_grayscale(output[i][0] / steps));
    }
    return snapshot;
}

QVector<ui::KernelLayer> make_kernels(const Autoencoder& model)
{
    QVector<ui::KernelLayer> layers;
    for (const auto& kernels : model.conv_kernels()) {
        const at::Tensor weight = kernels.weight.to(at::kCPU).to(at::kFloat).contiguous();
        ui::KernelLayer layer;
        layer.name = QString::fromStdString(kernels.name);
        layer.outChannels = static_cast<int>(weight.size(0));
        layer.inChannels = static_cast<int>(weight.size(1));
        layer.size = static_cast<int>(weight.size(2));
        layer.weights.resize(static_cast<int>(weight.numel()));
        std::copy_n(weight.data_ptr<float>(), weight.numel(), layer.weights.data());
        layers.push_back(std::move(layer));
    }
    return layers;
}

QVector<ui::LayerActivity> make_layer_activity(const std::vector<LayerActivity>& trace, float threshold,
                                               int max_neurons)
{
    QVector<ui::LayerActivity> layers;
    for (const auto& activity : trace) {
        const at::Tensor spikes = activity.spikes.to(at::kCPU).flatten(1);  // [T, neurons]
        const std::int64_t neurons = spikes.size(1);
        const std::int64_t shown = std::min<std::int64_t>(neurons, max_neurons);
        const at::Tensor indices = at::linspace(0, static_cast<double>(neurons - 1), shown).round().to(at::kLong);
        ui::LayerActivity layer;
        layer.name = QString::fromStdString(activity.name);
        layer.layerNeurons = static_cast<int>(neurons);
        layer.firingRate = spikes.mean().item<double>();
        layer.threshold = threshold;
        layer.spikes = to_raster(spikes.index_select(1, indices));
        const auto* index = indices.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < shown; ++i)
            layer.neuronIndices.push_back(static_cast<int>(index[i]));
        if (activity.membrane.defined()) {
            const at::Tensor membrane =
                activity.membrane.to(at::kCPU).flatten(1).index_select(1, indices).to(at::kFloat).contiguous();
            layer.membrane.resize(static_cast<int>(membrane.numel()));
            std::copy_n(membrane.data_ptr<float>(), membrane.numel(), layer.membrane.data());
        }
        layers.push_back(std::move(layer));
    }
    return layers;
}

} // namespace csae
