#include "model/study/study_spec.h"

#include "model/core/errors.h"
#include "model/core/file_io.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

namespace csae {
namespace {

using ordered_json = nlohmann::ordered_json;

// A grid larger than this is a typo, not a study: refused before its runs are listed.
constexpr std::size_t kMaxRuns = 100000;

const std::map<std::string, StudyMetric>& metric_names()
{
    static const std::map<std::string, StudyMetric> names{{"nrmse", StudyMetric::Nrmse},
                                                          {"mse", StudyMetric::Mse},
                                                          {"accuracy", StudyMetric::Accuracy},
                                                          {"cross_entropy", StudyMetric::CrossEntropy}};
    return names;
}

std::string format_id_value(const nlohmann::json& value)
{
    std::string text;
    if (value.is_string())
        text = value.get<std::string>();
    else if (value.is_array()) {
        for (const auto& element : value)
            text += (text.empty() ? "" : "x") + format_id_value(element);
    } else
        text = value.dump();
    for (char& c : text)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '+' && c != '-')
            c = '-';
    return text;
}

std::uint64_t fnv1a(const std::string& text)
{
    std::uint64_t hash = 1469598103934665603ULL;
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string describe_point(const std::vector<std::pair<std::string, nlohmann::json>>& values)
{
    std::string text;
    for (const auto& [key, value] : values)
        text += (text.empty() ? "" : ", ") + key + " = " + value.dump();
    return text;
}

/// A grid or zip key: a configuration key other than the seed, which "seeds" sets.
void check_axis_key(const std::string& where, const std::string& key)
{
    if (key == "train.seed")
        throw ConfigError(where + ": train.seed: set the seeds with \"seeds\", not as a grid axis");
    if (std::none_of(parameter_specs().begin(), parameter_specs().end(),
                     [&](const ParameterSpec& spec) { return spec.key == key; }))
        throw ConfigError(where + ": " + unknown_key_message(key));
}

std::vector<nlohmann::json> axis_values(const std::string& where, const std::string& key, const ordered_json& list)
{
    if (!list.is_array())
        throw ConfigError(where + ": " + key + ": expected a list of values, got " + list.dump());
    if (list.empty())
        throw ConfigError(where + ": " + key + ": empty list (an axis needs at least one value)");
    std::vector<nlohmann::json> values;
    std::set<std::string> seen;
    for (const auto& value : list) {
        if (!seen.insert(value.dump()).second)
            throw ConfigError(where + ": " + key + ": " + value.dump() + " is listed twice");
        values.push_back(nlohmann::json::parse(value.dump()));
    }
    return values;
}

} // namespace

std::string study_metric_name(StudyMetric metric)
{
    for (const auto& [name, value] : metric_names())
        if (value == metric)
            return name;
    return "nrmse";
}

bool higher_is_better(StudyMetric metric)
{
    return metric == StudyMetric::Accuracy;
}

std::string study_run_id(const std::vector<std::pair<std::string, nlohmann::json>>& values, std::uint64_t seed)
{
    auto sorted = values;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::map<std::string, int> short_name_uses;
    for (const auto& [key, value] : sorted)
        ++short_name_uses[key.substr(key.rfind('.') + 1)];
    std::string id;
    for (const auto& [key, value] : sorted) {
        std::string name = key.substr(key.rfind('.') + 1);
        if (short_name_uses[name] > 1) // the same name in two sections: keep the section
            name = key.substr(0, key.find('.')) + "-" + name;
        id += name + "-" + format_id_value(value) + "_";
    }
    id += "seed-" + std::to_string(seed);
    constexpr std::size_t kMaxLength = 96;
    if (id.size() > kMaxLength) {
        std::ostringstream hash;
        hash << std::hex << std::setw(16) << std::setfill('0') << fnv1a(id);
        id = id.substr(0, kMaxLength - 18) + "-" + hash.str().substr(0, 16);
    }
    return id;
}

StudySpec StudySpec::from_json(const ordered_json& document, const std::string& where)
{
    if (!document.is_object())
        throw ConfigError(where + ": a study spec is a JSON object with name, base, grid, seeds and metric");
    static const std::set<std::string> known{"name", "description", "budget", "base", "grid", "zip", "seeds", "metric"};
    for (const auto& [key, value] : document.items())
        if (!known.contains(key))
            throw ConfigError(where + ": " + key +
                              ": unknown key (a study spec has name, description, budget, base, grid, zip, seeds, "
                              "metric)");
    StudySpec spec;
    const auto text_field = [&](const char* key, bool required) {
        if (!document.contains(key)) {
            if (required)
                throw ConfigError(where + ": " + key + ": missing");
            return std::string();
        }
        if (!document[key].is_string() || (required && document[key].get<std::string>().empty()))
            throw ConfigError(where + ": " + key + ": expected a non-empty string, got " + document[key].dump());
        return document[key].get<std::string>();
    };
    spec.name_ = text_field("name", true);
    spec.description_ = text_field("description", false);
    spec.budget_ = text_field("budget", false);

    spec.base_ = document.value("base", ordered_json::object());
    Config base;
    try {
        base = Config::from_json(nlohmann::json::parse(spec.base_.dump()));
    } catch (const ConfigError& error) {
        throw ConfigError(where + ": base: " + error.what());
    }
    if (spec.base_.contains("train") && spec.base_["train"].contains("seed"))
        throw ConfigError(where + ": base: train.seed: set the seeds with \"seeds\"");

    std::set<std::string> used_keys;
    const auto claim = [&](const std::string& key) {
        check_axis_key(where, key);
        if (!used_keys.insert(key).second)
            throw ConfigError(where + ": " + key + ": varied twice (in grid and zip, or in two zip groups)");
    };
    if (document.contains("grid")) {
        if (!document["grid"].is_object())
            throw ConfigError(where + ": grid: expected an object of key: [values], got " + document["grid"].dump());
        for (const auto& [key, list] : document["grid"].items()) {
            claim(key);
            StudyAxis axis{{key}, {}};
            for (auto& value : axis_values(where, "grid." + key, list))
                axis.values.push_back({value});
            spec.axes_.push_back(std::move(axis));
        }
    }
    if (document.contains("zip")) {
        if (!document["zip"].is_array())
            throw ConfigError(where + ": zip: expected a list of objects of key: [values], got " +
                              document["zip"].dump());
        for (std::size_t group = 0; group < document["zip"].size(); ++group) {
            const auto& members = document["zip"][group];
            const std::string name = "zip[" + std::to_string(group) + "]";
            if (!members.is_object() || members.empty())
                throw ConfigError(where + ": " + name + ": expected a non-empty object of key: [values]");
            StudyAxis axis;
            for (const auto& [key, list] : members.items()) {
                claim(key);
                const auto values = axis_values(where, name + "." + key, list);
                if (!axis.keys.empty() && values.size() != axis.values.size())
                    throw ConfigError(where + ": " + name + "." + key + ": " + std::to_string(values.size()) +
                                      " values, but " + axis.keys.front() + " has " +
                                      std::to_string(axis.values.size()) + " (zipped keys vary together)");
                if (axis.keys.empty())
                    axis.values.resize(values.size());
                axis.keys.push_back(key);
                for (std::size_t i = 0; i < values.size(); ++i)
                    axis.values[i].push_back(values[i]);
            }
            spec.axes_.push_back(std::move(axis));
        }
    }
    if (spec.axes_.empty())
        throw ConfigError(where + ": grid: empty (a study varies at least one key, in grid or zip)");

    if (!document.contains("seeds"))
        throw ConfigError(where + ": seeds: missing (a list such as [1, 2, 3])");
    const auto& seeds = document["seeds"];
    if (!seeds.is_array() || seeds.empty())
        throw ConfigError(where + ": seeds: expected a non-empty list of integers, got " + seeds.dump());
    for (const auto& seed : seeds) {
        if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<std::int64_t>() >= 0))
            throw ConfigError(where + ": seeds: " + seed.dump() + " is not a non-negative integer");
        const auto value = seed.get<std::uint64_t>();
        if (std::find(spec.seeds_.begin(), spec.seeds_.end(), value) != spec.seeds_.end())
            throw ConfigError(where + ": seeds: " + seed.dump() + " is listed twice");
        spec.seeds_.push_back(value);
    }

    const bool classifier_base = base.model.kind == ModelKind::Classifier;
    if (document.contains("metric")) {
        const auto& metric = document["metric"];
        if (!metric.is_string() || !metric_names().contains(metric.get<std::string>()))
            throw ConfigError(where + ": metric: " + metric.dump() +
                              " is not a test metric (allowed: nrmse, mse, accuracy, cross_entropy)");
        spec.metric_ = metric_names().at(metric.get<std::string>());
    } else {
        spec.metric_ = classifier_base ? StudyMetric::Accuracy : StudyMetric::Nrmse;
    }

    std::size_t point_count = 1;
    for (const auto& axis : spec.axes_) {
        if (point_count > kMaxRuns / axis.values.size())
            throw ConfigError(where + ": grid: more than " + std::to_string(kMaxRuns) + " runs");
        point_count *= axis.values.size();
    }
    if (point_count > kMaxRuns / spec.seeds_.size())
        throw ConfigError(where + ": grid: more than " + std::to_string(kMaxRuns) + " runs");

    // The last axis varies fastest, as nested loops written in the spec's order would.
    std::set<std::string> ids;
    for (std::size_t index = 0; index < point_count; ++index) {
        StudyPoint point{index, {}};
        std::size_t rest = index;
        std::vector<std::size_t> choice(spec.axes_.size());
        for (std::size_t axis = spec.axes_.size(); axis-- > 0;) {
            choice[axis] = rest % spec.axes_[axis].values.size();
            rest /= spec.axes_[axis].values.size();
        }
        for (std::size_t axis = 0; axis < spec.axes_.size(); ++axis)
            for (std::size_t key = 0; key < spec.axes_[axis].keys.size(); ++key)
                point.values.emplace_back(spec.axes_[axis].keys[key], spec.axes_[axis].values[choice[axis]][key]);
        spec.points_.push_back(std::move(point));
        for (const std::uint64_t seed : spec.seeds_) {
            StudyRun run{study_run_id(spec.points_.back().values, seed), index, seed, spec.runs_.size()};
            if (!ids.insert(run.id).second)
                throw ConfigError(where + ": grid: two runs get the id " + run.id +
                                  " (values that differ only in punctuation)");
            spec.runs_.push_back(std::move(run));
        }
    }

    // Every configuration is checked now, so that a bad value stops the study before any run.
    for (const auto& point : spec.points_) {
        Config config;
        try {
            config = spec.config_for(StudyRun{"", point.index, spec.seeds_.front(), 0});
        } catch (const ConfigError& error) {
            throw ConfigError(where + ": grid point {" + describe_point(point.values) + "}: " + error.what());
        }
        const bool classifier = config.model.kind == ModelKind::Classifier;
        const bool accuracy_metric = spec.metric_ == StudyMetric::Accuracy || spec.metric_ == StudyMetric::CrossEntropy;
        if (classifier != accuracy_metric)
            throw ConfigError(where + ": metric: \"" + study_metric_name(spec.metric_) + "\" is not measured for " +
                              "model.kind \"" + choice_name(config.model.kind) + "\" (the classifier reports " +
                              "accuracy and cross_entropy, the autoencoders nrmse and mse)");
    }
    return spec;
}

