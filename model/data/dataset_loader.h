#pragma once
// Loads the training and test splits a configuration asks for: images from IDX files (found by
// the dataset locator) or DVS gestures binned into frames (real recordings, or the synthetic
// gestures generated on first use), with the binned-sample cache.

#include "model/config/config.h"
#include "model/data/event_dataset.h"
#include "model/data/image_dataset.h"

#include <filesystem>

namespace csae {

struct LoadedData {
    ImageDataset train;
    ImageDataset test;
    EventCacheReport cache_report; ///< DVS input: how the cache served the recordings
};

/// The event binning data.* and encoding.steps describe.
EventBinningOptions binning_options(const Config& config);

/// Both splits of config.data (data.limit and data.test_limit applied). `project_data_dir` is
/// searched after data.root and $CSAE_DATA. Throws DataError naming the file or directories.
LoadedData load_data(const Config& config, const std::filesystem::path& project_data_dir);

} // namespace csae
