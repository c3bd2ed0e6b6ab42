#include "model/data/event_dataset.h"

#include "model/core/errors.h"
#include "model/core/file_io.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/clamp.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/zeros.h>
#include <torch/serialize.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>

namespace csae {
namespace {

/// Bumped whenever binning or the cache layout changes, so old cache entries are never read.
constexpr int kCacheFormat = 2;
constexpr int kSyntheticFormat = 1;

std::uint64_t fnv1a(const std::string& text, std::uint64_t hash = 0xcbf29ce484222325ULL)
{
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string file_identity(const std::filesystem::path& file)
{
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    const auto time = std::filesystem::last_write_time(file, error);
    return std::filesystem::absolute(file).lexically_normal().string() + "|" + std::to_string(size) + "|" +
           std::to_string(time.time_since_epoch().count());
}

std::string options_identity(const EventBinningOptions& o)
{
    std::ostringstream text;
    text << "format=" << kCacheFormat << " sensor=" << o.sensor_size() << " out=" << o.output_size()
         << " bins=" << o.bins() << " bin_us=" << o.bin_us() << " split=" << o.split_polarity() << " clip=" << o.clip();
    return text.str();
}

/// Events of one recording ordered by time (recordings are nearly always in order already).
EventStream sorted_by_time(EventStream events)
{
    if (std::is_sorted(events.timestamps_us.begin(), events.timestamps_us.end()))
        return events;
    std::vector<std::size_t> order(events.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return events.timestamps_us[a] < events.timestamps_us[b]; });
    EventStream sorted;
    for (const std::size_t i : order)
        sorted.push_back(events.timestamps_us[i], events.x[i], events.y[i], events.polarity[i] != 0);
    return sorted;
}

struct Recording {
    at::Tensor frames;    ///< [n, T, C, H, W]
    at::Tensor labels;    ///< [n], 0-based
    at::Tensor durations; ///< [n], microseconds the frames span
};

Recording bin_recording(const std::filesystem::path& aedat, const std::filesystem::path& labels_file,
                        const EventBinningOptions& options)
{
    const std::vector<GestureLabel> labels = read_gesture_labels(labels_file);
    const EventStream events = sorted_by_time(read_aedat(aedat, options.sensor_size(), options.sensor_size()).events);
    std::vector<at::Tensor> frames;
    std::vector<std::int64_t> classes, durations;
    for (const auto& label : labels) {
        const std::int64_t span = label.end_us - label.start_us;
        durations.push_back(options.bin_us() > 0 ? std::min(span, options.bins() * options.bin_us()) : span);
        const auto begin = std::lower_bound(events.timestamps_us.begin(), events.timestamps_us.end(), label.start_us);
        const auto end = std::lower_bound(begin, events.timestamps_us.end(), label.end_us);
        frames.push_back(bin_events(events, static_cast<std::size_t>(begin - events.timestamps_us.begin()),
                                    static_cast<std::size_t>(end - events.timestamps_us.begin()), label.start_us,
                                    label.end_us, options));
        classes.push_back(label.gesture - 1);
    }
    const std::int64_t channels = options.split_polarity() ? 2 : 1;
    Recording recording;
    recording.frames = frames.empty()
                           ? at::zeros({0, options.bins(), channels, options.output_size(), options.output_size()})
                           : at::stack(frames);
    recording.labels = at::empty({static_cast<std::int64_t>(classes.size())}, at::kLong);
    std::copy(classes.begin(), classes.end(), recording.labels.data_ptr<std::int64_t>());
    recording.durations = at::empty({static_cast<std::int64_t>(durations.size())}, at::kLong);
    std::copy(durations.begin(), durations.end(), recording.durations.data_ptr<std::int64_t>());
    return recording;
}

bool read_cache(const std::filesystem::path& file, const EventBinningOptions& options, Recording& recording)
{
    if (!std::filesystem::is_regular_file(file))
        return false;
    try {
        std::vector<at::Tensor> tensors;
        torch::load(tensors, file.string());
        const std::int64_t channels = options.split_polarity() ? 2 : 1;
        if (tensors.size() != 3 || tensors[0].dim() != 5 || tensors[0].size(1) != options.bins() ||
            tensors[0].size(2) != channels || tensors[0].size(3) != options.output_size() || tensors[1].dim() != 1 ||
            tensors[1].size(0) != tensors[0].size(0) || tensors[2].dim() != 1 ||
            tensors[2].size(0) != tensors[0].size(0))
            return false;
        recording.frames = tensors[0];
        recording.labels = tensors[1];
        recording.durations = tensors[2];
        return true;
    } catch (const c10::Error&) {
        return false; // unreadable: rebuilt and replaced by the caller
    }
}

} // namespace

void validate(const EventBinningOptions& o)
{
    if (o.sensor_size() < 1 || o.sensor_size() > 32768)
        throw ConfigError("sensor size " + std::to_string(o.sensor_size()) + " is out of range (allowed: 1-32768)");
    if (o.output_size() < 1 || o.output_size() > o.sensor_size())
        throw ConfigError("data.input_size: " + std::to_string(o.output_size()) +
                          " is out of range (allowed: 1 to the sensor's " + std::to_string(o.sensor_size()) + ")");
    if (o.bins() < 1 || o.bins() > 10000)
        throw ConfigError("encoding.steps: " + std::to_string(o.bins()) + " bins is out of range (allowed: 1-10000)");
    if (o.bin_us() < 0 || o.bin_us() > 60'000'000)
        throw ConfigError("data.bin_us: " + std::to_string(o.bin_us()) + " is out of range (allowed: 0-60000000)");
}

at::Tensor bin_events(const EventStream& events, std::size_t first, std::size_t last, std::int64_t start_us,
                      std::int64_t end_us, const EventBinningOptions& options)
{
    validate(options);
    const std::int64_t channels = options.split_polarity() ? 2 : 1;
    const std::int64_t side = options.output_size();
    const std::int64_t bins = options.bins();
    at::Tensor frames = at::zeros({bins, channels, side, side}, at::kFloat);
    float* data = frames.data_ptr<float>();
    const std::int64_t span = end_us - start_us;
    if (span <= 0)
        return frames;
    const std::int64_t window_end =
        options.bin_us() > 0 ? std::min(end_us, start_us + bins * options.bin_us()) : end_us;
    last = std::min(last, events.size());
    for (std::size_t i = first; i < last; ++i) {
        const std::int64_t t = events.timestamps_us[i];
        if (t < start_us || t >= window_end)
            continue;
        const std::int64_t offset = t - start_us;
        const std::int64_t bin = options.bin_us() > 0
                                     ? offset / options.bin_us()
                                     : static_cast<std::int64_t>((static_cast<__int128>(offset) * bins) / span);
        const std::int64_t channel = options.split_polarity() ? (events.polarity[i] ? 0 : 1) : 0;
        const std::int64_t x = static_cast<std::int64_t>(events.x[i]) * side / options.sensor_size();
        const std::int64_t y = static_cast<std::int64_t>(events.y[i]) * side / options.sensor_size();
        if (x >= side || y >= side)
            continue; // coordinates beyond the sensor were rejected by the reader
        data[((bin * channels + channel) * side + y) * side + x] += 1.0f;
    }
    if (options.clip())
        frames.clamp_max_(1.0f);
    return frames;
}

ImageDataset load_gesture_split(const std::filesystem::path& root, Split split, const EventBinningOptions& options,
                                std::int64_t limit, const std::filesystem::path& cache_dir, EventCacheReport* report)
{
    validate(options);
    const auto list = root / (split == Split::Train ? "trials_to_train.txt" : "trials_to_test.txt");
    const std::vector<std::string> recordings = read_trial_list(list);
    if (recordings.empty())
        throw DataError(list.string() + ": lists no recordings");
    std::error_code error;
    std::filesystem::create_directories(cache_dir, error);
    const bool cache_usable = !error && std::filesystem::is_directory(cache_dir);

    std::vector<at::Tensor> frames, labels, durations;
    std::int64_t count = 0;
    for (const auto& name : recordings) {
        if (limit > 0 && count >= limit)
            break;
        const auto aedat = root / name;
        const auto labels_file = root / (std::filesystem::path(name).stem().string() + "_labels.csv");
        if (!std::filesystem::is_regular_file(aedat))
            throw DataError(list.string() + ": lists " + name + ", which is not in " + root.string());
        const std::uint64_t key =
            fnv1a(options_identity(options), fnv1a(file_identity(aedat) + "#" + file_identity(labels_file)));
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(key));
        const auto cache_file = cache_dir / ("dvs-" + std::filesystem::path(name).stem().string() + "-" + hex + ".pt");
        Recording recording;
        if (cache_usable && read_cache(cache_file, options, recording)) {
            if (report)
                ++report->hits;
        } else {
            recording = bin_recording(aedat, labels_file, options);
            if (report)
                ++report->misses;
            if (cache_usable) {
                try {
                    replace_file_atomically(cache_file, [&](const std::filesystem::path& temporary) {
                        torch::save(std::vector<at::Tensor>{recording.frames, recording.labels, recording.durations},
                                    temporary.string());
                    });
                } catch (const std::exception&) {
                    // A cache that cannot be written only costs time on the next run.
                }
            }
        }
        frames.push_back(recording.frames);
        labels.push_back(recording.labels);
        durations.push_back(recording.durations);
        count += recording.frames.size(0);
    }
    ImageDataset dataset;
    dataset.spikes = at::cat(frames);
    dataset.labels = at::cat(labels);
    dataset.durations_us = at::cat(durations);
    if (limit > 0 && dataset.spikes.size(0) > limit) {
        dataset.spikes = dataset.spikes.narrow(0, 0, limit).clone();
        dataset.labels = dataset.labels.narrow(0, 0, limit).clone();
        dataset.durations_us = dataset.durations_us.narrow(0, 0, limit).clone();
    }
    if (dataset.spikes.size(0) == 0)
        throw DataError(list.string() + ": its recordings hold no labelled gestures");
    dataset.images = at::clamp(dataset.spikes.mean(1), 0.0, 1.0);
    dataset.class_names = gesture_names();
    return dataset;
}

