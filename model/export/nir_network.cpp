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

const std::set<std::string>& known_types()
{
    static const std::set<std::string> types{"Input", "Output", "Conv2d", "Affine", "Linear", "Flatten", "LIF", "IF"};
    return types;
}

/// The LIF or IF dynamics of a node as the float32 tensors the simulation steps with.
struct NeuronStep {
    at::Tensor beta, drive, threshold, leak, reset_value;
    bool subtract = false;
    bool leaks = false; ///< v_leak is not 0 somewhere
};

NeuronStep neuron_step(const NirNode& node, double dt)
{
    NeuronStep step;
    const double node_dt = [&] {
        const auto found = node.texts.find("metadata/csae_dt");
        if (found == node.texts.end())
            return dt;
        try {
            return std::stod(found->second);
        } catch (const std::exception&) {
            return dt;
        }
    }();
    const at::Tensor r = node.array("r");
    at::Tensor beta64;
    if (node.type == "IF") {
        beta64 = at::ones_like(r);
        step.drive = (node_dt * r).to(at::kFloat);
        step.leak = at::zeros_like(r).to(at::kFloat);
    } else {
        const at::Tensor tau = node.array("tau");
        beta64 = 1.0 - node_dt / tau;
        // 1 - beta from the float beta, as the engine's float arithmetic has it (dt/tau is 1 - beta).
        const at::Tensor beta32 = beta64.to(at::kFloat);
        step.drive = ((1.0 - beta32.to(at::kDouble)) * r).to(at::kFloat);
        step.leak = ((node_dt / tau) * node.array("v_leak")).to(at::kFloat);
    }
    step.leaks = (step.leak != 0).any().item<bool>();
    step.beta = beta64.to(at::kFloat);
    step.threshold = node.array("v_threshold").to(at::kFloat);
    const auto reset = node.arrays.find("v_reset");
    step.reset_value = reset == node.arrays.end() ? at::zeros_like(step.threshold) : reset->second.to(at::kFloat);
    const auto mode = node.texts.find("metadata/csae_reset");
    step.subtract = mode != node.texts.end() && mode->second == "subtract";
    return step;
}

} // namespace

