#pragma once
// What the NIR export, import and chain check share (model/export/nir_network.h is the public
// interface): where the engine keeps each layer, and the checked reading of a node's parameters.
// Internal to model/export. Any thread.

#include "model/config/config.h"
#include "model/export/nir_graph.h"
#include "model/networks/network.h"
#include "model/neurons/lif_neuron.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace csae::nir_detail {

/// The largest size csae accepts along any axis of a NIR shape, and for a whole layer: far above
/// any network it builds, and small enough that no product of sizes overflows.
inline constexpr std::int64_t kLargestSide = 1 << 16;
inline constexpr std::int64_t kLargestLayer = std::int64_t(1) << 31;

std::string number_text(double value);
std::string shape_text(const std::vector<std::int64_t>& shape);
at::Tensor ints(const std::vector<std::int64_t>& values);
std::int64_t product(const std::vector<std::int64_t>& shape);

/// Where the engine keeps each layer of a spiking network, by module path.
struct EngineLayout {
    std::vector<std::string> convs;
    std::vector<std::string> dense;       ///< module paths of the dense layers
    std::vector<std::string> dense_names; ///< their node names: embedding, or hidden and readout
};
EngineLayout engine_layout(const Config& config);
std::shared_ptr<torch::nn::Module> module_at(const Network& network, const std::string& path);
LifImpl& lif_at(const Network& network, std::size_t index);

/// Whether every value of a per-neuron parameter is the same.
bool all_equal(const at::Tensor& values);
/// A per-neuron parameter that must hold one value for all neurons; DataError naming the node.
double single_value(const NirNode& node, const std::string& key, const std::string& where);
/// A whole number held as a double, checked before the cast (a huge value would be undefined).
std::int64_t whole_number(double value, std::int64_t lowest, std::int64_t highest, const NirNode& node,
                          const std::string& key, const std::string& where);
/// A parameter that is one whole number (e.g. groups, start_dim), or `fallback` when absent.
std::int64_t scalar_parameter(const NirNode& node, const std::string& key, std::int64_t fallback, std::int64_t lowest,
                              std::int64_t highest, const std::string& where);
/// A stride, padding or dilation: one value or one per spatial dimension, equal.
std::pair<std::int64_t, std::int64_t> pair_of(const NirNode& node, const std::string& key, std::int64_t fallback,
                                              const std::string& where);

} // namespace csae::nir_detail
