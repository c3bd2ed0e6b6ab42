#pragma once
// The network walk: one digit followed through every layer of a spiking network, the spikes of
// each layer at step t (scrub or play), and the output's spikes accumulating into the
// reconstruction. The numbers come from the engine through setComputer(); this view only draws.
// GUI thread only.

#include "ui/teaching/network_walk_snapshot.h"
#include "ui/teaching/teaching_view.h"

#include <QImage>
#include <QVector>

#include <functional>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace csae::ui {

class PixelImageWidget;

class NetworkWalkView : public TeachingView {
    Q_OBJECT
public:
    /// The digit (28 x 28 intensities) and a seed for its spikes -> the walk.
    using Computer = std::function<NetworkWalkSnapshot(const QVector<float>& image, quint64 seed)>;

    explicit NetworkWalkView(QWidget* parent = nullptr);
    void setComputer(Computer computer);
    void setImage(const QVector<float>& image);
    /// Walks the current digit again (after the network changed).
    void refresh();
    void setStep(int step); ///< 1-based t
    int step() const { return m_step; }
    void setPlaying(bool playing);
    const NetworkWalkSnapshot& snapshot() const { return m_snapshot; }
    /// The layer pictures shown, one per layer, input side first.
    int layerPictureCount() const { return int(m_layerPictures.size()); }
    QImage layerPicture(int index) const;
    QImage reconstructionPicture() const;

    void setFontScale(double scale) override;
    /// Every step: the layers' spikes and the reconstruction so far.
    bool exportAnimation(const QString& fileName, QString* error) override;
    QString animationName() const override { return QStringLiteral("network-walk.gif"); }
    /// Offers "Walk the studio's model" (when the lesson was opened from the studio).
    void setLiveModelOffered(bool offered);
    bool liveModelOffered() const;

Q_SIGNALS:
    /// The user asked to walk a trained run instead (the window asks for its directory).
    void openRunRequested();
    /// The user asked to walk the model the studio holds now (offered by setLiveModelOffered).
    void liveModelRequested();

private:
    void rebuildLayerWidgets();
    void redraw();

    Computer m_computer;
    QVector<float> m_image;
    NetworkWalkSnapshot m_snapshot;
    quint64 m_seed = 1;
    int m_step = 1;
    QComboBox* m_digit = nullptr;
    QLabel* m_model = nullptr;
    QPushButton* m_live = nullptr;
    QLabel* m_message = nullptr;
    QSlider* m_stepSlider = nullptr;
    QLabel* m_stepLabel = nullptr;
    QTimer* m_player = nullptr;
    QGridLayout* m_layerGrid = nullptr;
    QVector<PixelImageWidget*> m_layerPictures;
    QVector<QLabel*> m_layerLabels;
    PixelImageWidget* m_original = nullptr;
    PixelImageWidget* m_input = nullptr;
    PixelImageWidget* m_reconstruction = nullptr;
};

} // namespace csae::ui
