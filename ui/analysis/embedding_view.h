#pragma once
// The embeddings of test samples as a scatter: PCA or UMAP, each point coloured by its label,
// with a legend, the analysis's numbers under it, and the point under the mouse named and, when
// the snapshot carries them, shown as its test sample and reconstruction. A click selects it.

#include "ui/common/snapshots.h"

#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QPushButton;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace csae::ui {

class PixelImageWidget;

/// GUI thread only; children owned by the view.
class EmbeddingView : public QWidget {
    Q_OBJECT
public:
    enum class Projection { Pca, Umap };

    explicit EmbeddingView(QWidget* parent = nullptr);

    /// Shows `snapshot`; an inconsistent one (projections and labels of different lengths) is
    /// refused with a message and the view cleared.
    void setSnapshot(const EmbeddingSnapshot& snapshot);
    const EmbeddingSnapshot& snapshot() const { return m_snapshot; }
    void setProjection(Projection projection);
    Projection projection() const { return m_projection; }

    QCustomPlot* plot() const { return m_plot; }
    /// The text under the plot: the hovered point, or the message why nothing is shown.
    QString readoutText() const;
    /// The index of the point nearest to `position` (widget pixels of the plot) within 12 px; -1 if none.
    int pointAt(const QPointF& position) const;

    /// Writes pca.png/.pdf and umap.png/.pdf into `directory`; the files, or empty and `error`.
    QStringList exportFigures(const QString& directory, QString* error);

    /// Enables the "Compute from the model" button (there is a model to embed) or disables it
    /// with `reason` as its tooltip.
    void setComputeAvailable(bool available, const QString& reason = {});
    /// Shows that a computation is under way (the button is disabled until the next snapshot).
    void setComputing();
    /// Selects point `index` (highlighted, its pictures shown); -1 clears the selection.
    void selectPoint(int index);
    int selectedPoint() const { return m_selected; }
    QPushButton* computeButton() const { return m_compute; }

Q_SIGNALS:
    /// The user asked for the embeddings of the current model.
    void computeRequested();
    /// A point was clicked: its index in the snapshot (test sample `index`).
    void pointSelected(int index);

private:
    void redraw();
    void showReadoutAt(QMouseEvent* event);
    void showPoint(int index);
    QString className(int label) const;

    EmbeddingSnapshot m_snapshot;
    Projection m_projection = Projection::Umap;
    QComboBox* m_choice = nullptr;
    QCustomPlot* m_plot = nullptr;
    QLabel* m_readout = nullptr;
    QPushButton* m_compute = nullptr;
    PixelImageWidget* m_sample = nullptr;
    PixelImageWidget* m_reconstruction = nullptr;
    int m_selected = -1;
    bool m_computeAvailable = false;
};

} // namespace csae::ui
