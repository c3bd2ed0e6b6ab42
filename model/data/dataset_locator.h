#pragma once
// Finds the four IDX files of MNIST or Fashion-MNIST on disk, so that configs only need
// to name the dataset and the same config works on a developer machine and in CI.

#include <filesystem>
#include <string>

namespace csae {

/// The four IDX files of one dataset; each path may end in ".gz".
struct DatasetFiles {
    std::filesystem::path train_images;
    std::filesystem::path train_labels;
    std::filesystem::path test_images;
    std::filesystem::path test_labels;
};

/// Environment variable naming an extra data root, searched after an explicit root.
inline constexpr const char* data_root_env_var = "CSAE_DATA";

/// Where Debian's dataset-fashion-mnist package installs its (gzip) IDX files.
inline constexpr const char* debian_fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";

/// Locates the IDX files of `dataset` ("mnist" or "fashion-mnist").
///
/// Roots, in order: explicit_root (if non-empty, ONLY it is searched), then $CSAE_DATA,
/// then project_data_dir, then (fashion-mnist only) debian_fashion_mnist_dir. In each root
/// the subdirectory named after the dataset is tried first, then the root itself.
/// A directory matches only if all of train-images-idx3-ubyte, train-labels-idx1-ubyte,
/// t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte exist there, each either raw or with
/// ".gz" (raw preferred when both exist).
///
/// Throws DataError for an unknown dataset name, or when no directory matches; the message
/// lists every directory looked in and how to obtain the data.
DatasetFiles locate_dataset(const std::string& dataset, const std::filesystem::path& explicit_root,
                            const std::filesystem::path& project_data_dir);

} // namespace csae
