#pragma once
// The embeddings of test samples as a scatter: PCA or UMAP, each point coloured by its label,
// with a legend, the analysis's numbers in the title, and the point under the mouse named.

#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace csae::ui {

/// What the view draws: two projections of the same samples, and the analysis's numbers.
struct EmbeddingSnapshot {
    QVector<QPointF> pca;
    QVector<QPointF> umap;
    QVector<int> labels;    ///< one per point, 0-based
    QStringList classNames; ///< may be empty: the labels are shown as numbers
    QString summary;        ///< one line: probes, trustworthiness, silhouette
    bool isEmpty() const { return labels.isEmpty(); }
};

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

private:
    void redraw();
    void showReadoutAt(QMouseEvent* event);
    QString className(int label) const;

    EmbeddingSnapshot m_snapshot;
    Projection m_projection = Projection::Umap;
    QComboBox* m_choice = nullptr;
    QCustomPlot* m_plot = nullptr;
    QLabel* m_readout = nullptr;
};

} // namespace csae::ui