StudySpec StudySpec::load(const std::filesystem::path& file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw ConfigError(file.string() + ": cannot open study spec");
    ordered_json document;
    try {
        document = ordered_json::parse(stream);
    } catch (const nlohmann::json::exception& error) {
        throw ConfigError(file.string() + ": not valid JSON: " + error.what());
    }
    return from_json(document, file.string());
}

std::vector<std::string> StudySpec::grid_keys() const
{
    std::vector<std::string> keys;
    for (const auto& axis : axes_)
        keys.insert(keys.end(), axis.keys.begin(), axis.keys.end());
    return keys;
}

Config StudySpec::config_for(const StudyRun& run) const
{
    Config config = Config::from_json(nlohmann::json::parse(base_.dump()));
    for (const auto& [key, value] : points_.at(run.point).values)
        config.set(key, value.dump());
    config.train.seed = run.seed;
    config.validate();
    return config;
}

ordered_json StudySpec::to_json() const
{
    ordered_json document = {{"name", name_}};
    if (!description_.empty())
        document["description"] = description_;
    if (!budget_.empty())
        document["budget"] = budget_;
    document["base"] = base_;
    ordered_json grid = ordered_json::object();
    ordered_json zip = ordered_json::array();
    for (const auto& axis : axes_) {
        ordered_json group = ordered_json::object();
        for (std::size_t key = 0; key < axis.keys.size(); ++key) {
            ordered_json list = ordered_json::array();
            for (const auto& values : axis.values)
                list.push_back(ordered_json::parse(values[key].dump()));
            group[axis.keys[key]] = list;
        }
        if (axis.keys.size() == 1)
            grid[axis.keys.front()] = group[axis.keys.front()];
        else
            zip.push_back(group);
    }
    document["grid"] = grid;
    if (!zip.empty())
        document["zip"] = zip;
    document["seeds"] = seeds_;
    document["metric"] = study_metric_name(metric_);
    return document;
}

