#include "ui/analysis/receptive_field_view.h"

#include "ui/common/color_maps.h"
#include "ui/common/pixel_image_widget.h"
#include "ui/export/view_export.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSpinBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

namespace csae::ui {
namespace {

// One channel of a field on the diverging map, scaled to its own largest |value|.
QImage fieldImage(const float* values, int width, int height, double* largest)
{
    double scale = 0.0;
    for (int i = 0; i < width * height; ++i)
        if (std::isfinite(values[i]))
            scale = std::max(scale, std::abs(double(values[i])));
    if (largest)
        *largest = scale;
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const float v = values[y * width + x];
            line[x] = divergingColor(scale > 0.0 && std::isfinite(v) ? v / scale : 0.0);
        }
    }
    return image;
}

bool consistent(const FieldSet& set)
{
    const qsizetype size = qsizetype(set.channels.size()) * set.width * set.height;
    if (set.width < 1 || set.height < 1 || set.channels.isEmpty())
        return set.neurons.isEmpty();
    for (const FieldSet::Neuron& neuron : set.neurons)
        if (neuron.values.size() != size)
            return false;
    const KernelLayer& k = set.kernels;
    return k.weights.isEmpty() || k.weights.size() == qsizetype(k.outChannels) * k.inChannels * k.size * k.size;
}

} // namespace

/// The grid: each cell a field (and its kernel beside it, when given) with its rate beneath.
class FieldGridCanvas : public QWidget {
public:
    struct Cell {
        QImage field;
        QImage kernel; ///< null when there is none
        QString caption;
    };

    explicit FieldGridCanvas(QWidget* parent) : QWidget(parent)
    {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        setMinimumSize(200, 150);
    }

    void setCells(QVector<Cell> cells, QString placeholder)
    {
        m_cells = std::move(cells);
        m_placeholder = std::move(placeholder);
        update();
    }
    void setSelected(int index)
    {
        m_selected = index;
        update();
    }
    std::function<void(int)> onClicked;

    QSize sizeHint() const override { return QSize(420, 320); }

    int cellAt(const QPoint& position) const
    {
        const Layout layout = computeLayout();
        if (layout.cell <= 0 || position.x() < 0 || position.y() < 0)
            return -1;
        const int column = position.x() / layout.cellWidth, row = position.y() / layout.cellHeight;
        const int index = row * layout.columns + column;
        return column < layout.columns && index < m_cells.size() ? index : -1;
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.fillRect(rect(), palette().color(QPalette::Base));
        if (m_cells.isEmpty()) {
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
            return;
        }
        const Layout layout = computeLayout();
        if (layout.cell < 4)
            return;
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false); // crisp pixels
        const QFontMetrics metrics = fontMetrics();
        for (int i = 0; i < m_cells.size(); ++i) {
            const int x = (i % layout.columns) * layout.cellWidth, y = (i / layout.columns) * layout.cellHeight;
            const QRect fieldRect(x + 2, y + 2, layout.cell, layout.cell);
            painter.drawImage(fittedRect(m_cells[i].field.size(), fieldRect), m_cells[i].field);
            painter.setPen(QColor(160, 160, 160));
            painter.drawRect(fieldRect.adjusted(0, 0, -1, -1));
            if (layout.pairs && !m_cells[i].kernel.isNull()) {
                const QRect kernelRect(x + 4 + layout.cell, y + 2, layout.cell, layout.cell);
                painter.drawImage(fittedRect(m_cells[i].kernel.size(), kernelRect), m_cells[i].kernel);
                painter.drawRect(kernelRect.adjusted(0, 0, -1, -1));
            }
            if (layout.captions) {
                painter.setPen(palette().color(QPalette::WindowText));
                const QRect captionRect(x, y + 2 + layout.cell, layout.cellWidth, metrics.height());
                painter.drawText(captionRect, Qt::AlignHCenter | Qt::AlignTop,
                                 metrics.elidedText(m_cells[i].caption, Qt::ElideRight, layout.cellWidth - 2));
            }
            if (i == m_selected) {
                painter.setPen(QPen(palette::highlight(), 2));
                painter.drawRect(QRect(x + 1, y + 1, layout.cellWidth - 2, layout.cellHeight - 2));
            }
        }
    }

    void mousePressEvent(QMouseEvent* event) override
    {
        const int index = cellAt(event->position().toPoint());
        if (index >= 0 && onClicked)
            onClicked(index);
    }

