#include "app/bridge/surrogate_bridge.h"

#include "model/core/errors.h"
#include "model/teaching/surrogate_lesson.h"

namespace csae {

ui::SurrogateSnapshot compute_surrogate(const ui::SurrogateRequest& request)
{
    ui::SurrogateSnapshot snapshot;
    try {
        SpikeCountTraining training;
        training.initial_weight = request.initialWeight;
        training.target = request.target;
        training.learning_rate = request.learningRate;
        training.iterations = request.iterations;
        for (const auto& [surrogate, name] : choice_table(Surrogate{})) {
            const SurrogateCurve curve = surrogate_curve(surrogate, request.slope);
            if (snapshot.x.isEmpty()) {
                snapshot.x = QVector<double>(curve.x.begin(), curve.x.end());
                snapshot.heaviside = QVector<double>(curve.heaviside.begin(), curve.heaviside.end());
            }
            snapshot.names << QString::fromUtf8(name);
            snapshot.derivative << QVector<double>(curve.derivative.begin(), curve.derivative.end());
            snapshot.smooth << QVector<double>(curve.smooth.begin(), curve.smooth.end());
            if (!request.withTraining)
                continue;
            const SpikeCountHistory history = train_spike_count(training, surrogate, request.slope);
            snapshot.loss << QVector<double>(history.loss.begin(), history.loss.end());
            snapshot.count << QVector<double>(history.count.begin(), history.count.end());
        }
    } catch (const std::exception& error) {
        snapshot = {};
        snapshot.error = QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0);
    }
    return snapshot;
}

} // namespace csae
