#include "model/data/dataset_loader.h"

namespace csae {

EventBinningOptions binning_options(const Config& config)
{
    EventBinningOptions options;
    options.output_size(config.data.input_size)
        .bins(config.encoding.steps)
        .bin_us(config.data.bin_us)
        .split_polarity(config.data.polarity == Polarity::Split)
        .clip(config.data.clip);
    return options;
}

LoadedData load_data(const Config& config, const std::filesystem::path& project_data_dir)
{
    LoadedData data;
    if (!config.data.events()) {
        const DatasetFiles files = locate_dataset(choice_name(config.data.dataset), config.data.root, project_data_dir);
        data.train = load_image_split(files, Split::Train, config.data.limit);
        data.test = load_image_split(files, Split::Test, config.data.test_limit);
        return data;
    }
    const EventBinningOptions binning = binning_options(config);
    const std::filesystem::path cache_dir =
        config.data.cache_dir.empty() ? default_cache_dir() : std::filesystem::path(config.data.cache_dir);
    const std::filesystem::path root =
        config.data.dataset == Dataset::SyntheticGestures
            ? ensure_synthetic_gestures(config.data.root.empty() ? cache_dir / "synthetic-gestures"
                                                                 : std::filesystem::path(config.data.root))
            : locate_gesture_dataset(config.data.root, project_data_dir);
    data.train = load_gesture_split(root, Split::Train, binning, config.data.limit, cache_dir, &data.cache_report);
    data.test = load_gesture_split(root, Split::Test, binning, config.data.test_limit, cache_dir, &data.cache_report);
    return data;
}

} // namespace csae
