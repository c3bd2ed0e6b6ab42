#include "model/study/study_report.h"

#include "model/core/file_io.h"

#include <array>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

namespace csae {
namespace {

std::string csv_cell(const std::string& text)
{
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string number(double value)
{
    std::ostringstream text;
    text << std::setprecision(8) << value;
    return text.str();
}

std::string header_row(const StudySpec& spec)
{
    std::string header;
    for (const auto& key : spec.grid_keys())
        header += csv_cell(key) + ",";
    return header;
}

std::string grid_cells(const StudyPoint& point)
{
    std::string cells;
    for (const auto& [key, value] : point.values)
        cells += csv_cell(study_value_text(value)) + ",";
    return cells;
}

} // namespace

double student_t_975(std::size_t degrees)
{
    static constexpr std::array<double, 30> kTable{12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
                                                   2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
                                                   2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
                                                   2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    if (degrees == 0)
        return std::numeric_limits<double>::infinity();
    if (degrees <= kTable.size())
        return kTable[degrees - 1];
    // The Cornish-Fisher expansion around the normal quantile; within 1e-4 beyond 30 degrees.
    const double z = 1.959964, nu = static_cast<double>(degrees);
    return z + (z * z * z + z) / (4.0 * nu) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96.0 * nu * nu);
}

std::string study_value_text(const nlohmann::json& value)
{
    return value.is_string() ? value.get<std::string>() : value.dump();
}

std::optional<double> final_metric(const StudyRunStatus& status, StudyMetric metric)
{
    if (status.state != StudyRunState::Done || !status.test)
        return std::nullopt;
    const std::string name = study_metric_name(metric);
    if (!status.test->contains(name) || !(*status.test)[name].is_number())
        return std::nullopt;
    return (*status.test)[name].get<double>();
}

namespace {

std::optional<double> quality_value(const StudyRunStatus& status, const char* key)
{
    if (status.state != StudyRunState::Done || !status.analysis || !status.analysis->contains(key) ||
        !(*status.analysis)[key].is_number())
        return std::nullopt;
    const double value = (*status.analysis)[key].get<double>();
    return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

StudyQualitySummary mean_and_std(const std::vector<double>& values)
{
    StudyQualitySummary summary{values.size()};
    if (values.empty())
        return summary;
    for (const double v : values)
        summary.mean += v / static_cast<double>(values.size());
    double squares = 0.0;
    for (const double v : values)
        squares += (v - summary.mean) * (v - summary.mean);
    summary.std = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0.0;
    return summary;
}

bool any_analysis(const std::vector<StudyPointSummary>& summaries)
{
    for (const auto& summary : summaries)
        for (const auto& quality : summary.quality)
            if (quality.n > 0)
                return true;
    return false;
}

} // namespace

std::vector<StudyPointSummary> summarise_study(const StudySpec& spec, const std::vector<StudyRunStatus>& statuses)
{
    std::vector<StudyPointSummary> summaries;
    for (const auto& point : spec.points()) {
        StudyPointSummary summary{&point};
        std::vector<double> values;
        std::vector<std::vector<double>> qualities(std::size(kEmbeddingQualityKeys));
        for (const auto& status : statuses) {
            if (status.run.point != point.index)
                continue;
            ++summary.planned;
            if (const auto value = final_metric(status, spec.metric()))
                values.push_back(*value);
            for (std::size_t k = 0; k < qualities.size(); ++k)
                if (const auto value = quality_value(status, kEmbeddingQualityKeys[k]))
                    qualities[k].push_back(*value);
        }
        for (const auto& quality : qualities)
            summary.quality.push_back(mean_and_std(quality));
        summary.n = values.size();
        if (!values.empty()) {
            double sum = 0.0;
            for (const double v : values)
                sum += v;
            summary.mean = sum / static_cast<double>(values.size());
            double squares = 0.0;
            for (const double v : values)
                squares += (v - summary.mean) * (v - summary.mean);
            summary.std = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0.0;
            const double half = values.size() > 1 ? student_t_975(values.size() - 1) * summary.std /
                                                        std::sqrt(static_cast<double>(values.size()))
                                                  : 0.0;
            summary.ci_low = summary.mean - half;
            summary.ci_high = summary.mean + half;
        }
        summaries.push_back(summary);
    }
    return summaries;
}

void write_results_csv(const std::filesystem::path& file, const StudySpec& spec,
                       const std::vector<StudyRunStatus>& statuses)
{
    std::ostringstream text;
    text << "run_id," << header_row(spec) << "seed,state,steps,test_step,nrmse,mse,accuracy,cross_entropy,wall_s";
    for (const char* key : kEmbeddingQualityKeys)
        text << ',' << key;
    text << '\n';
    for (const auto& status : statuses) {
        text << csv_cell(status.run.id) << ',' << grid_cells(spec.points().at(status.run.point)) << status.run.seed
             << ',' << state_name(status.state) << ',' << status.steps << ',';
        if (status.test)
            text << (*status.test)["step"].get<std::int64_t>();
        for (const char* name : {"nrmse", "mse", "accuracy", "cross_entropy"}) {
            text << ',';
            if (status.test && status.test->contains(name) && (*status.test)[name].is_number())
                text << number((*status.test)[name].get<double>());
        }
        text << ',' << number(status.wall_seconds);
        for (const char* key : kEmbeddingQualityKeys) {
            text << ',';
            if (const auto value = quality_value(status, key))
                text << number(*value);
        }
        text << '\n';
    }
    write_file_atomically(file, text.str());
}

void write_summary_csv(const std::filesystem::path& file, const StudySpec& spec,
                       const std::vector<StudyPointSummary>& summaries)
{
    std::ostringstream text;
    const bool quality = any_analysis(summaries);
    text << header_row(spec) << "runs_planned,n,mean,std,ci95_low,ci95_high";
    if (quality)
        for (const char* key : kEmbeddingQualityKeys)
            text << ',' << key << "_n," << key << "_mean," << key << "_std";
    text << '\n';
    for (const auto& summary : summaries) {
        text << grid_cells(*summary.point) << summary.planned << ',' << summary.n << ',';
        if (summary.n > 0)
            text << number(summary.mean) << ',' << number(summary.std) << ',' << number(summary.ci_low) << ','
                 << number(summary.ci_high);
        else
            text << ",,,";
        if (quality)
            for (const auto& value : summary.quality) {
                text << ',' << value.n << ',';
                if (value.n > 0)
                    text << number(value.mean) << ',' << number(value.std);
                else
                    text << ',';
            }
        text << '\n';
    }
    write_file_atomically(file, text.str());
}

} // namespace csae
