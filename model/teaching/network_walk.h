#pragma once
// The numbers of the network walk: one digit followed through every layer of a spiking network
// (an untrained one, calibrated so that it fires, or a trained run's), the spikes of each layer
// at every step, and the output's spikes accumulating into the reconstruction. Plain LibTorch
// on the CPU, tens of milliseconds at the default SAE; the network is driven by one thread at a time.

#include "model/config/config.h"
#include "model/networks/network.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace csae {

struct WalkedLayer {
    std::string name;
    at::Tensor spikes; ///< [T, C, H, W] (convolutions) or [T, N] (dense layers), uint8
};

struct NetworkWalk {
    at::Tensor input_spikes; ///< [T, C, H, W] uint8
    std::vector<WalkedLayer> layers;
    at::Tensor
        reconstruction; ///< SAE: [T, C, H, W] float, the output's spikes averaged over steps 1..t; else undefined
};

/// A network of `config` (a spiking kind) for 28 x 28 single-channel images, freshly initialised
/// from `seed` and calibrated on `image` [1, 28, 28] rate-coded, so that every layer fires.
/// Throws ConfigError for the AE, which does not spike.
std::shared_ptr<Network> untrained_walk_network(const Config& config, const at::Tensor& image, std::uint64_t seed);

/// `image` [C, H, W] in [0, 1] rate-coded with `config.encoding` and `seed`, through `network`.
NetworkWalk walk_network(Network& network, const Config& config, const at::Tensor& image, std::uint64_t seed);

} // namespace csae
