#pragma once
// The rate-coding explorer's numbers from the engine (model/teaching/rate_coding_lesson), as the
// view's snapshot. Synchronous and cheap (a few ms at 28 x 28, T = 100), so a slider's change is
// answered within the frame; GUI thread or any.

#include "ui/teaching/rate_coding_snapshot.h"

#include <QImage>
#include <QVector>

namespace csae {

/// Everything the explorer draws for `request`; a refused setting gives a snapshot whose error
/// is the engine's message (naming the key and the allowed range) and nothing else.
ui::RateCodingSnapshot compute_rate_coding(const ui::RateCodingRequest& request);

/// The first `count` MNIST test images as 28 x 28 grayscale pictures, when MNIST is found where
/// training looks for it; empty (and `why` saying so) when it is not.
QVector<QImage> mnist_test_images(int count, QString* why = nullptr);

} // namespace csae
