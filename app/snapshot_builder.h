#pragma once
// Turns engine tensors into the views' immutable snapshots (QImage and plain vectors).
// Worker thread; every result owns its data (no tensor memory is shared with the views).

#include "model/trainer.h"
#include "ui/snapshots.h"

namespace csae {

/// Grayscale image of a [H, W] tensor, values clamped to [0, scale] and mapped to 0-255.
QImage to_grayscale(const at::Tensor& image, double scale = 1.0);

/// The current sample: intensities [C, H, W] and, for the SAE, its spikes [T, C, H, W]
/// (channel 0 is shown). For the AE the raster holds one step of intensities thresholded at 0.5.
ui::InputSnapshot make_input_snapshot(const at::Tensor& intensities, const at::Tensor& spikes);

/// The first `count` test samples: originals, time-averaged input spikes and the output
/// (time-averaged output spikes for the SAE). Runs the model without gradients.
ui::ReconstructionSnapshot make_reconstructions(Trainer& trainer, int count);

/// Weights of every convolution.
QVector<ui::KernelLayer> make_kernels(const Autoencoder& model);

/// Per-layer activity of one sample: a raster of at most `max_neurons` evenly spaced neurons
/// (with their membrane potentials) and the whole layer's firing rate.
QVector<ui::LayerActivity> make_layer_activity(const std::vector<LayerActivity>& trace, float threshold,
                                               int max_neurons);

} // namespace csae
