#pragma once
// A layer's receptive fields (spike-triggered averages) or the embedding's projective fields as
// a grid sorted by firing rate, on the shared diverging map, each field scaled to its own largest
// |value|; conv1's kernels beside their STAs; a click shows one field large with its rate.

#include "ui/common/snapshots.h"

#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace csae::ui {

class FieldGridCanvas;
class PixelImageWidget;

/// GUI thread only; children owned by the view.
class ReceptiveFieldView : public QWidget {
    Q_OBJECT
public:
    enum class Kind { Receptive, Projective };

    explicit ReceptiveFieldView(QWidget* parent = nullptr);
    ~ReceptiveFieldView() override;

    /// Shows `snapshot`; a set whose fields do not match its shape is dropped with a message.
    void setSnapshot(const ReceptiveFieldSnapshot& snapshot);
    void setKind(Kind kind);
    Kind kind() const { return m_kind; }
    /// The input channel shown (an index into the set's channels).
    void setChannel(int channel);
    int channel() const { return m_channel; }
    /// Selects the index-th field of the grid (rate order) for the large view; -1 for none.
    void selectField(int index);
    int selectedField() const { return m_selected; }
    /// The caption of the large view: the neuron, its rate and spikes.
    QString detailText() const;
    /// The text above the grid: what is shown and how it is scaled, or why nothing is.
    QString infoText() const;
    /// The grid's index under a point of the canvas; -1 if none (for tests).
    int fieldAt(const QPoint& canvasPosition) const;
    QWidget* canvas() const;

    /// The layers "Compute from the model" offers (from the current model's snapshots); the
    /// choice is kept when it is still among them.
    void setFieldLayers(const QStringList& layers);
    QStringList fieldLayers() const;
    /// Enables "Compute from the model", or disables it with `reason` as its tooltip.
    void setComputeAvailable(bool available, const QString& reason = {});
    /// Shows that a computation is under way (the button waits until a result or a failure).
    void setComputing();
    /// A failed computation: the message above the grid; the fields shown stay.
    void setComputeFailed(const QString& message);

    /// Writes receptive_fields.png/.pdf and, when present, projective_fields.png/.pdf.
    QStringList exportFigures(const QString& directory, QString* error);

Q_SIGNALS:
    /// "Compute from the model" for `layer` over `samples` test samples, whitened with `ridge` (0: plain STA).
    void computeRequested(const QString& layer, int samples, double ridge);

private:
    const FieldSet& current() const;
    void rebuild();

    ReceptiveFieldSnapshot m_snapshot;
    Kind m_kind = Kind::Receptive;
    int m_channel = 0;
    int m_selected = -1;
    QComboBox* m_kindChoice = nullptr;
    QComboBox* m_channelChoice = nullptr;
    QComboBox* m_layerChoice = nullptr;
    QSpinBox* m_samples = nullptr;
    QDoubleSpinBox* m_ridge = nullptr;
    QPushButton* m_compute = nullptr;
    bool m_computeAvailable = false;
    QLabel* m_info = nullptr;
    FieldGridCanvas* m_canvas = nullptr;
    PixelImageWidget* m_large = nullptr;
    QLabel* m_detail = nullptr;
    QString m_message;
};

} // namespace csae::ui