std::vector<StudyRun> study_shard(const std::vector<StudyRun>& runs, std::size_t index, std::size_t count)
{
    std::vector<StudyRun> shard;
    for (std::size_t i = index; count > 0 && i < runs.size(); i += count)
        shard.push_back(runs[i]);
    return shard;
}

std::pair<std::size_t, std::size_t> parse_shard(const std::string& text)
{
    const auto slash = text.find('/');
    const auto whole_number = [](const std::string& part) {
        return !part.empty() && part.size() <= 9 &&
               std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    if (slash != std::string::npos && whole_number(text.substr(0, slash)) && whole_number(text.substr(slash + 1))) {
        const std::size_t index = std::stoul(text.substr(0, slash));
        const std::size_t count = std::stoul(text.substr(slash + 1));
        if (count > 0 && index < count)
            return {index, count};
    }
    throw ConfigError("--shard: \"" + text + "\" is not I/N with 0 <= I < N (e.g. 0/4)");
}

std::filesystem::path study_presets_directory()
{
    if (const char* from_environment = std::getenv("CSAE_STUDIES"); from_environment && *from_environment)
        return from_environment;
    return resource_directory(CSAE_STUDIES_DIR, "studies");
}

std::vector<std::pair<std::string, StudySpec>> list_study_presets(const std::filesystem::path& directory)
{
    std::vector<std::pair<std::string, StudySpec>> presets;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            presets.emplace_back(entry.path().stem().string(), StudySpec::load(entry.path()));
    std::sort(presets.begin(), presets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return presets;
}

StudySpec load_study(const std::string& name_or_file, const std::filesystem::path& directory)
{
    if (std::filesystem::is_regular_file(name_or_file) || name_or_file.find('/') != std::string::npos ||
        name_or_file.ends_with(".json"))
        return StudySpec::load(name_or_file);
    const std::filesystem::path file = directory / (name_or_file + ".json");
    if (name_or_file.empty() || !std::filesystem::is_regular_file(file)) {
        std::string known;
        for (const auto& [name, spec] : list_study_presets(directory))
            known += (known.empty() ? "" : ", ") + name;
        throw ConfigError("study: \"" + name_or_file + "\" is neither a spec file nor a study preset in " +
                          directory.string() + " (presets: " + (known.empty() ? "none" : known) + ")");
    }
    return StudySpec::load(file);
}

} // namespace csae