private:
    struct Layout {
        int columns = 1;
        int cell = 0; ///< side of one picture
        int cellWidth = 0;
        int cellHeight = 0;
        bool pairs = false;
        bool captions = false;
    };

    // The column count that makes the pictures largest; a caption row only where it fits.
    Layout computeLayout() const
    {
        Layout best, bestCaptioned;
        const int n = int(m_cells.size());
        const bool pairs = n > 0 && !m_cells.front().kernel.isNull();
        const int captionHeight = fontMetrics().height();
        for (int columns = 1; columns <= n; ++columns) {
            const int rows = (n + columns - 1) / columns;
            for (const bool captions : {true, false}) {
                const int widthPerCell = width() / columns - 4;
                const int byWidth = pairs ? (widthPerCell - 2) / 2 : widthPerCell;
                const int byHeight = height() / rows - 4 - (captions ? captionHeight : 0);
                const int cell = std::min(byWidth, byHeight);
                if (captions && cell < 28)
                    continue; // captions only under pictures large enough to be read with them
                Layout& candidate = captions ? bestCaptioned : best;
                if (cell > candidate.cell) {
                    candidate = {
                        columns, cell,    (pairs ? 2 * cell + 2 : cell) + 4, cell + 4 + (captions ? captionHeight : 0),
                        pairs,   captions};
                }
            }
        }
        // The rates under the fields are worth a little of their size.
        return bestCaptioned.cell > 0 ? bestCaptioned : best;
    }

    QVector<Cell> m_cells;
    QString m_placeholder;
    int m_selected = -1;
};