NirChain check_nir_chain(const NirGraph& graph, const std::string& where)
{
    const auto fail = [&](const std::string& what) { throw DataError(where + ": " + what); };
    const auto at_node = [&](const NirNode& node, const std::string& what) {
        fail("node \"" + node.name + "\" (" + node.type + "): " + what);
    };
    std::string known;
    for (const auto& type : known_types())
        known += (known.empty() ? "" : ", ") + type;
    const NirNode* input = nullptr;
    for (const NirNode& node : graph.nodes) {
        if (!known_types().contains(node.type))
            fail("node \"" + node.name + "\" has the type \"" + node.type + "\", which csae cannot read (it reads " +
                 known + ")");
        for (const auto& [key, array] : node.arrays)
            if (array.numel() > 0 && !at::isfinite(array).all().item<bool>())
                at_node(node, key + " is not finite");
        if (node.type == "Input") {
            if (input)
                fail("more than one Input node (\"" + input->name + "\", \"" + node.name + "\")");
            input = &node;
        }
    }
    if (!input)
        fail("no Input node");
    std::map<std::string, std::string> next;
    for (const auto& [source, target] : graph.edges) {
        for (const std::string* end : {&source, &target})
            if (!graph.find(*end))
                fail("the edge " + source + " -> " + target + " names \"" + *end + "\", which is not a node");
        if (next.contains(source))
            fail("node \"" + source + "\" branches (to \"" + next[source] + "\" and \"" + target +
                 "\"); csae reads chains only");
        next[source] = target;
    }

    NirChain chain;
    const NirNode* node = input;
    std::vector<std::int64_t> shape;
    std::set<std::string> seen;
    while (true) {
        if (!seen.insert(node->name).second)
            fail("node \"" + node->name + "\" is reached twice: the graph has a cycle");
        if (node->type == "Input") {
            const at::Tensor& dims = node->array("shape");
            if (dims.dim() != 1 || dims.numel() != 3)
                at_node(*node, "shape must be [C, H, W], is " +
                                   shape_text(std::vector<std::int64_t>(dims.sizes().begin(), dims.sizes().end())));
            for (std::int64_t i = 0; i < 3; ++i)
                shape.push_back(whole_number(dims[i].item<double>(), 1, 4096, *node, "shape", where));
        } else if (node->type == "Conv2d") {
            const at::Tensor& weight = node->array("weight");
            if (shape.size() != 3)
                at_node(*node, "its input " + shape_text(shape) + " is not [C, H, W]");
            if (weight.dim() != 4)
                at_node(*node, "weight must be [out, in, kh, kw], is " +
                                   shape_text({weight.sizes().begin(), weight.sizes().end()}));
            if (scalar_parameter(*node, "groups", 1, 1, kLargestSide, where) != 1)
                at_node(*node, "groups is not 1; csae reads groups = 1 only");
            for (std::int64_t d = 0; d < 4; ++d)
                if (weight.size(d) < 1 || weight.size(d) > kLargestSide)
                    at_node(*node, "weight has the implausible size " +
                                       shape_text({weight.sizes().begin(), weight.sizes().end()}));
            if (weight.size(1) != shape[0])
                at_node(*node, "weight takes " + std::to_string(weight.size(1)) + " input channels, but its input " +
                                   shape_text(shape) + " has " + std::to_string(shape[0]));
            if (node->arrays.contains("bias") && node->array("bias").numel() != 1 &&
                node->array("bias").numel() != weight.size(0))
                at_node(*node, "bias has " + std::to_string(node->array("bias").numel()) + " values for " +
                                   std::to_string(weight.size(0)) + " output channels");
            const auto [sh, sw] = pair_of(*node, "stride", 1, where);
            const auto [ph, pw] = pair_of(*node, "padding", 0, where);
            const auto [dh, dw] = pair_of(*node, "dilation", 1, where);
            if (sh < 1 || sw < 1 || dh < 1 || dw < 1)
                at_node(*node, "stride and dilation must be at least 1");
            const std::int64_t h = (shape[1] + 2 * ph - dh * (weight.size(2) - 1) - 1) / sh + 1;
            const std::int64_t w = (shape[2] + 2 * pw - dw * (weight.size(3) - 1) - 1) / sw + 1;
            if (h < 1 || w < 1)
                at_node(*node, "its kernel does not fit its input " + shape_text(shape));
            if (h > kLargestSide || w > kLargestSide || weight.size(0) * h * w > kLargestLayer)
                at_node(*node, "its output would be implausibly large");
            shape = {weight.size(0), h, w};
        } else if (node->type == "Flatten") {
            const auto rank = static_cast<std::int64_t>(shape.size());
            auto start = scalar_parameter(*node, "start_dim", 0, -8, 8, where);
            auto end = scalar_parameter(*node, "end_dim", -1, -8, 8, where);
            if (start < 0)
                start += rank;
            if (end < 0)
                end += rank;
            if (start < 0 || end >= rank || start > end)
                at_node(*node, "start_dim and end_dim do not fit its input " + shape_text(shape));
            std::vector<std::int64_t> flat(shape.begin(), shape.begin() + start);
            flat.push_back(product({shape.begin() + start, shape.begin() + end + 1}));
            flat.insert(flat.end(), shape.begin() + end + 1, shape.end());
            shape = flat;
        } else if (node->type == "Affine" || node->type == "Linear") {
            const at::Tensor& weight = node->array("weight");
            if (weight.dim() != 2)
                at_node(*node,
                        "weight must be [out, in], is " + shape_text({weight.sizes().begin(), weight.sizes().end()}));
            if (weight.size(0) < 1 || weight.size(0) > kLargestLayer)
                at_node(*node, "weight has the implausible size " +
                                   shape_text({weight.sizes().begin(), weight.sizes().end()}));
            if (shape.size() != 1 || weight.size(1) != shape[0])
                at_node(*node, "weight takes " + std::to_string(weight.size(1)) + " inputs, but its input is " +
                                   shape_text(shape));
            if (node->type == "Affine" && node->array("bias").numel() != weight.size(0))
                at_node(*node, "bias has " + std::to_string(node->array("bias").numel()) + " values for " +
                                   std::to_string(weight.size(0)) + " outputs");
            shape = {weight.size(0)};
        } else if (node->type == "LIF" || node->type == "IF") {
            std::vector<std::string> keys{"r", "v_threshold"};
            if (node->type == "LIF")
                keys.insert(keys.end(), {"tau", "v_leak"});
            for (const std::string& key : keys) {
                const std::int64_t n = node->array(key).numel();
                if (n != 1 && n != product(shape))
                    at_node(*node, key + " has " + std::to_string(n) + " values for " + std::to_string(product(shape)) +
                                       " neurons " + shape_text(shape));
            }
            if (node->type == "LIF" && (node->array("tau") <= 0).any().item<bool>())
                at_node(*node, "tau must be positive");
        } else if (node->type == "Output") {
            if (node->arrays.contains("shape") && node->array("shape").numel() > 0) {
                const at::Tensor dims = node->array("shape").reshape({-1});
                if (dims.numel() > 8)
                    at_node(*node, "shape has more than 8 axes");
                std::vector<std::int64_t> declared;
                std::int64_t n = 1;
                for (std::int64_t i = 0; i < dims.numel(); ++i) {
                    declared.push_back(whole_number(dims[i].item<double>(), 1, kLargestLayer, *node, "shape", where));
                    if (__builtin_mul_overflow(n, declared.back(), &n))
                        at_node(*node, "shape is implausibly large");
                }
                if (n != product(shape))
                    at_node(*node,
                            "shape " + shape_text(declared) + " does not match what reaches it, " + shape_text(shape));
            }
        }
        chain.nodes.push_back(node);
        chain.shapes.push_back(shape);
        if (node->type == "Output")
            break;
        const auto found = next.find(node->name);
        if (found == next.end())
            at_node(*node, "no edge leaves it and it is not the Output");
        node = graph.find(found->second);
    }
    for (const NirNode& other : graph.nodes)
        if (!seen.contains(other.name))
            fail("node \"" + other.name + "\" is not on the path from the Input to the Output");
    return chain;
}

