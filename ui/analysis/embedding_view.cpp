#include "ui/analysis/embedding_view.h"

#include "ui/common/color_maps.h"
#include "ui/common/pixel_image_widget.h"
#include "ui/export/view_export.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <limits>

namespace csae::ui {

EmbeddingView::EmbeddingView(QWidget* parent) : QWidget(parent)
{
    m_choice = new QComboBox(this);
    m_choice->addItem(tr("UMAP"), int(Projection::Umap));
    m_choice->addItem(tr("PCA"), int(Projection::Pca));
    connect(m_choice, &QComboBox::activated, this,
            [this](int index) { setProjection(Projection(m_choice->itemData(index).toInt())); });
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(240, 200);
    m_plot->legend->setFont(m_plot->font());
    m_plot->legend->setBrush(QBrush(QColor(255, 255, 255, 210)));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &EmbeddingView::showReadoutAt);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        const int index = pointAt(event->position());
        if (index < 0)
            return;
        selectPoint(index);
        Q_EMIT pointSelected(index);
    });
    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setWordWrap(true);
    m_compute = new QPushButton(tr("Compute from the model"), this);
    connect(m_compute, &QPushButton::clicked, this, [this] {
        setComputing();
        Q_EMIT computeRequested();
    });
    setComputeAvailable(false, tr("No model yet: start or open a run"));
    m_sample = new PixelImageWidget(this);
    m_reconstruction = new PixelImageWidget(this);
    for (PixelImageWidget* picture : {m_sample, m_reconstruction}) {
        picture->setFixedSize(84, 84);
        picture->setPlaceholderText(QStringLiteral("–"));
    }
    m_sample->setToolTip(tr("The test sample under the mouse or selected"));
    m_reconstruction->setToolTip(tr("Its reconstruction by the model that was embedded"));
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Projection:"), this));
    controls->addWidget(m_choice);
    controls->addStretch(1);
    controls->addWidget(m_compute);
    auto* pictures = new QHBoxLayout;
    pictures->addWidget(m_sample);
    pictures->addWidget(m_reconstruction);
    pictures->addWidget(m_readout, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);
    layout->addLayout(pictures);
    markExportPart(m_plot);
    setSnapshot({});
}

QString EmbeddingView::className(int label) const
{
    return label >= 0 && label < m_snapshot.classNames.size() ? m_snapshot.classNames[label] : QString::number(label);
}

void EmbeddingView::setSnapshot(const EmbeddingSnapshot& snapshot)
{
    const qsizetype n = snapshot.labels.size();
    if (snapshot.pca.size() != n || snapshot.umap.size() != n) {
        m_snapshot = {};
        redraw();
        m_readout->setText(tr("Inconsistent embedding: %1 labels, %2 PCA and %3 UMAP points")
                               .arg(n)
                               .arg(snapshot.pca.size())
                               .arg(snapshot.umap.size()));
        return;
    }
    m_snapshot = snapshot;
    if (m_snapshot.samples.size() != n)
        m_snapshot.samples.clear();
    if (m_snapshot.reconstructions.size() != n)
        m_snapshot.reconstructions.clear();
    m_selected = -1;
    // Pictures only where the snapshot has them (computed from a model, not read from csae analyse).
    m_sample->setVisible(!m_snapshot.samples.isEmpty());
    m_reconstruction->setVisible(!m_snapshot.reconstructions.isEmpty());
    redraw();
    showPoint(-1);
    m_readout->setText(snapshot.isEmpty() ? tr("No embeddings yet: Compute from the model, or csae analyse --run DIR "
                                               "--out OUT and File → Open analysis")
                                          : snapshot.summary);
    setComputeAvailable(m_computeAvailable, m_compute->toolTip());
}

void EmbeddingView::setComputeAvailable(bool available, const QString& reason)
{
    m_computeAvailable = available;
    m_compute->setText(tr("Compute from the model"));
    m_compute->setEnabled(available);
    m_compute->setToolTip(available ? tr("Embed test samples with the current model on the training thread "
                                         "(training waits a few seconds)")
                                    : reason);
}

void EmbeddingView::setComputing()
{
    m_compute->setEnabled(false);
    m_compute->setText(tr("Computing…"));
}

void EmbeddingView::selectPoint(int index)
{
    m_selected = index >= 0 && index < m_snapshot.labels.size() ? index : -1;
    redraw();
    showPoint(m_selected);
}

