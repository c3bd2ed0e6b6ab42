#pragma once
// The views' one palette and their colour maps, and image helpers: named colours every view
// uses (train and test series, guides, per-layer series), the diverging map for signed
// weights, the sequential map for fractions, turning floats and spike rasters into QImages,
// and drawing small images crisply. Pure functions:
// callable from any thread (QImage is reentrant), though the views only use them in the GUI thread.

#include "ui/common/snapshots.h"

#include <QColor>
#include <QImage>
#include <QRect>
#include <QVector>

namespace csae::ui {

/// Format_Grayscale8 image of width*height row-major values in [0,1] (0 black, 1 white);
/// values outside are clamped, NaN reads as 0. Null image when the sizes are not positive.
QImage grayscaleImage(const float* values, int width, int height);
/// As above; null image when `values` holds fewer than width*height numbers.
QImage grayscaleImage(const QVector<float>& values, int width, int height);

/// Named colours (Tableau 10 for series, greys for guides), so every view draws a quantity alike.
namespace palette {
/// Training curves (loss, accuracy), and the first of the series colours.
QColor train();
/// Test evaluations.
QColor test();
/// Reference lines (chance level, epoch markers) and their labels.
QColor guide();
QColor guideText();
/// A marked region or cursor drawn over data (the time window, the playing step).
QColor highlight();
/// Distinct colours for the index-th of several series (per-layer graphs), cycling after 10.
QColor series(int index);
} // namespace palette

/// White to dark blue (ColorBrewer "Blues"), t in [0, 1]: a sequential map for fractions,
/// where the diverging map would suggest a sign that is not there. NaN reads as 0.
QRgb sequentialColor(double t);

/// Colour of v on a blue-white-red diverging map: -1 blue, 0 white, +1 red; v is clamped to [-1,1].
QRgb divergingColor(double v);

/// Vertical colour bar of the diverging map, 1 pixel wide and `length` high: +1 at the top.
QImage divergingColorBar(int length);

/// Raster of `raster`: one row per neuron listed in `rows` (all neurons, in order, when empty),
/// one column per time step; a black pixel for a spike on white. Out-of-range rows stay white.
QImage rasterImage(const SpikeRaster& raster, const QVector<int>& rows = {});

/// Spikes at time step `step` (0-based) of the first width*height neurons, row-major, as a
/// white-on-black image (the same polarity as the grayscale original).
QImage spikeFrameImage(const SpikeRaster& raster, int step, int width, int height);

/// Spike rate of the first width*height neurons over steps [0, steps) as a grayscale image:
/// rate 1 (a spike every step) is white. Steps are clamped to the raster.
QImage spikeAverageImage(const SpikeRaster& raster, int steps, int width, int height);

/// The largest rectangle of `size`'s aspect ratio centred in `bounds`.
QRect fittedRect(const QSize& size, const QRect& bounds);

/// True when a raster's spike vector holds all steps*neurons entries (snapshots come from
/// another thread's code; views draw nothing rather than read out of bounds).
bool isConsistent(const SpikeRaster& raster);

} // namespace csae::ui