std::filesystem::path locate_gesture_dataset(const std::filesystem::path& explicit_root,
                                             const std::filesystem::path& project_data_dir)
{
    std::vector<std::filesystem::path> candidates;
    if (!explicit_root.empty()) {
        candidates.push_back(explicit_root);
    } else {
        if (const char* env = std::getenv("CSAE_DATA"); env && *env)
            candidates.push_back(std::filesystem::path(env) / "DvsGesture");
        candidates.push_back(project_data_dir / "DvsGesture");
    }
    std::string tried;
    for (const auto& directory : candidates) {
        if (std::filesystem::is_regular_file(directory / "trials_to_train.txt") &&
            std::filesystem::is_regular_file(directory / "trials_to_test.txt"))
            return directory;
        tried += (tried.empty() ? "" : ", ") + directory.string();
    }
    throw DataError("DVS128 Gesture dataset not found (looked for trials_to_train.txt and trials_to_test.txt in " +
                    tried +
                    "). Download it from IBM (DvsGesture.tar.gz), unpack it and set data.root to the DvsGesture "
                    "directory, or use data.dataset \"synthetic-gestures\" for the built-in demo");
}

std::filesystem::path default_cache_dir()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "csae-studio";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "csae-studio";
    return std::filesystem::temp_directory_path() / "csae-studio-cache";
}

