#pragma once
// Image datasets (MNIST, Fashion-MNIST) as tensors, read from IDX files found by the locator.

#include "model/dataset_locator.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace csae {

struct ImageDataset {
    at::Tensor images;  ///< float32 [N, 1, H, W], intensities normalised to [0, 1]
    at::Tensor labels;  ///< int64 [N]
    std::int64_t size() const { return images.size(0); }
};

enum class Split { Train, Test };

/// Reads one split, keeping the first `limit` samples (0: all). Throws DataError naming the
/// file on malformed input; never allocates more than the files can hold.
ImageDataset load_image_split(const DatasetFiles& files, Split split, std::int64_t limit);

} // namespace csae
