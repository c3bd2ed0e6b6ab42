// NIR graphs back into csae networks: their configuration, then their parameters.
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

Config config_from_nir(const NirGraph& graph, Config base, double dt, const std::string& where)
{
    const NirChain chain = check_nir_chain(graph, where);
    const auto at_node = [&](const NirNode& node, const std::string& what) {
        throw DataError(where + ": node \"" + node.name + "\" (" + node.type + "): " + what);
    };
    std::vector<std::int64_t> channels, strides, dense_sizes;
    std::int64_t kernel = 0;
    std::vector<const NirNode*> neurons;
    bool neuron_expected = false; // csae puts exactly one LIF layer after each weight layer
    for (std::size_t i = 1; i < chain.nodes.size(); ++i) {
        const NirNode& node = *chain.nodes[i];
        const bool neuron = node.type == "LIF" || node.type == "IF";
        if (neuron_expected != neuron)
            at_node(node, neuron_expected ? "csae follows every weight layer with one LIF layer; here " + node.type +
                                                " follows " + chain.nodes[i - 1]->name
                                          : "a neuron layer that does not follow a weight layer; csae puts exactly one "
                                            "after each Conv2d and Affine");
        neuron_expected = false;
        if (node.type == "Conv2d") {
            if (!dense_sizes.empty())
                at_node(node, "a convolution after a dense layer is not a network csae builds");
            const at::Tensor& weight = node.array("weight");
            const std::int64_t k = weight.size(2);
            if (weight.size(3) != k || k % 2 == 0)
                at_node(node, "csae's kernels are square and odd, this one is " + std::to_string(weight.size(2)) + "x" +
                                  std::to_string(weight.size(3)));
            if (kernel != 0 && k != kernel)
                at_node(node, "kernel " + std::to_string(k) + " differs from the first convolution's " +
                                  std::to_string(kernel) + "; csae uses one kernel size");
            kernel = k;
            const auto [sh, sw] = pair_of(node, "stride", 1, where);
            const auto [ph, pw] = pair_of(node, "padding", 0, where);
            const auto [dh, dw] = pair_of(node, "dilation", 1, where);
            if (sh != sw || ph != k / 2 || pw != k / 2 || dh != 1 || dw != 1)
                at_node(node, "csae's convolutions have equal strides, padding kernel / 2 and no dilation");
            channels.push_back(weight.size(0));
            strides.push_back(sh);
            neuron_expected = true;
        } else if (node.type == "Affine") {
            dense_sizes.push_back(node.array("weight").size(0));
            neuron_expected = true;
        } else if (node.type == "Linear") {
            at_node(node, "csae's dense layers have a bias (Affine), not Linear");
        } else if (neuron) {
            neurons.push_back(&node);
            if (node.arrays.contains("v_reset") && single_value(node, "v_reset", where) != 0.0)
                at_node(node, "v_reset is not 0; csae resets to 0 or by subtraction");
            if (node.type == "LIF" && single_value(node, "v_leak", where) != 0.0)
                at_node(node, "v_leak is not 0; csae's neurons leak towards 0");
        }
    }
    if (channels.empty())
        throw DataError(where + ": no Conv2d node; csae imports a convolutional encoder or classifier");
    if (dense_sizes.empty() || dense_sizes.size() > 2)
        throw DataError(where + ": " + std::to_string(dense_sizes.size()) +
                        " Affine nodes; csae imports an SAE encoder (one, the embedding) or a classifier (two: hidden "
                        "and readout)");
    // Every layer's r must fit one form and every layer must reset alike: a csae network has one
    // form and one reset. The first layer's beta and threshold set the config; load_nir_parameters
    // sets each layer's own.
    const auto form_of = [&](const NirNode& neuron) -> std::string {
        const double r = single_value(neuron, "r", where);
        if (neuron.type == "IF") {
            if (std::abs(r * dt - 1.0) < 1e-9)
                return "common";
            at_node(neuron, "r = " + number_text(r) + " does not fit csae's IF neuron at dt = " + number_text(dt) +
                                " (r = 1 / dt = " + number_text(1.0 / dt) + ")");
        }
        const double beta = 1.0 - dt / single_value(neuron, "tau", where);
        if (std::abs(r - 1.0) < 1e-9)
            return "seed";
        if (std::abs(r * (1.0 - beta) - 1.0) < 1e-9)
            return "common";
        at_node(neuron, "r = " + number_text(r) + " fits neither csae form at dt = " + number_text(dt) +
                            " (seed: 1, common: 1 / (1 - beta) = " + number_text(1.0 / (1.0 - beta)) + ")");
        return {};
    };
    const auto reset_of = [](const NirNode& neuron) -> std::string {
        const auto reset = neuron.texts.find("metadata/csae_reset");
        return reset != neuron.texts.end() && reset->second == "subtract" ? "subtract" : "zero";
    };
    const NirNode& neuron = *neurons.front();
    const std::string form = form_of(neuron), reset_mode = reset_of(neuron);
    for (const NirNode* other : neurons) {
        if (form_of(*other) != form)
            at_node(*other, "its form differs from " + neuron.name + "'s (" + form + "); a csae network has one form");
        if (reset_of(*other) != reset_mode)
            at_node(*other, "its reset differs from " + neuron.name + "'s (" + reset_mode + ")");
    }
    const double beta = neuron.type == "IF" ? 1.0 : 1.0 - dt / single_value(neuron, "tau", where);

    const auto list = [](const std::vector<std::int64_t>& values) {
        std::string text = "[";
        for (std::size_t i = 0; i < values.size(); ++i)
            text += (i ? "," : "") + std::to_string(values[i]);
        return text + "]";
    };
    try {
        base.set("model.kind", dense_sizes.size() == 2 ? "classifier" : "sae");
        base.set("model.channels", list(channels));
        base.set("model.strides", list(strides));
        base.set("model.kernel_size", std::to_string(kernel));
        base.set("model.embedding_size", std::to_string(dense_sizes.front()));
        base.set("model.recurrence", "none");
        base.set("neuron.beta", number_text(beta));
        base.set("neuron.threshold", number_text(single_value(neuron, "v_threshold", where)));
        base.set("neuron.form", form);
        base.set("neuron.reset", reset_mode);
        base.set("encoding.dt", number_text(dt));
        base.validate();
    } catch (const ConfigError& error) {
        throw DataError(where + ": the graph describes a network csae cannot build: " + error.what());
    }
    return base;
}