namespace {

struct Blob {
    double x = 0, y = 0;
};

/// Blob centres of gesture `gesture` (1-11) at time `t` seconds into it, for one subject's
/// variation (amplitude, tempo, phase, offset).
std::vector<Blob> gesture_pose(int gesture, double t, double amplitude, double tempo, double phase, double dx,
                               double dy, const std::array<double, 6>& wander)
{
    constexpr double pi = 3.14159265358979323846;
    const double w = 2.0 * pi * tempo;
    const double a = amplitude;
    const auto at = [&](double x, double y) { return Blob{x + dx, y + dy}; };
    switch (gesture) {
    case 1: { // hand clapping: two hands meet and part
        const double gap = 10.0 + 22.0 * a * std::abs(std::sin(w * 2.0 * t + phase));
        return {at(64 - gap, 70), at(64 + gap, 70)};
    }
    case 2: // right hand wave
        return {at(90 + 18 * a * std::sin(w * 2.0 * t + phase), 42)};
    case 3: // left hand wave
        return {at(38 + 18 * a * std::sin(w * 2.0 * t + phase), 42)};
    case 4: // right arm clockwise (y grows downwards, so a growing angle turns clockwise)
        return {at(88 + 22 * a * std::cos(w * t + phase), 64 + 22 * a * std::sin(w * t + phase))};
    case 5: // right arm counter-clockwise
        return {at(88 + 22 * a * std::cos(-w * t + phase), 64 + 22 * a * std::sin(-w * t + phase))};
    case 6: // left arm clockwise
        return {at(40 + 22 * a * std::cos(w * t + phase), 64 + 22 * a * std::sin(w * t + phase))};
    case 7: // left arm counter-clockwise
        return {at(40 + 22 * a * std::cos(-w * t + phase), 64 + 22 * a * std::sin(-w * t + phase))};
    case 8: // arm roll: two hands circling each other
        return {at(56 + 10 * a * std::cos(w * 3.0 * t + phase), 70 + 10 * a * std::sin(w * 3.0 * t + phase)),
                at(72 + 10 * a * std::cos(w * 3.0 * t + phase + pi), 70 + 10 * a * std::sin(w * 3.0 * t + phase + pi))};
    case 9: // air drums: two hands beating in turn
        return {at(45, 84 + 14 * a * std::sin(w * 3.0 * t + phase)),
                at(83, 84 + 14 * a * std::sin(w * 3.0 * t + phase + pi))};
    case 10: // air guitar: strumming hand and a slow fretting hand
        return {at(70, 88 + 16 * a * std::sin(w * 4.0 * t + phase)), at(38 + 4 * std::sin(w * t), 52)};
    default: { // other gestures: a wandering hand
        double x = 64, y = 64;
        for (int k = 0; k < 3; ++k) {
            x += 12 * a * std::sin(w * wander[static_cast<std::size_t>(k)] * t + phase * (k + 1));
            y += 12 * a * std::cos(w * wander[static_cast<std::size_t>(k + 3)] * t + phase * (k + 2));
        }
        return {at(x, y)};
    }
    }
}

} // namespace

