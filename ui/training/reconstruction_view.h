#pragma once
// Reconstructions of fixed test samples: one column per sample; rows original, time-averaged
// input spikes, and the time-averaged output spikes (SAE) or the output (AE).

#include "ui/common/snapshots.h"

#include <QVector>
#include <QWidget>

#include <array>

class QGridLayout;
class QLabel;

namespace csae::ui {

class PixelImageWidget;

/// Grid of original / input / output images, scaled up crisp. GUI thread only; child widgets
/// are owned by the view.
class ReconstructionView : public QWidget {
    Q_OBJECT
public:
    explicit ReconstructionView(QWidget* parent = nullptr);
    ~ReconstructionView() override;

    /// Shows the samples; the number of columns is the largest of the three image lists
    /// (missing images show as empty cells).
    void setReconstructions(const ReconstructionSnapshot& snapshot);

    /// Columns shown.
    int sampleCount() const { return int(m_cells.size()); }
    /// Header of column `column` (0-based): the test sample's index.
    QString columnLabel(int column) const;
    /// Text of row label `row` (0 original, 1 input, 2 output).
    QString rowLabel(int row) const;

private:
    void resizeColumns(int count);

    QGridLayout* m_grid = nullptr;
    QLabel* m_rowLabels[3] = {};
    QVector<QLabel*> m_columnLabels;
    QVector<std::array<PixelImageWidget*, 3>> m_cells; // per sample: original, input, output
    QLabel* m_empty = nullptr;
};

} // namespace csae::ui
