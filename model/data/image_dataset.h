#pragma once
// Datasets as tensors: MNIST / Fashion-MNIST read from IDX files found by the locator, and DVS
// gestures (model/event_dataset.h), whose samples are already spikes.

#include "model/data/dataset_locator.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace csae {

struct ImageDataset {
    at::Tensor images; ///< float32 [N, C, H, W], intensities in [0, 1] (DVS: the time-averaged frames)
    at::Tensor labels; ///< int64 [N], 0-based class indices
    /// DVS input only: binned event frames float32 [N, T, C, H, W] (spikes, or counts when not
    /// clipped). Undefined for image datasets, whose spikes come from the rate encoder.
    at::Tensor spikes;
    /// DVS input only: the time each sample's frames span, microseconds, int64 [N] (T bins of
    /// data.bin_us, cut at the gesture's end; or the whole gesture when data.bin_us is 0).
    at::Tensor durations_us;
    std::vector<std::string> class_names; ///< one per class, index = label
    std::int64_t size() const { return images.size(0); }
    bool events() const { return spikes.defined(); }
};

enum class Split { Train, Test };

/// Reads one split, keeping the first `limit` samples (0: all). Throws DataError naming the
/// file on malformed input; never allocates more than the files can hold.
ImageDataset load_image_split(const DatasetFiles& files, Split split, std::int64_t limit);

} // namespace csae