ReceptiveFieldView::ReceptiveFieldView(QWidget* parent) : QWidget(parent)
{
    m_kindChoice = new QComboBox(this);
    m_kindChoice->addItem(tr("Receptive fields (spike-triggered averages)"), int(Kind::Receptive));
    m_kindChoice->addItem(tr("Projective fields (embedding neurons)"), int(Kind::Projective));
    m_kindChoice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_kindChoice, &QComboBox::activated, this,
            [this](int index) { setKind(Kind(m_kindChoice->itemData(index).toInt())); });
    m_channelChoice = new QComboBox(this);
    m_channelChoice->setToolTip(tr("The input channel shown: DVS input has ON, OFF and their difference"));
    connect(m_channelChoice, &QComboBox::activated, this, [this](int index) { setChannel(index); });
    m_info = new QLabel(this);
    m_info->setWordWrap(true);
    m_canvas = new FieldGridCanvas(this);
    m_canvas->onClicked = [this](int index) { selectField(index); };
    m_large = new PixelImageWidget(this);
    m_large->setMinimumSize(120, 120);
    m_large->setPlaceholderText(tr("Click a field"));
    m_detail = new QLabel(this);
    m_detail->setWordWrap(true);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_layerChoice = new QComboBox(this);
    m_layerChoice->setToolTip(tr("The layer whose receptive fields are computed"));
    m_samples = new QSpinBox(this);
    m_samples->setRange(10, 10000);
    m_samples->setValue(2000);
    m_samples->setSingleStep(500);
    m_samples->setToolTip(tr("Test samples the fields average over (at most the test set)"));
    m_ridge = new QDoubleSpinBox(this);
    m_ridge->setRange(0.0, 10.0);
    m_ridge->setDecimals(3);
    m_ridge->setSingleStep(0.01);
    m_ridge->setValue(0.0);
    m_ridge->setToolTip(tr("Ridge whitening: 0 shows the plain spike-triggered average; about 0.01-0.1 "
                           "removes MNIST's pixel correlations"));
    m_compute = new QPushButton(this);
    connect(m_compute, &QPushButton::clicked, this, [this] {
        if (m_layerChoice->currentIndex() < 0)
            return;
        setComputing();
        Q_EMIT computeRequested(m_layerChoice->currentText(), m_samples->value(), m_ridge->value());
    });
    setComputeAvailable(false, tr("No model yet: start or open a run"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_kindChoice);
    controls->addWidget(new QLabel(tr("Channel:"), this));
    controls->addWidget(m_channelChoice);
    controls->addStretch(1);
    auto* compute = new QHBoxLayout;
    compute->addWidget(new QLabel(tr("Layer:"), this));
    compute->addWidget(m_layerChoice);
    compute->addWidget(new QLabel(tr("Samples:"), this));
    compute->addWidget(m_samples);
    compute->addWidget(new QLabel(tr("Ridge:"), this));
    compute->addWidget(m_ridge);
    compute->addWidget(m_compute);
    compute->addStretch(1);
    auto* side = new QVBoxLayout;
    side->addWidget(m_large, 1);
    side->addWidget(m_detail);
    auto* body = new QHBoxLayout;
    body->addWidget(m_canvas, 3);
    body->addLayout(side, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(compute);
    layout->addWidget(m_info);
    layout->addLayout(body, 1);
    markExportPart(m_info);
    markExportPart(m_canvas);
    rebuild();
}

ReceptiveFieldView::~ReceptiveFieldView() = default;

void ReceptiveFieldView::setFieldLayers(const QStringList& layers)
{
    if (layers == fieldLayers())
        return;
    const QString chosen = m_layerChoice->currentText();
    m_layerChoice->clear();
    m_layerChoice->addItems(layers);
    const int keep = int(layers.indexOf(chosen));
    m_layerChoice->setCurrentIndex(keep >= 0 ? keep : int(layers.indexOf(QStringLiteral("conv1"))));
    if (m_layerChoice->currentIndex() < 0 && !layers.isEmpty())
        m_layerChoice->setCurrentIndex(0);
    setComputeAvailable(m_computeAvailable, m_compute->toolTip());
}

QStringList ReceptiveFieldView::fieldLayers() const
{
    QStringList layers;
    for (int i = 0; i < m_layerChoice->count(); ++i)
        layers << m_layerChoice->itemText(i);
    return layers;
}

void ReceptiveFieldView::setComputeAvailable(bool available, const QString& reason)
{
    m_computeAvailable = available;
    const bool enabled = available && m_layerChoice->count() > 0;
    m_compute->setText(tr("Compute from the model"));
    m_compute->setEnabled(enabled);
    m_compute->setToolTip(enabled ? tr("Compute the fields with the current model on the training thread "
                                       "(training waits for it)")
                                  : reason);
}

void ReceptiveFieldView::setComputing()
{
    m_compute->setEnabled(false);
    m_compute->setText(tr("Computing…"));
}

void ReceptiveFieldView::setComputeFailed(const QString& message)
{
    setComputeAvailable(m_computeAvailable, m_compute->toolTip());
    m_info->setText(tr("Computing the fields failed: %1").arg(message));
}

QWidget* ReceptiveFieldView::canvas() const
{
    return m_canvas;
}

const FieldSet& ReceptiveFieldView::current() const
{
    return m_kind == Kind::Receptive ? m_snapshot.receptive : m_snapshot.projective;
}

void ReceptiveFieldView::setSnapshot(const ReceptiveFieldSnapshot& snapshot)
{
    m_snapshot = snapshot;
    m_message.clear();
    for (FieldSet* set : {&m_snapshot.receptive, &m_snapshot.projective})
        if (!consistent(*set)) {
            m_message = tr("Fields of %1 dropped: their sizes do not match %2 channels of %3×%4")
                            .arg(set->layer)
                            .arg(set->channels.size())
                            .arg(set->width)
                            .arg(set->height);
            *set = {};
        }
    if (current().isEmpty() && !(m_kind == Kind::Receptive ? m_snapshot.projective : m_snapshot.receptive).isEmpty())
        m_kind = m_kind == Kind::Receptive ? Kind::Projective : Kind::Receptive;
    m_selected = current().isEmpty() ? -1 : 0;
    m_channel = std::clamp(m_channel, 0, std::max(0, int(current().channels.size()) - 1));
    rebuild();
    // The layer choice names what is shown (a computed result, or csae analyse's files).
    if (const int shown = m_layerChoice->findText(m_snapshot.receptive.layer); shown >= 0)
        m_layerChoice->setCurrentIndex(shown);
    setComputeAvailable(m_computeAvailable, m_compute->toolTip()); // a computation's result ends "Computing…"
}

void ReceptiveFieldView::setKind(Kind kind)
{
    m_kind = kind;
    m_selected = current().isEmpty() ? -1 : 0;
    m_channel = std::clamp(m_channel, 0, std::max(0, int(current().channels.size()) - 1));
    rebuild();
}

void ReceptiveFieldView::setChannel(int channel)
{
    m_channel = std::clamp(channel, 0, std::max(0, int(current().channels.size()) - 1));
    rebuild();
}

void ReceptiveFieldView::selectField(int index)
{
    m_selected = index >= 0 && index < current().neurons.size() ? index : -1;
    rebuild();
}

int ReceptiveFieldView::fieldAt(const QPoint& canvasPosition) const
{
    return m_canvas->cellAt(canvasPosition);
}

QString ReceptiveFieldView::detailText() const
{
    return m_detail->text();
}

QString ReceptiveFieldView::infoText() const
{
    return m_info->text();
}

void ReceptiveFieldView::rebuild()
{
    const FieldSet& set = current();
    m_kindChoice->setCurrentIndex(m_kindChoice->findData(int(m_kind)));
    m_channelChoice->clear();
    m_channelChoice->addItems(set.channels);
    m_channelChoice->setCurrentIndex(m_channel);
    m_channelChoice->setEnabled(set.channels.size() > 1);
    const QLocale locale;
    const int pixels = set.width * set.height;
    const bool withKernels =
        m_kind == Kind::Receptive && set.kernels.outChannels == set.neurons.size() && !set.kernels.weights.isEmpty();
    QVector<FieldGridCanvas::Cell> cells;
    QVector<float> kernelChannel;
    for (const FieldSet::Neuron& neuron : set.neurons) {
        FieldGridCanvas::Cell cell;
        cell.field =
            fieldImage(neuron.values.constData() + qsizetype(m_channel) * pixels, set.width, set.height, nullptr);
        if (withKernels) {
            // The kernel's input channel matching the shown one; the derived ON - OFF shows ON minus OFF.
            const KernelLayer& k = set.kernels;
            const int area = k.size * k.size;
            const float* weights = k.weights.constData() + qsizetype(neuron.index) * k.inChannels * area;
            kernelChannel.resize(area);
            for (int i = 0; i < area; ++i)
                kernelChannel[i] = m_channel < k.inChannels ? weights[m_channel * area + i]
                                   : k.inChannels >= 2      ? weights[i] - weights[area + i]
                                                            : weights[i];
            cell.kernel = fieldImage(kernelChannel.constData(), k.size, k.size, nullptr);
        }
        cell.caption = locale.toString(neuron.rate, 'f', 3);
        cells << cell;
    }
    const QString missing =
        m_kind == Kind::Receptive
            ? tr("No receptive fields yet: Compute from the model, or csae analyse --run DIR --out OUT "
                 "and File → Open analysis")
            : tr("No projective fields: only autoencoders have a decoder to draw them");
    m_canvas->setCells(cells, m_message.isEmpty() ? missing : m_message);
    m_canvas->setSelected(m_selected);

    if (set.isEmpty()) {
        m_info->setText(m_message);
    } else {
        const QString what =
            m_kind == Kind::Projective
                ? tr("Projective fields of %1 embedding neurons: the decoder's output when one alone is driven")
                      .arg(set.neurons.size())
            : set.perChannel ? tr("STAs of %1's %2 channels, cut to its %3×%4 window")
                                   .arg(set.layer)
                                   .arg(set.neurons.size())
                                   .arg(set.width)
                                   .arg(set.height)
                             : tr("STAs of %1's %2 neurons").arg(set.layer).arg(set.neurons.size());
        QString how = tr("over %1 test samples; each field scaled to its largest |value|; sorted by firing rate")
                          .arg(set.samples);
        if (set.ridge > 0)
            how += tr("; ridge-whitened (%1)").arg(locale.toString(set.ridge, 'g', 3));
        if (withKernels)
            how += tr("; each STA beside its kernel");
        if (set.channels.size() > 1) // DVS: say which polarity the pictures are
            how += tr("; input %1").arg(set.channels.value(m_channel));
        m_info->setText(what + QStringLiteral(", ") + how);
    }
    if (m_selected >= 0 && m_selected < set.neurons.size()) {
        const FieldSet::Neuron& neuron = set.neurons[m_selected];
        double largest = 0.0;
        m_large->setImage(
            fieldImage(neuron.values.constData() + qsizetype(m_channel) * pixels, set.width, set.height, &largest));
        const QString unit = m_kind == Kind::Projective ? tr("embedding rate %1") : tr("rate %1 spikes per step");
        m_detail->setText(tr("%1 %2: %3, %4 spikes; largest |value| %5")
                              .arg(set.perChannel ? tr("channel") : tr("neuron"))
                              .arg(neuron.index)
                              .arg(unit.arg(locale.toString(neuron.rate, 'f', 4)))
                              .arg(locale.toString(neuron.spikes, 'f', 0))
                              .arg(locale.toString(largest, 'g', 3)));
    } else {
        m_large->setImage({});
        m_detail->clear();
    }
}

QStringList ReceptiveFieldView::exportFigures(const QString& directory, QString* error)
{
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = tr("cannot create %1").arg(directory);
        return {};
    }
    const Kind shown = m_kind;
    QStringList written;
    for (const auto& [kind, stem] : {std::pair{Kind::Receptive, QStringLiteral("receptive_fields")},
                                     std::pair{Kind::Projective, QStringLiteral("projective_fields")}}) {
        if ((kind == Kind::Receptive ? m_snapshot.receptive : m_snapshot.projective).isEmpty())
            continue;
        setKind(kind);
        const int shownChannel = m_channel;
        // The figure of the channel on show, and for DVS input one per polarity (ON, OFF, ON - OFF).
        std::vector<std::pair<int, QString>> figures{{shownChannel, stem}};
        const QStringList channels = current().channels;
        if (channels.size() > 1)
            for (int c = 0; c < channels.size(); ++c)
                figures.emplace_back(
                    c, stem + QLatin1Char('_') +
                           channels[c].toLower().replace(QStringLiteral(" - "), QStringLiteral("_minus_")));
        for (const auto& [channel, name] : figures) {
            setChannel(channel);
            for (const char* suffix : {".png", ".pdf"}) {
                const QString file = QDir(directory).filePath(name + QLatin1String(suffix));
                if (!exportWidget(this, file, error)) {
                    setChannel(shownChannel);
                    setKind(shown);
                    return {};
                }
                written << file;
            }
        }
        setChannel(shownChannel);
    }
    setKind(shown);
    return written;
}

} // namespace csae::ui
