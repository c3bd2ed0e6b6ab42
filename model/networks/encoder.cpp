#include "model/networks/encoder.h"

#include "model/core/errors.h"

#include <torch/nn/modules/conv.h>

#include <string>

namespace csae {

std::vector<std::pair<std::int64_t, std::int64_t>> encoder_sizes(const EncoderOptions& options)
{
    std::vector<std::pair<std::int64_t, std::int64_t>> sizes{{options.height(), options.width()}};
    for (const std::int64_t stride : options.strides()) {
        const auto [h, w] = sizes.back();
        sizes.emplace_back((h + stride - 1) / stride, (w + stride - 1) / stride);
    }
    return sizes;
}

std::int64_t encoder_flat_size(const EncoderOptions& options)
{
    const auto [h, w] = encoder_sizes(options).back();
    const std::int64_t flat = options.channels().back() * h * w;
    if (flat > 4'000'000)
        throw ConfigError("model.channels: the flattened encoder output (" + std::to_string(flat) +
                          " values) is too large for the dense layer after it; add strides or fewer channels");
    return flat;
}

torch::nn::ModuleList make_encoder_convs(const EncoderOptions& options)
{
    const auto& o = options;
    if (o.channels().empty() || o.channels().size() != o.strides().size())
        throw ConfigError("model.strides: need one stride per entry of model.channels");
    if (o.kernel_size() < 1 || o.kernel_size() > 15 || o.kernel_size() % 2 == 0)
        throw ConfigError("model.kernel_size: " + std::to_string(o.kernel_size()) +
                          " is out of range (allowed: odd integer 1-15)");
    torch::nn::ModuleList convs;
    std::int64_t in_channels = o.in_channels();
    for (std::size_t i = 0; i < o.channels().size(); ++i) {
        convs->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, o.channels()[i], o.kernel_size())
                                               .stride(o.strides()[i])
                                               .padding(o.kernel_size() / 2)));
        in_channels = o.channels()[i];
    }
    return convs;
}

} // namespace csae
