#include "app/bridge/convolution_bridge.h"

#include "model/core/errors.h"
#include "model/teaching/convolution_lesson.h"

namespace csae {
namespace {

QVector<double> values_of(const Grid& grid)
{
    return QVector<double>(grid.values.begin(), grid.values.end());
}

} // namespace

ui::ConvolutionRequest seed_convolution_request()
{
    ui::ConvolutionRequest request;
    const Grid x = seed_convolution_input(), w = seed_convolution_kernel();
    request.x = values_of(x);
    request.xRows = x.rows;
    request.xCols = x.cols;
    request.w = values_of(w);
    request.wRows = w.rows;
    request.wCols = w.cols;
    return request;
}

ui::ConvolutionSnapshot compute_convolution(const ui::ConvolutionRequest& request)
{
    ui::ConvolutionSnapshot snapshot;
    const Grid x{request.xRows, request.xCols, std::vector<double>(request.x.begin(), request.x.end())};
    const Grid w{request.wRows, request.wCols, std::vector<double>(request.w.begin(), request.w.end())};
    try {
        const ConvolutionLesson lesson = convolve_for_lesson(x, w, request.stride, request.padding);
        snapshot.y = values_of(lesson.output);
        snapshot.yRows = lesson.output.rows;
        snapshot.yCols = lesson.output.cols;
        for (const ConvolutionPosition& position : lesson.positions)
            snapshot.windows << ui::ConvolutionWindow{
                position.out_row,
                position.out_col,
                position.top,
                position.left,
                QVector<double>(position.inputs.begin(), position.inputs.end()),
                QVector<double>(position.products.begin(), position.products.end()),
                position.sum};
    } catch (const InputError& error) {
        snapshot.error = QString::fromUtf8(error.what());
        return snapshot;
    }
    try {
        RateEncoderOptions encoding;
        encoding.f_on(request.fOn).f_off(0.0).dt(1e-3).steps(request.steps);
        LifOptions neuron;
        neuron.beta(request.beta).threshold(request.threshold).form(MembraneForm::Common);
        const SpikingConvolution spiking =
            spiking_convolution(x, w, request.stride, request.padding, encoding, neuron, request.seed);
        snapshot.steps = int(spiking.spikes.size());
        for (std::size_t t = 0; t < spiking.spikes.size(); ++t) {
            snapshot.inputSpikes << values_of(spiking.input_spikes[t]);
            snapshot.currents << values_of(spiking.currents[t]);
            snapshot.membrane << values_of(spiking.membrane[t]);
            snapshot.spikes << values_of(spiking.spikes[t]);
        }
    } catch (const InputError& error) {
        snapshot.spikingError = QString::fromUtf8(error.what());
    }
    return snapshot;
}

} // namespace csae
