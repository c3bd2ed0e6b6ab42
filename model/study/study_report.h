#pragma once
// A study's numbers: a row per run (results.csv) and a row per grid point with the mean, the
// sample standard deviation and a 95 % confidence interval of the metric (summary.csv).
// Plain C++; any thread.

#include "model/study/study_directory.h"

#include <filesystem>
#include <optional>
#include <vector>

namespace csae {

/// The embedding-quality numbers of a run's analysis (analysis.json), as report columns.
inline constexpr const char* kEmbeddingQualityKeys[] = {"knn_accuracy", "linear_probe_accuracy", "trustworthiness_pca",
                                                        "trustworthiness_umap", "silhouette"};

/// Mean and sample standard deviation of one quality key over a grid point's analysed runs.
struct StudyQualitySummary {
    std::size_t n = 0;
    double mean = 0.0;
    double std = 0.0;
};

/// The metric of one grid point over the runs that finished.
struct StudyPointSummary {
    const StudyPoint* point = nullptr;
    std::size_t planned = 0; ///< runs in the spec (one per seed)
    std::size_t n = 0;       ///< finished runs with the metric
    double mean = 0.0;
    double std = 0.0;    ///< sample standard deviation (n - 1); 0 for n = 1
    double ci_low = 0.0; ///< mean -/+ t(0.975, n - 1) std / sqrt(n); the mean itself for n = 1
    double ci_high = 0.0;
    /// Per kEmbeddingQualityKeys entry, over the finished runs with an analysis.
    std::vector<StudyQualitySummary> quality;
};

/// The two-sided 95 % quantile of Student's t with `degrees` degrees of freedom (>= 1).
double student_t_975(std::size_t degrees);

/// The metric's value in a run's last test row, when it has one and finished.
std::optional<double> final_metric(const StudyRunStatus& status, StudyMetric metric);

/// One summary per grid point, in the spec's order.
std::vector<StudyPointSummary> summarise_study(const StudySpec& spec, const std::vector<StudyRunStatus>& statuses);

/// results.csv: run_id, every grid key, seed, state, steps, test_step, nrmse, mse, accuracy,
/// cross_entropy, wall_s, then the kEmbeddingQualityKeys (empty cells where a run has no such value).
void write_results_csv(const std::filesystem::path& file, const StudySpec& spec,
                       const std::vector<StudyRunStatus>& statuses);

/// summary.csv: every grid key, runs_planned, n, mean, std, ci95_low, ci95_high; when any run
/// has an analysis, then per kEmbeddingQualityKeys entry KEY_n, KEY_mean and KEY_std.
void write_summary_csv(const std::filesystem::path& file, const StudySpec& spec,
                       const std::vector<StudyPointSummary>& summaries);

/// A grid value as a CSV cell and a label: strings bare, numbers and lists as JSON.
std::string study_value_text(const nlohmann::json& value);

} // namespace csae
