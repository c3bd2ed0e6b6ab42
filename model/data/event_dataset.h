#pragma once
// DVS gestures as training data: events binned into spike frames, the DVS128 Gesture dataset
// (real AEDAT 3.1 recordings under data.root) with an on-disk cache of the binned samples, and a
// generator of synthetic gesture recordings in the same format (tests and the built-in demo).

#include "model/data/aedat.h"
#include "model/data/image_dataset.h"

#include <ATen/core/Tensor.h>
#include <torch/arg.h>

#include <cstdint>
#include <filesystem>

namespace csae {

/// How events become frames.
struct EventBinningOptions {
    /// Side of the sensor's square pixel grid (DVS128: 128).
    TORCH_ARG(std::int64_t, sensor_size) = kDvs128Size;
    /// Side of the output grid; pixel x maps to x * output_size / sensor_size (the seed: 28).
    TORCH_ARG(std::int64_t, output_size) = 28;
    /// Number of time bins T per sample.
    TORCH_ARG(std::int64_t, bins) = 25;
    /// Width of a bin in microseconds (the seed: 1000); the sample then covers the first
    /// bins x bin_us of the gesture. 0: the whole gesture split into `bins` equal bins.
    TORCH_ARG(std::int64_t, bin_us) = 1000;
    /// ON and OFF events as two channels; false: one channel counting both.
    TORCH_ARG(bool, split_polarity) = true;
    /// Clip counts to spikes (0/1); false: keep the counts.
    TORCH_ARG(bool, clip) = true;
};

/// Frames float32 [bins, C, output_size, output_size] of the events with indices in
/// [first, last) of `events` and time in [start_us, end_us) (and, with bin_us > 0, before
/// start_us + bins x bin_us). Without clipping the frames sum to the number of such events.
at::Tensor bin_events(const EventStream& events, std::size_t first, std::size_t last, std::int64_t start_us,
                      std::int64_t end_us, const EventBinningOptions& options);

/// Throws ConfigError (naming the data.* key) for out-of-range options.
void validate(const EventBinningOptions& options);

/// Counts cache use of one load, for tests and the CLI's start-up line.
struct EventCacheReport {
    std::int64_t hits = 0;   ///< recordings read from the cache
    std::int64_t misses = 0; ///< recordings read from AEDAT and binned (then cached)
};

/// Loads the train or test split of a DVS128 Gesture directory (trials_to_train.txt /
/// trials_to_test.txt, userNN_<lighting>.aedat, userNN_<lighting>_labels.csv), keeping the
/// first `limit` samples (0: all). Binned recordings are cached in `cache_dir` under a key made
/// of the recording's path, size and modification time, its labels file's, and every binning
/// option, so a changed parameter or file never reuses a stale cache; an unreadable cache entry
/// is rebuilt. Throws DataError naming the file for malformed input.
ImageDataset load_gesture_split(const std::filesystem::path& root, Split split, const EventBinningOptions& options,
                                std::int64_t limit, const std::filesystem::path& cache_dir,
                                EventCacheReport* report = nullptr);

/// The directory of the real DVS128 Gesture dataset: `explicit_root` if non-empty (only it),
/// else $CSAE_DATA/DvsGesture, then project_data_dir/DvsGesture. A directory matches when it
/// holds trials_to_train.txt and trials_to_test.txt. Throws DataError listing where it looked.
std::filesystem::path locate_gesture_dataset(const std::filesystem::path& explicit_root,
                                             const std::filesystem::path& project_data_dir);

/// data.cache_dir's default: $XDG_CACHE_HOME/csae-studio, else ~/.cache/csae-studio, else
/// the system's temporary directory.
std::filesystem::path default_cache_dir();

/// The synthetic gestures: moving and rotating blobs, a different motion per class, with sensor
/// noise, rendered as the events a DVS would emit (ON where a blob arrives, OFF where it leaves).
struct SyntheticGestureOptions {
    /// Recordings (one subject each, all 11 gestures); the last `test_subjects` form the test split.
    TORCH_ARG(std::int64_t, subjects) = 10;
    TORCH_ARG(std::int64_t, test_subjects) = 2;
    /// Length of each gesture in milliseconds.
    TORCH_ARG(std::int64_t, gesture_ms) = 1000;
    /// Background noise events per millisecond over the whole sensor.
    TORCH_ARG(double, noise_per_ms) = 0.5;
    /// Seeds the subjects' variations and the noise: equal seeds write equal files.
    TORCH_ARG(std::uint64_t, seed) = 2017;
};

/// Writes userNN_synthetic.aedat, its labels CSV and both trial lists into `directory` (created
/// if needed), unless a previous call with equal options completed there (marker file
/// synthetic-gestures.json, written last). Returns `directory`.
std::filesystem::path ensure_synthetic_gestures(const std::filesystem::path& directory,
                                                const SyntheticGestureOptions& options = {});

} // namespace csae
