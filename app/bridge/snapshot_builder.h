#pragma once
#include <QHash>
// Turns engine tensors into the views' immutable snapshots (QImage and plain vectors).
// Worker thread; every result owns its data (no tensor memory is shared with the views).

#include "model/analysis/receptive_fields.h"
#include "model/training/trainer.h"
#include "ui/common/snapshots.h"

namespace csae {

/// Grayscale image of a [H, W] tensor, values clamped to [0, scale] and mapped to 0-255.
QImage to_grayscale(const at::Tensor& image, double scale = 1.0);

/// The current sample: intensities [C, H, W] and, for the SAE, its spikes [T, C, H, W]
/// (channel 0 is shown). For the AE the raster holds one step of intensities thresholded at 0.5.
ui::InputSnapshot make_input_snapshot(const at::Tensor& intensities, const at::Tensor& spikes);

/// `count` test samples from `first` on: originals, time-averaged input spikes and the output
/// (time-averaged output spikes for the SAE). Runs the model without gradients.
ui::ReconstructionSnapshot make_reconstructions(Trainer& trainer, int count, std::int64_t first = 0);

/// The first `samples` test samples (all, when fewer) embedded with the trainer's network, in
/// PCA and UMAP with the probes, trustworthiness and silhouette as a one-line summary, each with
/// its picture and, for autoencoders, its reconstruction. Throws what the analysis throws.
ui::EmbeddingSnapshot make_embedding_snapshot(Trainer& trainer, int samples);

/// A layer's receptive or projective fields for the Receptive fields view, highest rate first
/// (the order csae analyse writes them in), with conv1's kernels when the fields carry them.
ui::FieldSet make_field_set(const ReceptiveFields& fields);

/// Weights of every convolution.
QVector<ui::KernelLayer> make_kernels(const std::vector<ConvKernels>& kernels);

/// The binned frames of one DVS sample [T, C, H, W] as events for the event view: a bin's count
/// at a pixel becomes that many events spread evenly over the bin (channel 0 ON, channel 1 OFF;
/// a single merged channel is shown as ON). `bin_us` is the width of one bin.
ui::EventSnapshot make_event_snapshot(const at::Tensor& frames, double bin_us, const std::string& label);

/// The confusion matrix of a classifier evaluation with the dataset's class names.
ui::ClassifierSnapshot make_classifier_snapshot(const EvalMetrics& metrics, const ImageDataset& data);

/// Per-layer activity of one sample: a raster of at most `max_neurons` evenly spaced neurons
/// (with their membrane potentials), the layer's shape and its firing rate. `pinned` (layer name
/// -> neuron index) puts a neuron the user picked into its layer's raster, in place of the
/// evenly spaced one nearest to it.
QVector<ui::LayerActivity> make_layer_activity(const std::vector<LayerActivity>& trace, float threshold,
                                               int max_neurons, const QHash<QString, int>& pinned = {});

} // namespace csae
