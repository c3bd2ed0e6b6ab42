#pragma once
// The rate-coding explorer ("From Floats to Spikes"): draw a digit or pick one, set f_on, f_off,
// dt and T, and see every pixel's spike train, the frame at a chosen t, the counts, a clicked
// pixel's running average converging to p and its count over many re-draws against
// Binomial(T, p), and a second setting side by side ("disparity acts as contrast"). The numbers
// come from the engine through the function given to setComputer(); this view only draws.
// GUI thread only; children owned by the view.

#include "ui/teaching/rate_coding_snapshot.h"
#include "ui/teaching/teaching_view.h"

#include <QImage>
#include <QVector>
#include <QWidget>

#include <functional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace csae::ui {

class DrawingCanvas;
class PixelImageWidget;

class RateCodingView : public TeachingView {
    Q_OBJECT
public:
    using Computer = std::function<RateCodingSnapshot(const RateCodingRequest&)>;

    explicit RateCodingView(QWidget* parent = nullptr);
    ~RateCodingView() override;

    /// The engine behind the view; every change of the request calls it synchronously.
    void setComputer(Computer computer);
    /// MNIST test images to pick from (28 x 28 grayscale); empty hides the choice.
    void setTestImages(const QVector<QImage>& images);

    /// Programmatic control (tests, presets): each recomputes at once.
    void setSetting(const RateCodingSetting& setting);
    void setComparison(double fOn, double fOff);
    void setImage(const QVector<float>& intensities); ///< 28 x 28, row-major, in [0, 1]
    void showBuiltInDigit(int digit);
    void selectPixel(int pixel);
    void setFrameStep(int step); ///< 1-based t of the frame view
    int frameStep() const { return m_frameStep; }

    const RateCodingRequest& request() const { return m_request; }
    const RateCodingSnapshot& snapshot() const { return m_snapshot; }
    /// The constraint line under the sliders: f <= 1/dt, or the engine's message in red.
    QString constraintText() const;
    DrawingCanvas* canvas() const { return m_canvas; }
    QCustomPlot* averagePlot() const { return m_averagePlot; }
    QCustomPlot* histogramPlot() const { return m_histogramPlot; }

    void setFontScale(double scale) override;
    /// The frames t = 1..T beside the running average so far, as an animated GIF for slides.
    bool exportAnimation(const QString& fileName, QString* error) override;
    QString animationName() const override { return QStringLiteral("rate-coding.gif"); }

private:
    void recompute();
    void redraw();
    void syncControls();
    QImage frameImage(int step) const;

    Computer m_computer;
    RateCodingRequest m_request;
    RateCodingSnapshot m_snapshot;
    QVector<QImage> m_testImages;
    int m_frameStep = 10;
    bool m_syncing = false;

    DrawingCanvas* m_canvas = nullptr;
    QComboBox* m_digit = nullptr;
    QSpinBox* m_testImage = nullptr;
    QLabel* m_testImageLabel = nullptr;
    QSlider* m_fOn = nullptr;
    QSlider* m_fOff = nullptr;
    QSlider* m_dt = nullptr;
    QSlider* m_steps = nullptr;
    QSlider* m_fOnB = nullptr;
    QSlider* m_fOffB = nullptr;
    QLabel* m_fOnLabel = nullptr;
    QLabel* m_fOffLabel = nullptr;
    QLabel* m_dtLabel = nullptr;
    QLabel* m_stepsLabel = nullptr;
    QLabel* m_fOnBLabel = nullptr;
    QLabel* m_fOffBLabel = nullptr;
    QLabel* m_constraint = nullptr;
    PixelImageWidget* m_raster = nullptr;
    PixelImageWidget* m_frame = nullptr;
    QSlider* m_frameSlider = nullptr;
    QLabel* m_frameLabel = nullptr;
    PixelImageWidget* m_counts = nullptr;
    PixelImageWidget* m_comparisonA = nullptr;
    PixelImageWidget* m_comparisonB = nullptr;
    QLabel* m_comparisonALabel = nullptr;
    QLabel* m_comparisonBLabel = nullptr;
    QLabel* m_pixelLabel = nullptr;
    QCustomPlot* m_averagePlot = nullptr;
    QCustomPlot* m_histogramPlot = nullptr;
};

/// A 28 x 28 canvas to draw on: the left button paints with a soft round brush, the right one
/// erases. Emits changed() as the stroke goes and pixelClicked() for a click with Ctrl (or after
/// setPickMode(true)), which selects a pixel instead of painting.
class DrawingCanvas : public QWidget {
    Q_OBJECT
public:
    explicit DrawingCanvas(QWidget* parent = nullptr);
    void setIntensities(const QVector<float>& values);
    const QVector<float>& intensities() const { return m_values; }
    void clear();
    void setPickMode(bool pick) { m_pick = pick; }
    void setMarkedPixel(int pixel);
    /// The canvas pixel under a widget position; -1 outside.
    int pixelAt(const QPointF& position) const;
    QSize sizeHint() const override { return QSize(196, 196); }

Q_SIGNALS:
    void changed();
    void pixelClicked(int pixel);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void paintAt(const QPointF& position, bool erase);
    QRect imageRect() const;

    QVector<float> m_values = QVector<float>(28 * 28, 0.0f);
    int m_marked = -1;
    bool m_pick = false;
};

/// A digit 0-9 drawn with the application's font into 28 x 28 intensities in [0, 1], centred
/// and blurred a little like MNIST's, for when MNIST is not present.
QVector<float> builtInDigit(int digit);

} // namespace csae::ui
