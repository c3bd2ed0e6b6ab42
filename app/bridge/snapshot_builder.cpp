#include "app/bridge/snapshot_builder.h"

#include "model/analysis/embedding_analysis.h"
#include "model/analysis/embeddings.h"

#include <QCoreApplication>
#include <QLocale>

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/linspace.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace csae {

QImage to_grayscale(const at::Tensor& image, double scale)
{
    const at::Tensor bytes = (image.detach().to(at::kCPU).to(at::kFloat) * (255.0 / scale))
                                 .clamp(0.0, 255.0)
                                 .round()
                                 .to(at::kByte)
                                 .contiguous();
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

ui::ReconstructionSnapshot make_reconstructions(Trainer& trainer, int count, std::int64_t first)
{
    torch::NoGradGuard no_grad;
    const auto& test = trainer.test_data();
    const std::int64_t n = std::clamp<std::int64_t>(std::min<std::int64_t>(count, test.size() - first), 0, count);
    const at::Tensor originals = test.images.narrow(0, first, n);
    // A fixed stream: the same spikes every time, so changes in the view come from learning.
    const at::Tensor input =
        trainer.input_of(test, at::arange(first, first + n, at::kLong), 0x5649455753ULL + std::uint64_t(first));
    Autoencoder& model = trainer.model();
    const at::Tensor output = model.forward(input);
    const double steps = model.spiking() ? static_cast<double>(input.size(0)) : 1.0;
    const at::Tensor input_average = model.spiking() ? input.mean(0) : input;
    ui::ReconstructionSnapshot snapshot;
    snapshot.spiking = model.spiking();
    snapshot.first = first;
    for (std::int64_t i = 0; i < n; ++i) {
        snapshot.originals.push_back(to_grayscale(originals[i][0]));
        snapshot.inputAverages.push_back(to_grayscale(input_average[i][0]));
        snapshot.outputs.push_back(to_grayscale(output[i][0] / steps));
    }
    return snapshot;
}

ui::EmbeddingSnapshot make_embedding_snapshot(Trainer& trainer, int samples)
{
    const std::int64_t n = std::min<std::int64_t>(samples, trainer.test_data().size());
    const CollectedEmbeddings collected = collect_embeddings(trainer, n, kEmbeddingLayer);
    UmapOptions options; // umap-learn's defaults
    const EmbeddingAnalysis analysis = analyse_embeddings(collected, options);
    ui::EmbeddingSnapshot snapshot;
    snapshot.step = trainer.step();
    const at::Tensor pca_scores = analysis.pca.scores.to(at::kDouble).contiguous();
    const at::Tensor umap_points = analysis.umap.embedding.to(at::kDouble).contiguous();
    const at::Tensor label_values = collected.labels.to(at::kLong).contiguous();
    const auto pca = pca_scores.accessor<double, 2>();
    const auto umap = umap_points.accessor<double, 2>();
    const auto labels = label_values.accessor<std::int64_t, 1>();
    for (std::int64_t i = 0; i < n; ++i) {
        snapshot.pca << QPointF(pca[i][0], pca[i][1]);
        snapshot.umap << QPointF(umap[i][0], umap[i][1]);
        snapshot.labels << int(labels[i]);
    }
    for (const std::string& name : collected.class_names)
        snapshot.classNames << QString::fromStdString(name);
    const QLocale locale;
    snapshot.summary = QCoreApplication::translate("csae::EmbeddingAnalysis",
                                                   "step %1, %2 test samples: kNN probe %3, linear probe %4, "
                                                   "trustworthiness PCA %5 / UMAP %6, silhouette %7")
                           .arg(trainer.step())
                           .arg(n)
                           .arg(locale.toString(analysis.knn_accuracy, 'f', 3))
                           .arg(locale.toString(analysis.linear_probe_accuracy, 'f', 3))
                           .arg(locale.toString(analysis.trustworthiness_pca, 'f', 3))
                           .arg(locale.toString(analysis.trustworthiness_umap, 'f', 3))
                           .arg(locale.toString(analysis.silhouette, 'f', 3));
    const ImageDataset& test = trainer.test_data();
    for (std::int64_t i = 0; i < n; ++i)
        snapshot.samples << to_grayscale(test.images[i][0]);
    if (trainer.network().classes() == 0) {
        const int batch = int(trainer.config().train.batch_size);
        for (std::int64_t first = 0; first < n; first += batch)
            snapshot.reconstructions
                << make_reconstructions(trainer, int(std::min<std::int64_t>(batch, n - first)), first).outputs;
    }
    return snapshot;
}

ui::FieldSet make_field_set(const ReceptiveFields& fields)
{
    const at::Tensor values = fields.fields.to(at::kCPU).to(at::kFloat).contiguous();
    ui::FieldSet set;
    set.layer = QString::fromStdString(fields.layer);
    set.perChannel = fields.per_channel;
    for (const auto& channel : fields.channels)
        set.channels << QString::fromStdString(channel);
    set.height = int(values.size(2));
    set.width = int(values.size(3));
    set.samples = int(fields.samples);
    set.ridge = fields.ridge;
    const at::Tensor rates = fields.rates.to(at::kCPU).to(at::kDouble).contiguous();
    const at::Tensor spikes = fields.spikes.to(at::kCPU).to(at::kDouble).contiguous();
    const at::Tensor order = std::get<1>(rates.sort(0, /*descending=*/true)).contiguous();
    const std::int64_t per_field = values.size(1) * values.size(2) * values.size(3);
    for (std::int64_t k = 0; k < order.size(0); ++k) {
        const std::int64_t neuron = order[k].item<std::int64_t>();
        ui::FieldSet::Neuron entry;
        entry.index = int(neuron);
        entry.rate = rates[neuron].item<double>();
        entry.spikes = spikes[neuron].item<double>();
        entry.values.resize(int(per_field));
        std::copy_n(values[neuron].data_ptr<float>(), per_field, entry.values.data());
        set.neurons << std::move(entry);
    }
    if (fields.kernels.defined()) {
        ConvKernels kernels{fields.layer, fields.kernels};
        set.kernels = make_kernels({kernels}).front();
    }
    return set;
}

QVector<ui::KernelLayer> make_kernels(const std::vector<ConvKernels>& all)
{
    QVector<ui::KernelLayer> layers;
    for (const auto& kernels : all) {
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
                                               int max_neurons, const QHash<QString, int>& pinned)
{
    QVector<ui::LayerActivity> layers;
    for (const auto& activity : trace) {
        const at::Tensor spikes = activity.spikes.to(at::kCPU).flatten(1); // [T, neurons]
        const std::int64_t neurons = spikes.size(1);
        const std::int64_t shown = std::min<std::int64_t>(neurons, max_neurons);
        at::Tensor indices = at::linspace(0, static_cast<double>(neurons - 1), shown).round().to(at::kLong);
        const QString name = QString::fromStdString(activity.name);
        if (const auto wanted = pinned.constFind(name); wanted != pinned.cend() && *wanted >= 0 && *wanted < neurons) {
            // Replace the nearest sampled neuron, keeping the rows in ascending neuron order.
            const at::Tensor nearest = (indices - *wanted).abs().argmin();
            indices[nearest.item<std::int64_t>()] = *wanted;
            indices = std::get<0>(indices.sort());
        }
        ui::LayerActivity layer;
        layer.name = name;
        for (std::int64_t d = 1; d < activity.spikes.dim(); ++d) // [T, C, H, W] or [T, neurons]
            layer.shape.push_back(static_cast<int>(activity.spikes.size(d)));
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

ui::EventSnapshot make_event_snapshot(const at::Tensor& frames, double bin_us, const std::string& label)
{
    const at::Tensor counts = frames.detach().to(at::kCPU).to(at::kInt).contiguous(); // [T, C, H, W]
    ui::EventSnapshot snapshot;
    const std::int64_t steps = counts.size(0), channels = counts.size(1), height = counts.size(2),
                       width = counts.size(3);
    snapshot.width = static_cast<int>(width);
    snapshot.height = static_cast<int>(height);
    snapshot.durationUs = static_cast<qint64>(std::ceil(bin_us * static_cast<double>(steps)));
    snapshot.label = QString::fromStdString(label);
    const auto* data = counts.data_ptr<std::int32_t>();
    for (std::int64_t t = 0; t < steps; ++t) {
        for (std::int64_t c = 0; c < channels; ++c)
            for (std::int64_t y = 0; y < height; ++y)
                for (std::int64_t x = 0; x < width; ++x) {
                    const std::int32_t n = data[((t * channels + c) * height + y) * width + x];
                    for (std::int32_t k = 0; k < n; ++k) {
                        snapshot.timesUs.push_back(
                            static_cast<qint64>(bin_us * (static_cast<double>(t) + (k + 0.5) / n)));
                        snapshot.xs.push_back(static_cast<quint16>(x));
                        snapshot.ys.push_back(static_cast<quint16>(y));
                        snapshot.polarities.push_back(c == 0 ? 1 : 0);
                    }
                }
    }
    // Within a bin the loop runs pixel by pixel; the view wants the events in time order.
    std::vector<int> order(static_cast<std::size_t>(snapshot.timesUs.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return snapshot.timesUs[a] < snapshot.timesUs[b]; });
    ui::EventSnapshot sorted = snapshot;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const int from = order[i];
        sorted.timesUs[static_cast<int>(i)] = snapshot.timesUs[from];
        sorted.xs[static_cast<int>(i)] = snapshot.xs[from];
        sorted.ys[static_cast<int>(i)] = snapshot.ys[from];
        sorted.polarities[static_cast<int>(i)] = snapshot.polarities[from];
    }
    return sorted;
}

ui::ClassifierSnapshot make_classifier_snapshot(const EvalMetrics& metrics, const ImageDataset& data)
{
    ui::ClassifierSnapshot snapshot;
    snapshot.step = metrics.step;
    for (std::int64_t c = 0; c < metrics.classes; ++c)
        snapshot.classNames << (c < static_cast<std::int64_t>(data.class_names.size())
                                    ? QString::fromStdString(data.class_names[static_cast<std::size_t>(c)])
                                    : QString::number(c + 1));
    for (const std::int64_t count : metrics.confusion)
        snapshot.confusion.push_back(count);
    return snapshot;
}

} // namespace csae
