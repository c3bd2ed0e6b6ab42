#pragma once
// Builds the network a configuration describes (model.*, neuron.*, and the SAE's execution
// settings from train.*), for inputs of a given shape.

#include "model/config/config.h"
#include "model/networks/network.h"

#include <cstdint>
#include <memory>

namespace csae {

/// Input shape [C, H, W] and, for the classifier, the number of classes.
struct NetworkInputShape {
    std::int64_t channels = 1;
    std::int64_t height = 28;
    std::int64_t width = 28;
    std::int64_t classes = 10;
};

/// The SAE, the AE or the spiking classifier (model.kind), freshly initialised from the global
/// generator and not yet calibrated. Throws ConfigError on inconsistent options.
std::shared_ptr<Network> make_network(const Config& config, const NetworkInputShape& shape);

} // namespace csae
