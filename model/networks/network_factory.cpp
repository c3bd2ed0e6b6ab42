#include "model/networks/network_factory.h"

#include "model/networks/autoencoder.h"
#include "model/networks/classifier.h"

namespace csae {
namespace {

LifOptions neuron_options(const Config& config)
{
    LifOptions neuron;
    neuron.beta(config.neuron.beta)
        .threshold(config.neuron.threshold)
        .reset(config.neuron.reset)
        .form(config.neuron.form)
        .surrogate(config.neuron.surrogate)
        .slope(config.resolved_slope())
        .learn_beta(config.neuron.learn_beta)
        .learn_threshold(config.neuron.learn_threshold);
    return neuron;
}

} // namespace

std::shared_ptr<Network> make_network(const Config& config, const NetworkInputShape& shape)
{
    if (config.model.kind == ModelKind::Classifier) {
        ClassifierOptions options;
        options.in_channels(shape.channels)
            .height(shape.height)
            .width(shape.width)
            .channels(config.model.channels)
            .strides(config.model.strides)
            .kernel_size(config.model.kernel_size)
            .hidden(config.model.embedding_size)
            .classes(shape.classes)
            .neuron(neuron_options(config));
        return SpikingClassifier(options).ptr();
    }
    AutoencoderOptions options;
    options.in_channels(shape.channels)
        .height(shape.height)
        .width(shape.width)
        .channels(config.model.channels)
        .strides(config.model.strides)
        .kernel_size(config.model.kernel_size)
        .embedding_size(config.model.embedding_size)
        .recurrence(config.model.recurrence)
        .neuron(neuron_options(config));
    auto model = make_autoencoder(config.model.kind == ModelKind::Sae, options);
    model->set_execution(config.train.execution);
    model->set_bfloat16_input_gradients(config.train.gradient_precision == GradientPrecision::BFloat16);
    return model;
}

} // namespace csae
