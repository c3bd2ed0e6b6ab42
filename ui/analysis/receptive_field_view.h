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
class QLabel;

namespace csae::ui {

class FieldGridCanvas;
class PixelImageWidget;

/// One file of fields, as csae analyse writes it (receptive_fields.json, projective_fields.json).
struct FieldSet {
    struct Neuron {
        int index = 0;
        double rate = 0.0;     ///< spikes per neuron and step (AE: the mean activation)
        double spikes = 0.0;   ///< spikes the field averages
        QVector<float> values; ///< channels x height x width, row-major
    };
    QString layer;
    bool perChannel = false; ///< a convolution: one field per channel
    QStringList channels;    ///< "intensity", or "ON", "OFF", "ON - OFF"
    int width = 0;
    int height = 0;
    int samples = 0;
    double ridge = 0.0;
    QVector<Neuron> neurons; ///< highest rate first
    KernelLayer kernels;     ///< conv1's weights, shown beside its STAs; empty otherwise
    bool isEmpty() const { return neurons.isEmpty(); }
};

struct ReceptiveFieldSnapshot {
    FieldSet receptive;
    FieldSet projective;
};

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

    /// Writes receptive_fields.png/.pdf and, when present, projective_fields.png/.pdf.
    QStringList exportFigures(const QString& directory, QString* error);

private:
    const FieldSet& current() const;
    void rebuild();

    ReceptiveFieldSnapshot m_snapshot;
    Kind m_kind = Kind::Receptive;
    int m_channel = 0;
    int m_selected = -1;
    QComboBox* m_kindChoice = nullptr;
    QComboBox* m_channelChoice = nullptr;
    QLabel* m_info = nullptr;
    FieldGridCanvas* m_canvas = nullptr;
    PixelImageWidget* m_large = nullptr;
    QLabel* m_detail = nullptr;
    QString m_message;
};

} // namespace csae::ui
