#pragma once
// The loss curves the studio shows, as rows, and the two files they are written to: CSV for
// spreadsheets (File → Export metrics) and metrics.jsonl's row format beside a saved checkpoint,
// which TrainingController::readRunHistory reads back. GUI thread (plain values, no Qt widgets).

#include <QString>
#include <QVector>

#include <tuple>
#include <utility>

namespace csae {

struct CurveRows {
    QVector<std::pair<qint64, double>> train;         ///< step, training loss
    QVector<std::tuple<qint64, double, double>> test; ///< step, test nRMSE, test MSE
    void clear()
    {
        train.clear();
        test.clear();
    }
};

/// split,step,loss,nrmse,mse. False with a message naming the file when it cannot be written.
bool writeCurvesCsv(const CurveRows& rows, const QString& file, QString* error);
/// One JSON object per line, as in metrics.jsonl; written atomically (QSaveFile).
bool writeCurvesJsonl(const CurveRows& rows, const QString& file, QString* error);

} // namespace csae
