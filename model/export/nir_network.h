#pragma once
// csae's spiking networks as NIR graphs and back (model/export/nir_graph.h holds the file format).
//
// What is exported: the SAE's encoder (convolutions, flatten, the embedding layer, each followed
// by its LIF layer) or the whole spiking classifier, as
//   Input -> Conv2d -> LIF -> ... -> Flatten -> Affine -> LIF [-> Affine -> LIF] -> Output.
// The SAE's decoder is refused: it needs transposed convolutions, which NIR 1.0 does not have.
// The AE (ReLU, no spikes) and the recurrent bottlenecks are refused too.
//
// The LIF mapping at the time step dt (encoding.dt), by forward Euler on NIR's
// tau dv/dt = (v_leak - v) + r I:  v[t] = (1 - dt/tau) v[t-1] + (dt/tau) r I[t], so with
//   tau = dt / (1 - beta),  v_leak = 0,  v_threshold = threshold,  v_reset = 0,
//   r = 1 for the seed's form (input scaled by 1 - beta) and r = 1 / (1 - beta) for the common one.
// beta = 1 in the common form is an IF node (r = 1/dt); in the seed's form it would never
// integrate and is refused. NIR resets to v_reset; csae's reset-by-subtraction cannot be said in
// NIR 1.0, so it is written as v_reset = 0 with metadata/csae_reset = "subtract" and a warning:
// other NIR tools will reset to zero instead. csae's own reader honours the metadata.
// NIR fires when v > v_threshold, csae when v >= threshold; they differ only at exact equality.

#include "model/config/config.h"
#include "model/export/nir_graph.h"
#include "model/networks/network.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace csae {

enum class NirPart { Encoder, Classifier, All };

/// "encoder", "classifier" or "all"; ConfigError otherwise.
NirPart nir_part_from_name(const std::string& name);

struct NirExport {
    NirGraph graph;
    std::vector<std::string> warnings; ///< e.g. the reset-by-subtraction caveat
    double dt = 0.0;                   ///< the time step the LIF parameters were mapped at
};

/// The spiking part of `network` (built from `config`) for input [C, H, W] = `input_shape`.
/// Throws ConfigError naming what cannot be exported and why.
NirExport export_nir(const Network& network, const Config& config, const std::array<std::int64_t, 3>& input_shape,
                     NirPart part);

/// A graph checked to be a chain Input -> ... -> Output of known nodes with consistent shapes.
struct NirChain {
    std::vector<const NirNode*> nodes;             ///< in order, Input first
    std::vector<std::vector<std::int64_t>> shapes; ///< each node's output shape (no batch, no time)
};

/// Checks `graph`; DataError naming `where`, the node and the reason (an edge to a missing node,
/// an unknown type, a branch, a weight whose shape does not fit its input).
NirChain check_nir_chain(const NirGraph& graph, const std::string& where);

/// Runs the graph alone on input spikes [T, B, C, H, W]: the output node's spikes [T, B, ...].
/// LIF nodes use metadata/csae_dt when present, else `dt` (NIR itself has no time step).
at::Tensor simulate_nir(const NirGraph& graph, const at::Tensor& input, double dt = 1e-3,
                        const std::string& where = "NIR graph");

/// The configuration a graph describes, on top of `base` (data and training keys): model.kind
/// (sae for an encoder, classifier), channels, strides, kernel size, embedding size (classifier:
/// the hidden layer), and the neuron's form, reset, beta and threshold (the first LIF layer's).
/// DataError naming `where` and the node when the graph is not a network csae can build.
Config config_from_nir(const NirGraph& graph, Config base, double dt, const std::string& where);

/// Loads the graph's weights and each LIF layer's beta and threshold into `network`, built from
/// config_from_nir(); DataError naming the node when a shape does not match (e.g. a classifier's
/// classes against the dataset's).
void load_nir_parameters(const NirGraph& graph, Network& network, double dt, const std::string& where);

/// The dt a graph's LIF nodes were written at (their metadata/csae_dt), or `fallback`.
double nir_time_step(const NirGraph& graph, double fallback);

} // namespace csae
