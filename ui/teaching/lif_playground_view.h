#pragma once
// The LIF playground: an input current (constant, step, ramp, noise, a spike train, or drawn
// with the mouse), two neurons side by side with their own beta, threshold, reset and form, each
// one's membrane with the threshold and its spikes, and the firing rate against a constant
// current (the f-I curve) with the closed form drawn over the simulation where one exists. The
// numbers come from the engine through setComputer(); this view only draws. GUI thread only.

#include "ui/teaching/lif_snapshot.h"
#include "ui/teaching/teaching_view.h"

#include <functional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;

namespace csae::ui {

class LifPlaygroundView : public TeachingView {
    Q_OBJECT
public:
    using Computer = std::function<LifSnapshot(const LifRequest&)>;

    explicit LifPlaygroundView(QWidget* parent = nullptr);
    ~LifPlaygroundView() override;

    void setComputer(Computer computer);
    /// Programmatic control (tests, presets); each recomputes at once.
    void setRequest(const LifRequest& request);
    const LifRequest& request() const { return m_request; }
    const LifSnapshot& snapshot() const { return m_snapshot; }

    QCustomPlot* inputPlot() const { return m_inputPlot; }
    QCustomPlot* membranePlot() const { return m_membranePlot; }
    QCustomPlot* ratePlot() const { return m_ratePlot; }
    QString messageText() const;

    void setFontScale(double scale) override;
    /// The membranes drawn step by step, with the spikes as they come.
    bool exportAnimation(const QString& fileName, QString* error) override;
    QString animationName() const override { return QStringLiteral("lif.gif"); }

private:
    struct NeuronControls {
        QSlider* beta = nullptr;
        QSlider* threshold = nullptr;
        QComboBox* reset = nullptr;
        QComboBox* form = nullptr;
        QLabel* betaLabel = nullptr;
        QLabel* thresholdLabel = nullptr;
    };
    QWidget* neuronBox(const QString& title, NeuronControls& controls);
    void readControls();
    void syncControls();
    void recompute();
    void redraw(int upToStep = -1);
    void drawOnInput(QMouseEvent* event);

    Computer m_computer;
    LifRequest m_request;
    LifSnapshot m_snapshot;
    bool m_syncing = false;

    QComboBox* m_waveform = nullptr;
    QSlider* m_amplitude = nullptr;
    QLabel* m_amplitudeLabel = nullptr;
    NeuronControls m_a, m_b;
    QLabel* m_message = nullptr;
    QCustomPlot* m_inputPlot = nullptr;
    QCustomPlot* m_membranePlot = nullptr;
    QCustomPlot* m_ratePlot = nullptr;
};

} // namespace csae::ui
