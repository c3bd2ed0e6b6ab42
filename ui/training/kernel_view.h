#pragma once
// Convolution kernels of one layer as a grid of small images on a diverging blue-white-red
// map centred on zero, with a colour bar giving the numeric range.

#include "ui/common/snapshots.h"

#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;

namespace csae::ui {

class KernelCanvas;

/// Kernel grid with a layer selector. Layers with several input channels show, per output
/// channel, the mean over input channels or one chosen input channel. The colour range is
/// symmetric, ±max|w| over the whole layer, so colours compare across kernels. Kernel images
/// are rebuilt only when data or selection change; painting just scales them.
/// GUI thread only; child widgets are owned by the view.
class KernelView : public QWidget {
    Q_OBJECT
public:
    explicit KernelView(QWidget* parent = nullptr);
    ~KernelView() override;

    /// Replaces the layers. The selected layer is kept by name (else the first is shown), and
    /// so is the input-channel choice where the layer still has that channel.
    void setKernels(const QVector<KernelLayer>& layers);

    /// Name of the layer shown ("" when none).
    QString currentLayer() const;
    /// Selects a layer by name; returns false (and changes nothing) when there is none such.
    bool setCurrentLayer(const QString& name);
    /// Input channel shown per output channel; -1 means the mean over input channels.
    int inputChannel() const;
    void setInputChannel(int channel);

    /// Kernel images of the current layer (one per output channel).
    int kernelImageCount() const;
    /// Half-width of the colour range, max|w| of the current layer (0 when there is none).
    double colorRange() const { return m_range; }

private:
    void layerChanged();
    void rebuildImages();

    QVector<KernelLayer> m_layers;
    double m_range = 0.0;
    int m_imageCount = 0;
    QComboBox* m_layer = nullptr;
    QLabel* m_channelLabel = nullptr;
    QSpinBox* m_channel = nullptr;
    QLabel* m_info = nullptr;
    KernelCanvas* m_canvas = nullptr;
};

} // namespace csae::ui
