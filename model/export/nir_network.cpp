#include "model/export/nir_network.h"

#include "model/core/errors.h"
#include "model/neurons/lif_neuron.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <cmath>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

namespace csae {
namespace {

std::string number_text(double value)
{
    std::ostringstream text;
    text << std::setprecision(17) << value;
    return text.str();
}

std::string shape_text(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

at::Tensor ints(const std::vector<std::int64_t>& values)
{
    return at::tensor(values, at::kLong);
}

std::int64_t product(const std::vector<std::int64_t>& shape)
{
    std::int64_t n = 1;
    for (const std::int64_t d : shape)
        n *= d;
    return n;
}

/// Where the engine keeps each layer of a spiking network, by module path.
struct EngineLayout {
    std::vector<std::string> convs;
    std::vector<std::string> dense;       ///< module paths of the dense layers
    std::vector<std::string> dense_names; ///< their node names: embedding, or hidden and readout
};

EngineLayout engine_layout(const Config& config)
{
    EngineLayout layout;
    const bool classifier = config.model.kind == ModelKind::Classifier;
    for (std::size_t i = 0; i < config.model.channels.size(); ++i)
        layout.convs.push_back((classifier ? "convs." : "encoder_convs.") + std::to_string(i));
    if (classifier) {
        layout.dense = {"dense.0", "dense.1"};
        layout.dense_names = {"hidden", "readout"};
    } else {
        layout.dense = {"dense_layers.0"};
        layout.dense_names = {"embedding"};
    }
    return layout;
}

std::shared_ptr<torch::nn::Module> module_at(const Network& network, const std::string& path)
{
    const auto modules = network.named_modules("", false);
    const auto* found = modules.find(path);
    if (!found)
        throw std::logic_error("nir: the network has no module " + path);
    return *found;
}

LifImpl& lif_at(const Network& network, std::size_t index)
{
    return *module_at(network, "lifs." + std::to_string(index))->as<LifImpl>();
}

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

bool all_equal(const at::Tensor& values)
{
    if (values.numel() <= 1)
        return true;
    const double lowest = values.min().item<double>(), highest = values.max().item<double>();
    return highest - lowest <= 1e-12 * std::max(1.0, std::abs(highest));
}

double single_value(const NirNode& node, const std::string& key, const std::string& where)
{
    const at::Tensor& values = node.array(key);
    if (values.numel() == 0)
        throw DataError(where + ": node \"" + node.name + "\": " + key + " is empty");
    if (!all_equal(values))
        throw DataError(where + ": node \"" + node.name + "\": " + key +
                        " differs between neurons; a csae layer has one value for all its neurons");
    return values.reshape({-1})[0].item<double>();
}

/// The largest size csae accepts along any axis of a NIR shape, and for a whole layer: far above
/// any network it builds, and small enough that no product of sizes overflows.
constexpr std::int64_t kLargestSide = 1 << 16;
constexpr std::int64_t kLargestLayer = std::int64_t(1) << 31;

/// A whole number held as a double, checked before the cast (a huge value would be undefined).
std::int64_t whole_number(double value, std::int64_t lowest, std::int64_t highest, const NirNode& node,
                          const std::string& key, const std::string& where)
{
    if (!(value >= static_cast<double>(lowest) && value <= static_cast<double>(highest)) || value != std::floor(value))
        throw DataError(where + ": node \"" + node.name + "\" (" + node.type + "): " + key + " = " +
                        number_text(value) + " is not a whole number in [" + std::to_string(lowest) + ", " +
                        std::to_string(highest) + "]");
    return static_cast<std::int64_t>(value);
}

/// A parameter that is one whole number (e.g. groups, start_dim), or `fallback` when absent.
std::int64_t scalar_parameter(const NirNode& node, const std::string& key, std::int64_t fallback, std::int64_t lowest,
                              std::int64_t highest, const std::string& where)
{
    const auto found = node.arrays.find(key);
    if (found == node.arrays.end())
        return fallback;
    if (found->second.numel() != 1)
        throw DataError(where + ": node \"" + node.name + "\" (" + node.type + "): " + key +
                        " must be one number, has " + std::to_string(found->second.numel()));
    return whole_number(found->second.reshape({-1})[0].item<double>(), lowest, highest, node, key, where);
}

/// A stride, padding or dilation: one value or one per spatial dimension, equal.
std::pair<std::int64_t, std::int64_t> pair_of(const NirNode& node, const std::string& key, std::int64_t fallback,
                                              const std::string& where)
{
    const auto found = node.arrays.find(key);
    if (found == node.arrays.end())
        return {fallback, fallback};
    const at::Tensor values = found->second.reshape({-1});
    if (values.numel() != 1 && values.numel() != 2)
        throw DataError(where + ": node \"" + node.name + "\": " + key + " needs 1 or 2 values, has " +
                        std::to_string(values.numel()));
    return {whole_number(values[0].item<double>(), 0, kLargestSide, node, key, where),
            whole_number(values[values.numel() - 1].item<double>(), 0, kLargestSide, node, key, where)};
}

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
