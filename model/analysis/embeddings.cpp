#include "model/analysis/embeddings.h"

#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>

namespace csae {
namespace {

// The evaluation's random stream family, so an analysis sees the test spikes an evaluation sees.
constexpr std::uint64_t kAnalysisStream = 0xA11A1;

at::Tensor first_input(Trainer& trainer)
{
    return trainer.input_of(trainer.test_data(), at::arange(0, 1, at::kLong), kAnalysisStream);
}

} // namespace

std::vector<std::string> layer_names(Trainer& trainer)
{
    torch::NoGradGuard no_grad;
    std::vector<std::string> names{kEmbeddingLayer};
    // The SAE's bottleneck layer is itself called "embedding": it is Network::embed already.
    for (const LayerActivity& activity : trainer.network().trace(first_input(trainer), 0))
        if (activity.name != kEmbeddingLayer)
            names.push_back(activity.name);
    return names;
}

CollectedEmbeddings collect_embeddings(Trainer& trainer, std::int64_t samples, const std::string& layer)
{
    const std::int64_t available = trainer.test_data().size();
    if (samples < 1 || samples > available)
        throw ConfigError("--samples: " + std::to_string(samples) + " is out of range (allowed: 1-" +
                          std::to_string(available) + ", the test samples of this run)");
    const auto names = layer_names(trainer);
    if (std::find(names.begin(), names.end(), layer) == names.end()) {
        std::string known;
        for (const auto& name : names)
            known += (known.empty() ? "" : ", ") + name;
        throw ConfigError("--layer: \"" + layer + "\" is not a layer of this network (layers: " + known + ")");
    }
    torch::NoGradGuard no_grad;
    Network& network = trainer.network();
    network.eval();
    std::vector<at::Tensor> rows;
    const std::int64_t batch = trainer.config().train.batch_size;
    for (std::int64_t begin = 0, index = 0; begin < samples; begin += batch, ++index) {
        const std::int64_t length = std::min(batch, samples - begin);
        const at::Tensor indices = at::arange(begin, begin + length, at::kLong);
        const at::Tensor input = trainer.input_of(trainer.test_data(), indices,
                                                  kAnalysisStream + static_cast<std::uint64_t>(index) * 0x10001ULL);
        if (layer == kEmbeddingLayer) {
            rows.push_back(network.embed(input).to(at::kCPU).to(at::kFloat).reshape({length, -1}));
            continue;
        }
        for (std::int64_t sample = 0; sample < length; ++sample)
            for (const LayerActivity& activity : network.trace(input, sample))
                if (activity.name == layer) {
                    // Spike counts over the T steps (the AE: its activation, T = 1).
                    rows.push_back(activity.spikes.to(at::kCPU).to(at::kFloat).sum(0).reshape({1, -1}));
                    break;
                }
    }
    network.train();
    CollectedEmbeddings collected;
    collected.values = at::cat(rows, 0);
    collected.labels = trainer.test_data().labels.narrow(0, 0, samples).to(at::kLong).clone();
    collected.layer = layer;
    collected.class_names = trainer.test_data().class_names;
    return collected;
}

} // namespace csae
