// csae networks as NIR graphs (the mapping is described in nir_network.h).
#include "model/export/nir_network.h"

#include "model/core/errors.h"
#include "model/export/nir_parameters.h"
#include "model/neurons/lif_neuron.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <cmath>
#include <map>
#include <set>

namespace csae {

using namespace nir_detail;

namespace {

NirNode lif_node(const std::string& name, const LifImpl& lif, const std::vector<std::int64_t>& shape, double dt)
{
    const double beta = lif.effective_beta().item<double>();
    const double threshold = lif.effective_threshold().item<double>();
    const bool seed_form = lif.options.form() == MembraneForm::Seed;
    const auto filled = [&](double value) { return at::full(shape, value, at::kDouble); };
    NirNode node;
    node.name = name;
    if (beta >= 1.0) {
        if (seed_form)
            throw ConfigError(name + ": beta is 1 in the seed's form, where the input is scaled by 1 - beta = 0; "
                                     "such a layer never integrates and NIR has no node for it");
        node.type = "IF";
        node.arrays["r"] = filled(1.0 / dt);
    } else {
        node.type = "LIF";
        node.arrays["tau"] = filled(dt / (1.0 - beta));
        node.arrays["r"] = filled(seed_form ? 1.0 : 1.0 / (1.0 - beta));
        node.arrays["v_leak"] = filled(0.0);
    }
    node.arrays["v_threshold"] = filled(threshold);
    node.arrays["v_reset"] = filled(0.0);
    node.texts["metadata/csae_reset"] = lif.options.reset() == ResetMode::Subtract ? "subtract" : "zero";
    node.texts["metadata/csae_form"] = seed_form ? "seed" : "common";
    node.texts["metadata/csae_dt"] = number_text(dt);
    return node;
}

} // namespace

NirPart nir_part_from_name(const std::string& name)
{
    if (name == "encoder")
        return NirPart::Encoder;
    if (name == "classifier")
        return NirPart::Classifier;
    if (name == "all")
        return NirPart::All;
    throw ConfigError("--part: \"" + name + "\" is not a part (allowed: encoder, classifier, all)");
}

NirExport export_nir(const Network& network, const Config& config, const std::array<std::int64_t, 3>& input_shape,
                     NirPart part)
{
    if (!network.spiking())
        throw ConfigError("model.kind: the AE does not spike (ReLU and sigmoid units); NIR export needs an sae or a "
                          "classifier run");
    const bool classifier = config.model.kind == ModelKind::Classifier;
    if (!classifier && config.model.recurrence != Recurrence::None)
        throw ConfigError("model.recurrence: the recurrent bottlenecks are not exported to NIR (only recurrence none)");
    if (!classifier && part == NirPart::All)
        throw ConfigError("--part all: the SAE's decoder uses transposed convolutions, which NIR 1.0 has no node for; "
                          "export --part encoder");
    if (!classifier && part == NirPart::Classifier)
        throw ConfigError("--part classifier: this run is an SAE, not a classifier; export --part encoder");
    const bool with_dense = !classifier || part != NirPart::Encoder;

    NirExport result;
    result.dt = config.encoding.dt;
    NirGraph& graph = result.graph;
    const EngineLayout layout = engine_layout(config);
    std::vector<std::int64_t> shape(input_shape.begin(), input_shape.end());
    NirNode input{"input", "Input", {{"shape", ints(shape)}}, {}};
    graph.nodes.push_back(input);
    std::size_t lif_index = 0;
    for (std::size_t i = 0; i < layout.convs.size(); ++i) {
        auto* conv = module_at(network, layout.convs[i])->as<torch::nn::Conv2dImpl>();
        const std::int64_t stride = config.model.strides[i], kernel = config.model.kernel_size, padding = kernel / 2;
        NirNode node;
        node.name = "conv" + std::to_string(i + 1);
        node.type = "Conv2d";
        node.arrays["weight"] = conv->weight.detach().to(at::kDouble).contiguous();
        node.arrays["bias"] =
            conv->bias.defined() ? conv->bias.detach().to(at::kDouble) : at::zeros({conv->weight.size(0)}, at::kDouble);
        node.arrays["stride"] = ints({stride, stride});
        node.arrays["padding"] = ints({padding, padding});
        node.arrays["dilation"] = ints({1, 1});
        node.arrays["groups"] = at::scalar_tensor(1, at::kLong);
        node.arrays["input_shape"] = ints({shape[1], shape[2]});
        graph.nodes.push_back(node);
        shape = {conv->weight.size(0), (shape[1] + 2 * padding - kernel) / stride + 1,
                 (shape[2] + 2 * padding - kernel) / stride + 1};
        graph.nodes.push_back(lif_node(node.name + "_lif", lif_at(network, lif_index++), shape, result.dt));
    }
    if (with_dense) {
        graph.nodes.push_back(NirNode{"flatten",
                                      "Flatten",
                                      {{"start_dim", at::scalar_tensor(0, at::kLong)},
                                       {"end_dim", at::scalar_tensor(-1, at::kLong)},
                                       {"input_type", ints(shape)}},
                                      {}});
        shape = {product(shape)};
        for (std::size_t j = 0; j < layout.dense.size(); ++j) {
            auto* linear = module_at(network, layout.dense[j])->as<torch::nn::LinearImpl>();
            NirNode node;
            node.name = layout.dense_names[j];
            node.type = "Affine";
            node.arrays["weight"] = linear->weight.detach().to(at::kDouble).contiguous();
            node.arrays["bias"] = linear->bias.detach().to(at::kDouble);
            graph.nodes.push_back(node);
            shape = {linear->weight.size(0)};
            graph.nodes.push_back(lif_node(node.name + "_lif", lif_at(network, lif_index++), shape, result.dt));
        }
    }
    graph.nodes.push_back(NirNode{"output", "Output", {{"shape", ints(shape)}}, {}});
    for (std::size_t i = 0; i + 1 < graph.nodes.size(); ++i)
        graph.edges.emplace_back(graph.nodes[i].name, graph.nodes[i + 1].name);
    if (config.neuron.reset == ResetMode::Subtract)
        result.warnings.push_back("neuron.reset is subtract, which NIR 1.0 cannot express: the LIF nodes say v_reset = "
                                  "0 and carry metadata/csae_reset = \"subtract\"; csae honours it, other NIR tools "
                                  "will reset to zero instead and their spikes will differ");
    return result;
}

} // namespace csae
