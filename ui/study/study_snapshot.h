#pragma once
// A study directory as the Studies view draws it: its grid points with the metric's mean,
// standard deviation and 95 % confidence interval, and its runs with their state and loss
// curves. Built by the bridge (app/bridge/study_monitor) from the engine's reading of the
// directory; plain Qt values, cheap to copy.

#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>

namespace csae::ui {

/// One grid point: its values (one per grid key, as text) and the metric over its finished runs.
struct StudyPointSummary {
    QStringList values;
    QVector<double> numbers; ///< the values as numbers; NaN where a value is not a number
    int planned = 0;         ///< runs in the spec (one per seed)
    int finished = 0;        ///< finished runs with the metric (n)
    double mean = 0.0;
    double std = 0.0;
    double ciLow = 0.0;
    double ciHigh = 0.0;
    /// Means over the analysed runs (csae study report --embedding-quality); NaN where none is.
    double knnAccuracy = std::numeric_limits<double>::quiet_NaN();
    double trustworthinessUmap = std::numeric_limits<double>::quiet_NaN();
};

/// One run of the study.
struct StudyRunSummary {
    QString id;
    QString directory; ///< the run directory, which the training views open
    QString state;     ///< pending, partial, running, done or failed
    int point = 0;     ///< index into StudySnapshot::points
    quint64 seed = 0;
    qint64 steps = 0;
    double metric = 0.0; ///< the final test metric; NaN when the run has not finished
    double wallSeconds = 0.0;
    QString failure;
    QVector<QPointF> trainLoss; ///< (step, loss) of every logged step
};

struct StudySnapshot {
    QString name;
    QString directory;
    QString metric; ///< nrmse, mse, accuracy or cross_entropy
    bool higherIsBetter = false;
    QStringList gridKeys;
    QVector<StudyPointSummary> points;
    QVector<StudyRunSummary> runs;
    QString error; ///< why the directory could not be read; empty when it could

    bool isEmpty() const { return points.isEmpty(); }
    /// Runs in `state` ("done", "running", ...).
    int count(const QString& state) const
    {
        int n = 0;
        for (const auto& run : runs)
            n += run.state == state ? 1 : 0;
        return n;
    }
    /// Whether every point has a number for grid key `key` (an axis a plot can use).
    bool numericKey(int key) const
    {
        for (const auto& point : points)
            if (key >= point.numbers.size() || !(point.numbers[key] == point.numbers[key]))
                return false;
        return !points.isEmpty();
    }
};

} // namespace csae::ui

Q_DECLARE_METATYPE(csae::ui::StudySnapshot)