std::filesystem::path ensure_synthetic_gestures(const std::filesystem::path& directory,
                                                const SyntheticGestureOptions& options)
{
    if (options.subjects() < 2 || options.subjects() > 99 || options.test_subjects() < 1 ||
        options.test_subjects() >= options.subjects() || options.gesture_ms() < 10 || options.gesture_ms() > 60000 ||
        !(options.noise_per_ms() >= 0.0) || options.noise_per_ms() > 1000.0)
        throw ConfigError("synthetic gestures: need 2-99 subjects, 1 to subjects-1 of them for testing, "
                          "10-60000 ms per gesture and 0-1000 noise events per ms");
    nlohmann::ordered_json identity = {{"format", kSyntheticFormat},
                                       {"subjects", options.subjects()},
                                       {"test_subjects", options.test_subjects()},
                                       {"gesture_ms", options.gesture_ms()},
                                       {"noise_per_ms", options.noise_per_ms()},
                                       {"seed", options.seed()}};
    const auto marker = directory / "synthetic-gestures.json";
    {
        std::ifstream existing(marker);
        if (existing) {
            try {
                if (nlohmann::ordered_json::parse(existing) == identity)
                    return directory;
            } catch (const nlohmann::json::exception&) {
            }
        }
    }
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error)
        throw DataError(directory.string() + ": cannot create the synthetic-gesture directory: " + error.message());
    std::filesystem::remove(marker, error);

    std::string train_list, test_list;
    for (std::int64_t subject = 1; subject <= options.subjects(); ++subject) {
        std::mt19937_64 random(options.seed() * 1000003ULL + static_cast<std::uint64_t>(subject));
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const auto between = [&](double lo, double hi) { return lo + (hi - lo) * unit(random); };
        char name[64];
        std::snprintf(name, sizeof name, "user%02lld_synthetic", static_cast<long long>(subject));
        EventStream events;
        std::vector<GestureLabel> labels;
        const std::int64_t gesture_us = options.gesture_ms() * 1000;
        std::int64_t clock = 500'000 + static_cast<std::int64_t>(between(0, 100'000));
        std::vector<std::uint8_t> before(kDvs128Size * kDvs128Size), now(kDvs128Size * kDvs128Size);
        for (int gesture = 1; gesture <= 11; ++gesture) {
            const double amplitude = between(0.8, 1.2), tempo = between(0.8, 1.2), phase = between(0.0, 6.2831853);
            const double dx = between(-6, 6), dy = between(-6, 6), radius = between(7, 11);
            const std::array<double, 6> wander{between(0.5, 2.5), between(0.5, 2.5), between(0.5, 2.5),
                                               between(0.5, 2.5), between(0.5, 2.5), between(0.5, 2.5)};
            const std::int64_t start = clock;
            std::fill(before.begin(), before.end(), 0);
            for (std::int64_t ms = 0; ms <= options.gesture_ms(); ++ms) {
                std::fill(now.begin(), now.end(), 0);
                for (const Blob& blob :
                     gesture_pose(gesture, static_cast<double>(ms) / 1000.0, amplitude, tempo, phase, dx, dy, wander)) {
                    const int x0 = std::max(0, static_cast<int>(blob.x - radius) - 1);
                    const int x1 = std::min<int>(kDvs128Size - 1, static_cast<int>(blob.x + radius) + 1);
                    const int y0 = std::max(0, static_cast<int>(blob.y - radius) - 1);
                    const int y1 = std::min<int>(kDvs128Size - 1, static_cast<int>(blob.y + radius) + 1);
                    for (int y = y0; y <= y1; ++y)
                        for (int x = x0; x <= x1; ++x)
                            if ((x - blob.x) * (x - blob.x) + (y - blob.y) * (y - blob.y) <= radius * radius)
                                now[static_cast<std::size_t>(y * kDvs128Size + x)] = 1;
                }
                const std::int64_t tick = start + ms * 1000;
                if (ms > 0) {
                    for (std::size_t p = 0; p < now.size(); ++p)
                        if (now[p] != before[p])
                            events.push_back(tick + static_cast<std::int64_t>(between(0, 999)),
                                             static_cast<std::uint16_t>(p % kDvs128Size),
                                             static_cast<std::uint16_t>(p / kDvs128Size), now[p] > before[p]);
                }
                std::poisson_distribution<int> noise(options.noise_per_ms());
                for (int n = noise(random); n > 0; --n)
                    events.push_back(tick + static_cast<std::int64_t>(between(0, 999)),
                                     static_cast<std::uint16_t>(random() % kDvs128Size),
                                     static_cast<std::uint16_t>(random() % kDvs128Size), random() % 2 == 0);
                std::swap(before, now);
            }
            labels.push_back({gesture, start, start + gesture_us});
            clock = start + gesture_us + 200'000; // a pause between gestures
        }
        EventStream sorted = sorted_by_time(std::move(events));
        AedatWriter writer(directory / (std::string(name) + ".aedat"),
                           {"#Format: RAW", "#Source 1: DVS128 (synthetic gestures, csae-studio)"});
        writer.polarity_events(sorted);
        writer.finish();
        write_gesture_labels(directory / (std::string(name) + "_labels.csv"), labels);
        (subject > options.subjects() - options.test_subjects() ? test_list : train_list) +=
            std::string(name) + ".aedat\n";
    }
    write_file_atomically(directory / "trials_to_train.txt", train_list);
    write_file_atomically(directory / "trials_to_test.txt", test_list);
    write_file_atomically(marker, identity.dump(2) + "\n");
    return directory;
}

} // namespace csae
