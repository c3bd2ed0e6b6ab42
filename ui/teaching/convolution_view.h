#pragma once
// The convolution stepper, after the seed's appendix: X and W editable, the kernel window stepped
// or played over X with the multiply-add of its position written out, Y filling cell by cell;
// stride and padding; then "spiking": X rate-coded, each frame's Y the input current of a LIF
// layer, scrubbed frame by frame. The numbers come from the engine through setComputer().
// GUI thread only.

#include "ui/teaching/convolution_snapshot.h"
#include "ui/teaching/teaching_view.h"

#include <functional>

class QLabel;
class QSlider;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace csae::ui {

class ConvolutionView : public TeachingView {
    Q_OBJECT
public:
    using Computer = std::function<ConvolutionSnapshot(const ConvolutionRequest&)>;

    explicit ConvolutionView(QWidget* parent = nullptr);
    void setComputer(Computer computer);
    void setRequest(const ConvolutionRequest& request);
    const ConvolutionRequest& request() const { return m_request; }
    const ConvolutionSnapshot& snapshot() const { return m_snapshot; }

    /// How many output cells are filled (0 .. all); the last filled one is the window shown.
    int position() const { return m_position; }
    void setPosition(int position);
    void step();
    void setPlaying(bool playing);
    void setFrame(int step); ///< 1-based t of the spiking frames
    /// The multiply-add of the current position, written out.
    QString sumText() const;
    QTableWidget* inputTable() const { return m_x; }
    QTableWidget* outputTable() const { return m_y; }

    void setFontScale(double scale) override;
    /// The window moving over X and Y filling, one frame per position.
    bool exportAnimation(const QString& fileName, QString* error) override;
    QString animationName() const override { return QStringLiteral("convolution.gif"); }

private:
    void readTables();
    void fillEditors();
    void recompute();
    void redraw();

    Computer m_computer;
    ConvolutionRequest m_request;
    ConvolutionSnapshot m_snapshot;
    int m_position = 0;
    int m_frame = 1;
    bool m_syncing = false;
    QTableWidget* m_x = nullptr;
    QTableWidget* m_w = nullptr;
    QTableWidget* m_y = nullptr;
    QSpinBox* m_stride = nullptr;
    QSpinBox* m_padding = nullptr;
    QLabel* m_sum = nullptr;
    QLabel* m_message = nullptr;
    QTimer* m_player = nullptr;
    QTableWidget* m_spikeInput = nullptr;
    QTableWidget* m_spikeCurrent = nullptr;
    QTableWidget* m_spikeOutput = nullptr;
    QSlider* m_frameSlider = nullptr;
    QLabel* m_frameLabel = nullptr;
};

} // namespace csae::ui
