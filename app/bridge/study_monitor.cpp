#include "app/bridge/study_monitor.h"

#include "model/study/study_report.h"

#include <cmath>
#include <limits>

namespace csae {
namespace {

double numberOrNaN(const nlohmann::json& value)
{
    return value.is_number() ? value.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

StudyMonitor::StudyMonitor(QObject* parent, int refreshMs) : QObject(parent)
{
    m_timer.setInterval(refreshMs);
    connect(&m_timer, &QTimer::timeout, this, &StudyMonitor::refresh);
}

void StudyMonitor::open(const QString& directory)
{
    m_directory = directory;
    refresh();
    m_timer.start();
}

void StudyMonitor::close()
{
    m_timer.stop();
    m_directory.clear();
    Q_EMIT snapshotReady({});
}

void StudyMonitor::refresh()
{
    if (!m_directory.isEmpty())
        Q_EMIT snapshotReady(read(m_directory));
}

ui::StudySnapshot StudyMonitor::read(const QString& directory)
{
    ui::StudySnapshot snapshot;
    snapshot.directory = directory;
    try {
        const std::filesystem::path dir = directory.toStdString();
        const StudySpec spec = load_study_directory(dir);
        const auto statuses = inspect_study(dir, spec);
        snapshot.name = QString::fromStdString(spec.name());
        snapshot.metric = QString::fromStdString(study_metric_name(spec.metric()));
        snapshot.higherIsBetter = higher_is_better(spec.metric());
        for (const auto& key : spec.grid_keys())
            snapshot.gridKeys << QString::fromStdString(key);
        for (const auto& summary : summarise_study(spec, statuses)) {
            ui::StudyPointSummary point;
            for (const auto& [key, value] : summary.point->values) {
                point.values << QString::fromStdString(study_value_text(value));
                point.numbers << numberOrNaN(value);
            }
            point.planned = int(summary.planned);
            point.finished = int(summary.n);
            point.mean = summary.mean;
            point.std = summary.std;
            point.ciLow = summary.ci_low;
            point.ciHigh = summary.ci_high;
            // kEmbeddingQualityKeys: 0 knn_accuracy, 3 trustworthiness_umap.
            if (summary.quality.size() > 3 && summary.quality[0].n > 0)
                point.knnAccuracy = summary.quality[0].mean;
            if (summary.quality.size() > 3 && summary.quality[3].n > 0)
                point.trustworthinessUmap = summary.quality[3].mean;
            snapshot.points << point;
        }
        for (const auto& status : statuses) {
            ui::StudyRunSummary run;
            run.id = QString::fromStdString(status.run.id);
            run.directory = QString::fromStdString(study_run_path(dir, status.run).string());
            run.state = QString::fromStdString(state_name(status.state));
            run.point = int(status.run.point);
            run.seed = status.run.seed;
            run.steps = status.steps;
            run.metric = final_metric(status, spec.metric()).value_or(std::numeric_limits<double>::quiet_NaN());
            run.wallSeconds = status.wall_seconds;
            run.failure = QString::fromStdString(status.failure);
            run.trainLoss.reserve(qsizetype(status.train_loss.size()));
            for (const auto& [step, loss] : status.train_loss)
                run.trainLoss << QPointF(double(step), loss);
            snapshot.runs << run;
        }
    } catch (const std::exception& error) {
        snapshot = {};
        snapshot.directory = directory;
        snapshot.error = QString::fromUtf8(error.what());
    }
    return snapshot;
}

} // namespace csae
