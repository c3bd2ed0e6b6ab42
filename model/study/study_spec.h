#pragma once
// A study: a grid of configurations, each trained once per seed, summarised by one test metric.
// The spec is a JSON file (or a preset in resources/studies/):
//   {"name": "kernel", "description": "...", "budget": "...",
//    "base":  { ...a configuration, nested as config.json... },
//    "grid":  {"model.kernel_size": [3, 5, 7]},              cartesian product of the axes
//    "zip":   [{"encoding.f_on": [500, 1000], "encoding.f_off": [0, 100]}],  keys that vary together
//    "seeds": [1, 2, 3],
//    "metric": "nrmse"}
// Every run's configuration is built and validated when the spec is read, so a bad value fails
// before anything runs. Plain C++; any thread.

#include "model/config/config.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace csae {

/// The test metrics a study can summarise, as metrics.jsonl names them.
enum class StudyMetric { Nrmse, Mse, Accuracy, CrossEntropy };
std::string study_metric_name(StudyMetric metric);
/// Accuracy is better when higher; the losses when lower.
bool higher_is_better(StudyMetric metric);

/// One axis of the grid: a single key (from "grid") or keys that vary together (a "zip" group).
/// values[i] holds one value per key.
struct StudyAxis {
    std::vector<std::string> keys;
    std::vector<std::vector<nlohmann::json>> values;
};

/// One grid point: the value of every grid key.
struct StudyPoint {
    std::size_t index = 0;                                      ///< in expansion order
    std::vector<std::pair<std::string, nlohmann::json>> values; ///< in grid_keys() order
};

/// One run: a grid point with one seed.
struct StudyRun {
    std::string id; ///< stable: derived from the point's values and the seed only
    std::size_t point = 0;
    std::uint64_t seed = 0;
    std::size_t index = 0; ///< in expansion order (points × seeds)
};

class StudySpec {
public:
    /// Parses and validates `document`; `where` (the file) prefixes every error. Unknown keys,
    /// bad values, empty axes, an empty grid and a run whose configuration fails validation all
    /// throw ConfigError naming the key.
    static StudySpec from_json(const nlohmann::ordered_json& document, const std::string& where);
    static StudySpec load(const std::filesystem::path& file);

    const std::string& name() const { return name_; }
    const std::string& description() const { return description_; }
    const std::string& budget() const { return budget_; }
    StudyMetric metric() const { return metric_; }
    const std::vector<std::uint64_t>& seeds() const { return seeds_; }
    const std::vector<StudyAxis>& axes() const { return axes_; }
    /// Every grid key, axes in spec order (grid first, then zip groups).
    std::vector<std::string> grid_keys() const;

    const std::vector<StudyPoint>& points() const { return points_; }
    const std::vector<StudyRun>& runs() const { return runs_; }
    /// The run's full configuration: base, then the point's values, then train.seed.
    Config config_for(const StudyRun& run) const;

    /// The spec as written to DIR/study.json (normalised: the same study gives the same text).
    nlohmann::ordered_json to_json() const;

private:
    std::string name_, description_, budget_;
    nlohmann::ordered_json base_;
    std::vector<StudyAxis> axes_;
    std::vector<std::uint64_t> seeds_;
    StudyMetric metric_ = StudyMetric::Nrmse;
    std::vector<StudyPoint> points_;
    std::vector<StudyRun> runs_;
};

/// The stable id of a run: readable key=value parts in key order plus the seed, e.g.
/// "kernel_size-7_lr-0.001_seed-2"; long ids are shortened and end in a hash of the whole.
std::string study_run_id(const std::vector<std::pair<std::string, nlohmann::json>>& values, std::uint64_t seed);

/// The runs of shard `index` (0-based) of `count`: every count-th run from `index`. The shards
/// are disjoint and together hold every run.
std::vector<StudyRun> study_shard(const std::vector<StudyRun>& runs, std::size_t index, std::size_t count);

/// Parses "I/N" (0 <= I < N); UsageError-worthy text goes into ConfigError naming --shard.
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text);

/// Study presets: resources/studies/<name>.json, or $CSAE_STUDIES when set.
std::filesystem::path study_presets_directory();
/// Every study preset there, sorted by name.
std::vector<std::pair<std::string, StudySpec>>
list_study_presets(const std::filesystem::path& directory = study_presets_directory());
/// `name_or_file`: a path to a spec file when one exists there, else a preset name.
StudySpec load_study(const std::string& name_or_file,
                     const std::filesystem::path& directory = study_presets_directory());

} // namespace csae
