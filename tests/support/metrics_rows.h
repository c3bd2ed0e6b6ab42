#pragma once
// A run's metrics.jsonl as the crash-consistency tests compare it: its rows as the engine reads
// them (a torn last line is no row), and the numbers of each train and test row that must equal
// an uninterrupted run's.

#include <QtCore/QByteArray>
#include <QtCore/QFile>
#include <QtCore/QString>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace csae::testing {

/// Every row of a metrics file, as the engine reads it: a torn last line is no row.
inline std::vector<nlohmann::json> metricsRows(const QString& path)
{
    QFile file(path);
    std::vector<nlohmann::json> rows;
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        nlohmann::json row = nlohmann::json::parse(lines[i].toStdString(), nullptr, false);
        if (row.is_discarded() && i == lines.size() - 1)
            continue; // unterminated and torn
        rows.push_back(std::move(row));
    }
    return rows;
}

/// (split, step) -> the row's numbers that must match an uninterrupted run: a train row's loss
/// and learning rate, a test row's nRMSE and MSE.
inline std::map<std::pair<std::string, std::int64_t>, std::vector<double>>
comparableMetrics(const std::vector<nlohmann::json>& rows)
{
    std::map<std::pair<std::string, std::int64_t>, std::vector<double>> values;
    for (const nlohmann::json& row : rows) {
        if (!row.is_object())
            continue;
        const std::string split = row.value("split", "");
        if (split == "train")
            values[{split, row["step"]}] = {row["loss"].get<double>(), row["lr"].get<double>()};
        else if (split == "test")
            values[{split, row["step"]}] = {row["nrmse"].get<double>(), row["mse"].get<double>()};
    }
    return values;
}

} // namespace csae::testing