at::Tensor simulate_nir(const NirGraph& graph, const at::Tensor& input, double dt, const std::string& where)
{
    const NirChain chain = check_nir_chain(graph, where);
    const std::vector<std::int64_t>& input_shape = chain.shapes.front();
    if (input.dim() != 5 || input.size(2) != input_shape[0] || input.size(3) != input_shape[1] ||
        input.size(4) != input_shape[2])
        throw DataError(where + ": the input " + shape_text({input.sizes().begin(), input.sizes().end()}) +
                        " is not [T, B] + " + shape_text(input_shape));
    at::NoGradGuard no_grad;
    std::vector<NeuronStep> neurons(chain.nodes.size());
    std::vector<at::Tensor> membranes(chain.nodes.size());
    for (std::size_t i = 0; i < chain.nodes.size(); ++i)
        if (chain.nodes[i]->type == "LIF" || chain.nodes[i]->type == "IF") {
            neurons[i] = neuron_step(*chain.nodes[i], dt);
            for (at::Tensor* value : {&neurons[i].beta, &neurons[i].drive, &neurons[i].threshold, &neurons[i].leak,
                                      &neurons[i].reset_value})
                if (value->numel() > 1)
                    *value = value->reshape(chain.shapes[i]);
                else
                    *value = value->reshape({});
        }
    std::vector<at::Tensor> outputs;
    for (std::int64_t t = 0; t < input.size(0); ++t) {
        at::Tensor x = input[t].to(at::kFloat);
        for (std::size_t i = 1; i < chain.nodes.size(); ++i) {
            const NirNode& node = *chain.nodes[i];
            if (node.type == "Conv2d") {
                const auto [sh, sw] = pair_of(node, "stride", 1, where);
                const auto [ph, pw] = pair_of(node, "padding", 0, where);
                const auto [dh, dw] = pair_of(node, "dilation", 1, where);
                const at::Tensor weight = node.array("weight").to(at::kFloat);
                at::Tensor bias;
                if (node.arrays.contains("bias"))
                    bias = node.array("bias").to(at::kFloat).reshape({-1}).expand({weight.size(0)}).contiguous();
                x = at::conv2d(x, weight, bias, {sh, sw}, {ph, pw}, {dh, dw}, 1);
            } else if (node.type == "Flatten") {
                std::vector<std::int64_t> shape{x.size(0)};
                shape.insert(shape.end(), chain.shapes[i].begin(), chain.shapes[i].end());
                x = x.reshape(shape);
            } else if (node.type == "Affine") {
                x = at::linear(x, node.array("weight").to(at::kFloat), node.array("bias").to(at::kFloat));
            } else if (node.type == "Linear") {
                x = at::linear(x, node.array("weight").to(at::kFloat));
            } else if (node.type == "LIF" || node.type == "IF") {
                const NeuronStep& n = neurons[i];
                // The same float arithmetic, in the same order, as the engine's lif_step; it fires at
                // u > threshold (NIR) where the engine fires at u >= threshold.
                at::Tensor u = n.drive * x;
                if (membranes[i].defined())
                    u = n.beta * membranes[i] + u;
                if (n.leaks)
                    u = u + n.leak;
                const at::Tensor spikes = (u > n.threshold).to(at::kFloat);
                membranes[i] = n.subtract ? u - spikes * n.threshold : at::where(spikes > 0, n.reset_value, u);
                x = spikes;
            }
        }
        outputs.push_back(x);
    }
    return at::stack(outputs);
}

double nir_time_step(const NirGraph& graph, double fallback)
{
    for (const NirNode& node : graph.nodes) {
        const auto found = node.texts.find("metadata/csae_dt");
        if (found != node.texts.end()) {
            try {
                const double dt = std::stod(found->second);
                if (std::isfinite(dt) && dt > 0.0)
                    return dt;
            } catch (const std::exception&) {
            }
        }
    }
    return fallback;
}

} // namespace csae
