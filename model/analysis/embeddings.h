#pragma once
// What a trained network makes of the test samples, for the analyses: the bottleneck (the
// network's embed(): firing rates of a spiking net, activations of the AE) or the spike counts
// of any named layer, one row per sample. Runs on the trainer's thread, without gradients.

#include "model/training/trainer.h"

#include <string>
#include <vector>

namespace csae {

/// The name that selects the bottleneck (Network::embed) rather than a traced layer.
inline constexpr const char* kEmbeddingLayer = "embedding";

struct CollectedEmbeddings {
    at::Tensor values; ///< [N, D] float32: rates or activations (bottleneck), spike counts (a layer)
    at::Tensor labels; ///< [N] int64
    std::string layer;
    std::vector<std::string> class_names; ///< the dataset's, index = label
};

/// The first `samples` test samples through the trainer's network. `layer` is kEmbeddingLayer
/// or a name from layer_names(); anything else, or `samples` outside 1 .. the test-set size,
/// throws ConfigError saying what is allowed.
CollectedEmbeddings collect_embeddings(Trainer& trainer, std::int64_t samples, const std::string& layer);

/// kEmbeddingLayer, then the layers Network::trace reports, input side first.
std::vector<std::string> layer_names(Trainer& trainer);

} // namespace csae