void EmbeddingView::showPoint(int index)
{
    if (index >= 0 && index < m_snapshot.labels.size())
        m_readout->setText(tr("test sample %1: %2").arg(index).arg(className(m_snapshot.labels[index])));
    else if (!m_snapshot.isEmpty())
        m_readout->setText(m_snapshot.summary);
    const bool has = index >= 0 && index < m_snapshot.samples.size();
    m_sample->setImage(has ? m_snapshot.samples[index] : QImage());
    const bool hasReconstruction = index >= 0 && index < m_snapshot.reconstructions.size();
    m_reconstruction->setImage(hasReconstruction ? m_snapshot.reconstructions[index] : QImage());
}

void EmbeddingView::setProjection(Projection projection)
{
    m_projection = projection;
    m_choice->setCurrentIndex(m_choice->findData(int(projection)));
    redraw();
}

void EmbeddingView::redraw()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    const QVector<QPointF>& points = m_projection == Projection::Umap ? m_snapshot.umap : m_snapshot.pca;
    const QString name = m_projection == Projection::Umap ? tr("UMAP") : tr("PCA");
    m_plot->xAxis->setLabel(name + QStringLiteral(" 1"));
    m_plot->yAxis->setLabel(name + QStringLiteral(" 2"));
    int classes = 0;
    for (int label : m_snapshot.labels)
        classes = std::max(classes, label + 1);
    // One graph per class, drawn as dots only: the legend names the classes in their colours.
    for (int label = 0; label < classes; ++label) {
        QVector<double> xs, ys;
        for (qsizetype i = 0; i < points.size(); ++i)
            if (m_snapshot.labels[i] == label) {
                xs << points[i].x();
                ys << points[i].y();
            }
        if (xs.isEmpty())
            continue;
        QCPGraph* graph = m_plot->addGraph();
        graph->setLineStyle(QCPGraph::lsNone);
        QColor colour = palette::series(label);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 4));
        graph->setData(xs, ys);
        graph->setName(className(label));
    }
    m_plot->legend->setVisible(classes > 0 && classes <= 20);
    if (m_selected >= 0 && m_selected < points.size()) {
        // The selected point as a ring over the scatter.
        QCPGraph* ring = m_plot->addGraph();
        ring->setLineStyle(QCPGraph::lsNone);
        ring->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 12));
        ring->setData({points[m_selected].x()}, {points[m_selected].y()});
        ring->removeFromLegend();
    }
    if (points.isEmpty()) {
        auto* label = new QCPItemText(m_plot);
        label->position->setType(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(0.5, 0.5);
        label->setText(tr("No embeddings"));
        label->setColor(palette::guideText());
    } else {
        m_plot->rescaleAxes();
        m_plot->xAxis->scaleRange(1.08);
        m_plot->yAxis->scaleRange(1.08);
    }
    m_plot->replot();
}

int EmbeddingView::pointAt(const QPointF& position) const
{
    const QVector<QPointF>& points = m_projection == Projection::Umap ? m_snapshot.umap : m_snapshot.pca;
    int best = -1;
    double bestDistance = 12.0 * 12.0;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const double dx = m_plot->xAxis->coordToPixel(points[i].x()) - position.x();
        const double dy = m_plot->yAxis->coordToPixel(points[i].y()) - position.y();
        if (dx * dx + dy * dy < bestDistance) {
            bestDistance = dx * dx + dy * dy;
            best = int(i);
        }
    }
    return best;
}

void EmbeddingView::showReadoutAt(QMouseEvent* event)
{
    const int index = pointAt(event->position());
    showPoint(index >= 0 ? index : m_selected);
}

QString EmbeddingView::readoutText() const
{
    return m_readout->text();
}

QStringList EmbeddingView::exportFigures(const QString& directory, QString* error)
{
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = tr("cannot create %1").arg(directory);
        return {};
    }
    const Projection shown = m_projection;
    QStringList written;
    for (const auto& [projection, stem] :
         {std::pair{Projection::Pca, QStringLiteral("pca")}, std::pair{Projection::Umap, QStringLiteral("umap")}}) {
        setProjection(projection);
        for (const char* suffix : {".png", ".pdf"}) {
            const QString file = QDir(directory).filePath(stem + QLatin1String(suffix));
            if (!exportWidget(m_plot, file, error, QSize(800, 700))) {
                setProjection(shown);
                return {};
            }
            written << file;
        }
    }
    setProjection(shown);
    return written;
}

} // namespace csae::ui
