#pragma once
// Surrogate gradients: the Heaviside step the forward pass uses and, on the same axes, each
// surrogate's derivative as backward uses it and the smooth step it integrates to, with a slope
// slider; below, one neuron learning a weight to fire a target number of spikes, its loss per
// iteration for each surrogate. The numbers come from the engine through setComputer().
// GUI thread only.

#include "ui/teaching/surrogate_snapshot.h"
#include "ui/teaching/teaching_view.h"

#include <functional>

class QCustomPlot;
class QLabel;
class QSlider;

namespace csae::ui {

class SurrogateView : public TeachingView {
    Q_OBJECT
public:
    using Computer = std::function<SurrogateSnapshot(const SurrogateRequest&)>;

    explicit SurrogateView(QWidget* parent = nullptr);
    void setComputer(Computer computer);
    /// Sets every control and computes everything, the training included, before returning.
    void setRequest(const SurrogateRequest& request);
    const SurrogateRequest& request() const { return m_request; }
    const SurrogateSnapshot& snapshot() const { return m_snapshot; }
    /// Whether a training is waiting to run (it follows a change at the next event-loop turn).
    bool trainingPending() const { return m_trainingPending; }
    QCustomPlot* curvePlot() const { return m_curves; }
    QCustomPlot* lossPlot() const { return m_loss; }

    void setFontScale(double scale) override;
    /// The curves as the slope sweeps from 1 to 50.
    bool exportAnimation(const QString& fileName, QString* error) override;
    QString animationName() const override { return QStringLiteral("surrogates.gif"); }

private:
    void readControls();
    void syncControls();
    void recompute();
    void train();
    void redraw();

    Computer m_computer;
    SurrogateRequest m_request;
    SurrogateSnapshot m_snapshot;
    bool m_syncing = false;
    bool m_trainingPending = false;
    SurrogateSnapshot m_trained; ///< the last training's loss and counts, kept while the next one waits
    QSlider* m_slope = nullptr;
    QSlider* m_weight = nullptr;
    QSlider* m_target = nullptr;
    QSlider* m_rate = nullptr;
    QLabel* m_slopeLabel = nullptr;
    QLabel* m_weightLabel = nullptr;
    QLabel* m_targetLabel = nullptr;
    QLabel* m_rateLabel = nullptr;
    QLabel* m_message = nullptr;
    QCustomPlot* m_curves = nullptr;
    QCustomPlot* m_loss = nullptr;
};

} // namespace csae::ui
