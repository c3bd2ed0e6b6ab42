#include "ui/training/reconstruction_view.h"

#include "ui/common/pixel_image_widget.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace csae::ui {

ReconstructionView::ReconstructionView(QWidget* parent) : QWidget(parent)
{
    m_grid = new QGridLayout;
    m_grid->setSpacing(4);
    const QString labels[3] = {tr("Original"), tr("Input spikes\n(time average)"), tr("Output spikes\n(time average)")};
    for (int row = 0; row < 3; ++row) {
        m_rowLabels[row] = new QLabel(labels[row], this);
        m_rowLabels[row]->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_grid->addWidget(m_rowLabels[row], row + 1, 0);
        m_grid->setRowStretch(row + 1, 1);
    }
    m_empty = new QLabel(tr("No reconstructions yet"), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_grid, 1);
    layout->addWidget(m_empty);
}

ReconstructionView::~ReconstructionView() = default;

void ReconstructionView::setReconstructions(const ReconstructionSnapshot& snapshot)
{
    const int count =
        int(std::max({snapshot.originals.size(), snapshot.inputAverages.size(), snapshot.outputs.size()}));
    resizeColumns(count);
    m_rowLabels[2]->setText(snapshot.spiking ? tr("Output spikes\n(time average)") : tr("Output"));
    const QVector<QImage>* rows[3] = {&snapshot.originals, &snapshot.inputAverages, &snapshot.outputs};
    for (int column = 0; column < count; ++column) {
        for (int row = 0; row < 3; ++row) {
            const QVector<QImage>& images = *rows[row];
            m_cells[column][row]->setImage(column < images.size() ? images[column] : QImage());
        }
    }
    // The headers name the test samples (the Embedding view counts them the same way).
    for (int column = 0; column < count; ++column)
        m_columnLabels[column]->setText(tr("#%1").arg(snapshot.first + column));
    m_empty->setVisible(count == 0);
}

QString ReconstructionView::columnLabel(int column) const
{
    return column >= 0 && column < m_columnLabels.size() ? m_columnLabels[column]->text() : QString();
}

QString ReconstructionView::rowLabel(int row) const
{
    return row >= 0 && row < 3 ? m_rowLabels[row]->text() : QString();
}

void ReconstructionView::resizeColumns(int count)
{
    // Cells are kept between snapshots: the sample set is fixed, so this runs once in practice.
    while (m_cells.size() > count) {
        for (PixelImageWidget* cell : m_cells.takeLast()) {
            delete cell;
        }
        delete m_columnLabels.takeLast();
        m_grid->setColumnStretch(int(m_cells.size()) + 1, 0);
    }
    while (m_cells.size() < count) {
        const int column = int(m_cells.size()) + 1;
        auto* header = new QLabel(this);
        header->setAlignment(Qt::AlignCenter);
        m_grid->addWidget(header, 0, column);
        m_columnLabels.append(header);
        std::array<PixelImageWidget*, 3> cells{};
        for (int row = 0; row < 3; ++row) {
            cells[row] = new PixelImageWidget(this);
            cells[row]->setPlaceholderText(QString());
            cells[row]->setMinimumSize(42, 42);
            m_grid->addWidget(cells[row], row + 1, column);
        }
        m_grid->setColumnStretch(column, 1);
        m_cells.append(cells);
    }
    for (QLabel* label : m_rowLabels) {
        label->setVisible(count > 0);
    }
}

} // namespace csae::ui
