#include "model/networks/network_factory.h"

#include "model/kernels/gradient_precision.h"

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

EncoderOptions encoder_options(const Config& config, const NetworkInputShape& shape)
{
    EncoderOptions options;
    options.in_channels(shape.channels)
        .height(shape.height)
        .width(shape.width)
        .channels(config.model.channels)
        .strides(config.model.strides)
        .kernel_size(config.model.kernel_size)
        .neuron(neuron_options(config));
    return options;
}

} // namespace

std::shared_ptr<Network> make_network(const Config& config, const NetworkInputShape& shape)
{
    if (config.model.kind == ModelKind::Classifier) {
        ClassifierOptions options;
        options.encoder(encoder_options(config, shape)).hidden(config.model.embedding_size).classes(shape.classes);
        return SpikingClassifier(options).ptr();
    }
    AutoencoderOptions options;
    options.encoder(encoder_options(config, shape))
        .embedding_size(config.model.embedding_size)
        .recurrence(config.model.recurrence);
    auto model = make_autoencoder(config.model.kind == ModelKind::Sae, options);
    model->set_execution(config.train.execution);
    model->set_bfloat16_input_gradients(resolve_gradient_precision(config.train.gradient_precision).bfloat16());
    return model;
}

} // namespace csae
