#include "model/training/run_directory.h"

#include "model/core/errors.h"
#include "model/core/file_io.h"

#include <sstream>

namespace csae {

nlohmann::ordered_json to_json(const StepMetrics& metrics)
{
    nlohmann::ordered_json row = {{"split", "train"},
                                  {"step", metrics.step},
                                  {"epoch", metrics.epoch},
                                  {"loss", metrics.loss},
                                  {"samples_per_s", metrics.samples_per_s}};
    if (metrics.accuracy >= 0.0)
        row["accuracy"] = metrics.accuracy;
    return row;
}

nlohmann::ordered_json to_json(const EvalMetrics& metrics)
{
    if (metrics.classes > 0) {
        nlohmann::ordered_json confusion = nlohmann::ordered_json::array();
        for (std::int64_t row = 0; row < metrics.classes; ++row)
            confusion.push_back(std::vector<std::int64_t>(
                metrics.confusion.begin() + row * metrics.classes, metrics.confusion.begin() + (row + 1) * metrics.classes));
        return {{"split", "test"},
                {"step", metrics.step},
                {"epoch", metrics.epoch},
                {"loss", metrics.cross_entropy},
                {"cross_entropy", metrics.cross_entropy},
                {"accuracy", metrics.accuracy},
                {"confusion", confusion},
                {"samples", metrics.samples}};
    }
    return {{"split", "test"},     {"step", metrics.step}, {"epoch", metrics.epoch}, {"loss", metrics.nrmse},
            {"nrmse", metrics.nrmse}, {"mse", metrics.mse}, {"samples", metrics.samples}};
}

std::vector<nlohmann::json> read_metrics(const std::filesystem::path& file)
{
    std::ifstream stream(file);
    if (!stream)
        throw DataError(file.string() + ": cannot open metrics file");
    std::vector<nlohmann::json> rows;
    std::string line;
    for (std::int64_t number = 1; std::getline(stream, line); ++number) {
        if (line.empty())
            continue;
        nlohmann::json row = nlohmann::json::parse(line, nullptr, false);
        if (row.is_discarded() || !row.is_object() || !row.contains("step"))
            throw DataError(file.string() + ":" + std::to_string(number) + ": not a metrics row");
        rows.push_back(std::move(row));
    }
    return rows;
}

MetricsLog::MetricsLog(const std::filesystem::path& file, std::optional<std::int64_t> keep_through_step) : file_(file)
{
    if (keep_through_step && std::filesystem::exists(file)) {
        std::ostringstream kept;
        for (const auto& row : read_metrics(file))
            if (row["step"].get<std::int64_t>() <= *keep_through_step)
                kept << row.dump() << '\n';
        write_file_atomically(file, kept.str());
    }
    stream_.open(file, std::ios::app);
    if (!stream_)
        throw CheckpointError(file.string() + ": cannot open for appending");
}

void MetricsLog::append(const StepMetrics& metrics, double elapsed_seconds)
{
    auto row = to_json(metrics);
    row["elapsed_s"] = elapsed_seconds;
    write(row);
}

void MetricsLog::append(const EvalMetrics& metrics)
{
    write(to_json(metrics));
}

void MetricsLog::write(const nlohmann::ordered_json& row)
{
    stream_ << row.dump() << '\n';
    stream_.flush();
    if (!stream_)
        throw CheckpointError(file_.string() + ": write failed");
}

} // namespace csae
