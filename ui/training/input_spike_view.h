#pragma once
// The input as spikes: a raster of the input neurons over the T time steps with an animated time
// cursor, the spikes at the cursor as an image, their running average up to the cursor (which
// converges to the original: "From Floats to Spikes") and the original image.

#include "ui/common/snapshots.h"

#include <QTimer>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace csae::ui {

class PixelImageWidget;

/// Input spike raster with a playable time cursor. Cursor t runs over 1..T (0 while there is
/// no input). GUI thread only; child widgets are owned by the view.
class InputSpikeView : public QWidget {
    Q_OBJECT
public:
    /// Which input neurons the raster shows.
    enum class NeuronSelection { All, ImageRow, EveryKth };
    Q_ENUM(NeuronSelection)

    explicit InputSpikeView(QWidget* parent = nullptr);
    ~InputSpikeView() override;

    /// Shows a new sample. The cursor keeps its position (clamped to the new T) and playback
    /// goes on, so a stream of snapshots does not restart the animation.
    void setInput(const InputSnapshot& input);

    /// Which sample is shown, in words (the snapshot's source).
    QString sourceText() const;
    /// Whether "Follow training" is on offer (a chosen test sample is shown).
    bool offersFollowTraining() const;

    /// Time cursor in 1..T, 0 without input.
    int cursor() const { return m_cursor; }
    /// Moves the cursor, clamped to 1..T.
    void setCursor(int t);
    /// T of the current input.
    int steps() const { return m_input.spikes.steps; }

    bool isPlaying() const;
    /// Starts or pauses the animation (it wraps from T back to 1).
    void setPlaying(bool playing);
    /// Animation speed in time steps per second (1..200).
    void setStepsPerSecond(int stepsPerSecond);
    int stepsPerSecond() const;

    /// Chooses the raster's neurons: all; one image row (`parameter` = row); every k-th neuron
    /// (`parameter` = k). The parameter is clamped to the valid range.
    void setNeuronSelection(NeuronSelection selection, int parameter);
    NeuronSelection neuronSelection() const;
    /// Rows of the raster as drawn (neurons selected).
    int rasterRowCount() const { return int(m_rasterImage.height()); }

    /// The animated picture alone at time step t (clamped to 1..T), for GIFs and videos: the
    /// original, the spikes at t and their running average side by side, each pixel drawn as a
    /// `scale` × `scale` block (nearest neighbour), on white, with "t = 5 / 25" under them when
    /// `timeLabel`. Null without input.
    QImage animationFrame(int t, int scale, bool timeLabel) const;

Q_SIGNALS:
    /// The cursor moved (by playback, the slider or setCursor).
    void cursorChanged(int t);
    /// "Follow training": the user wants the sample training is on again, not the chosen one.
    void followTrainingRequested();

private:
    void advance();
    void rebuildRaster();
    void updateCursorViews();
    void updateParameterRange();
    QVector<int> selectedNeurons() const;

    InputSnapshot m_input;
    QImage m_rasterImage;
    int m_cursor = 0;
    QTimer m_playTimer;

    QComboBox* m_selection = nullptr;
    QLabel* m_parameterLabel = nullptr;
    QSpinBox* m_parameter = nullptr;
    PixelImageWidget* m_raster = nullptr;
    PixelImageWidget* m_original = nullptr;
    PixelImageWidget* m_frame = nullptr;
    PixelImageWidget* m_average = nullptr;
    QLabel* m_frameCaption = nullptr;
    QLabel* m_averageCaption = nullptr;
    QPushButton* m_play = nullptr;
    QSpinBox* m_speed = nullptr;
    QSlider* m_scrub = nullptr;
    QLabel* m_timeLabel = nullptr;
    QLabel* m_source = nullptr;      ///< which sample is shown
    QPushButton* m_follow = nullptr; ///< back to training's sample; shown for a chosen one
};

} // namespace csae::ui
