#include "model/teaching/network_walk.h"

#include "model/core/errors.h"
#include "model/data/rate_encoder.h"
#include "model/networks/network_factory.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>

namespace csae {
namespace {

at::Tensor encode(const Config& config, const at::Tensor& image, std::uint64_t seed)
{
    RateEncoderOptions options;
    options.f_on(config.encoding.f_on).f_off(config.encoding.f_off).dt(config.encoding.dt).steps(config.encoding.steps);
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    return rate_encode(image.to(at::kFloat).unsqueeze(0), options, generator); // [T, 1, C, H, W]
}

} // namespace

std::shared_ptr<Network> untrained_walk_network(const Config& config, const at::Tensor& image, std::uint64_t seed)
{
    if (config.model.kind == ModelKind::Ae)
        throw ConfigError("model.kind: the AE does not spike; the walk needs sae or classifier");
    torch::manual_seed(seed);
    NetworkInputShape shape;
    shape.channels = image.size(0);
    shape.height = image.size(1);
    shape.width = image.size(2);
    auto network = make_network(config, shape);
    network->calibrate(encode(config, image, seed ^ 0xCA11B), config.train.calibration_rate);
    return network;
}

NetworkWalk walk_network(Network& network, const Config& config, const at::Tensor& image, std::uint64_t seed)
{
    if (!network.spiking())
        throw ConfigError("model.kind: the AE does not spike; the walk needs sae or classifier");
    if (image.dim() != 3)
        throw InputError("network walk: the image must be [C, H, W]");
    torch::NoGradGuard no_grad;
    network.eval();
    const at::Tensor input = encode(config, image, seed);
    NetworkWalk walk;
    walk.input_spikes = input.select(1, 0).to(at::kByte).contiguous();
    for (const LayerActivity& activity : network.trace(input, 0)) {
        walk.layers.push_back({activity.name, activity.spikes.to(at::kCPU).to(at::kByte).contiguous()});
        if (activity.name == "output" && network.classes() == 0) {
            const at::Tensor counts = activity.spikes.to(at::kFloat).cumsum(0);
            const at::Tensor steps = at::arange(1, counts.size(0) + 1, at::kFloat).view({-1, 1, 1, 1});
            walk.reconstruction = (counts / steps).contiguous();
        }
    }
    network.train();
    return walk;
}

} // namespace csae