void load_nir_parameters(const NirGraph& graph, Network& network, double dt, const std::string& where)
{
    const NirChain chain = check_nir_chain(graph, where);
    const bool classifier = network.classes() > 0;
    Config layout_config;
    layout_config.model.kind = classifier ? ModelKind::Classifier : ModelKind::Sae;
    std::size_t conv_count = 0;
    for (const NirNode* node : chain.nodes)
        conv_count += node->type == "Conv2d";
    layout_config.model.channels.assign(conv_count, 0);
    const EngineLayout layout = engine_layout(layout_config);
    const auto copy_into = [&](at::Tensor& target, const at::Tensor& source, const NirNode& node,
                               const std::string& key) {
        at::Tensor values = source;
        if (values.numel() == 1 && target.numel() != 1)
            values = values.reshape({}).expand(target.sizes());
        if (values.sizes() != target.sizes())
            throw DataError(where + ": node \"" + node.name + "\": " + key + " " +
                            shape_text({values.sizes().begin(), values.sizes().end()}) +
                            " does not fit the network built for this dataset, which needs " +
                            shape_text({target.sizes().begin(), target.sizes().end()}));
        target.copy_(values.to(target.scalar_type()));
    };
    at::NoGradGuard no_grad;
    std::size_t conv = 0, dense = 0, lif = 0;
    for (const NirNode* node : chain.nodes) {
        if (node->type == "Conv2d" || node->type == "Affine") {
            const bool is_conv = node->type == "Conv2d";
            if ((is_conv && conv >= layout.convs.size()) || (!is_conv && dense >= layout.dense.size()))
                throw DataError(where + ": node \"" + node->name + "\": one layer more than the network has");
            auto module = module_at(network, is_conv ? layout.convs[conv++] : layout.dense[dense++]);
            at::Tensor weight =
                is_conv ? module->as<torch::nn::Conv2dImpl>()->weight : module->as<torch::nn::LinearImpl>()->weight;
            at::Tensor bias =
                is_conv ? module->as<torch::nn::Conv2dImpl>()->bias : module->as<torch::nn::LinearImpl>()->bias;
            copy_into(weight, node->array("weight"), *node, "weight");
            if (bias.defined())
                copy_into(bias, node->arrays.contains("bias") ? node->array("bias") : at::zeros({1}, at::kDouble),
                          *node, "bias");
        } else if (node->type == "LIF" || node->type == "IF") {
            LifImpl& layer = lif_at(network, lif++);
            const double beta = node->type == "IF" ? 1.0 : 1.0 - dt / single_value(*node, "tau", where);
            if (!(beta > 0.0 && beta <= 1.0))
                throw DataError(where + ": node \"" + node->name + "\": tau gives beta = " + number_text(beta) +
                                " at dt = " + number_text(dt) + ", outside (0, 1]");
            layer.beta.copy_(at::scalar_tensor(beta, at::kDouble).to(layer.beta.scalar_type()));
            layer.threshold.copy_(at::scalar_tensor(single_value(*node, "v_threshold", where), at::kDouble)
                                      .to(layer.threshold.scalar_type()));
        }
    }
    if (conv != layout.convs.size() || dense != layout.dense.size())
        throw DataError(where + ": the graph has fewer layers than the network built from it");
}

} // namespace csae
