#include "model/export/nir_parameters.h"

#include "model/core/errors.h"

#include <torch/nn/module.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace csae::nir_detail {

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

} // namespace csae::nir_detail
