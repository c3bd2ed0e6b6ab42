#include "app/studio/curve_files.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

namespace csae {

bool writeCurvesCsv(const CurveRows& rows, const QString& file, QString* error)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = QStringLiteral("%1: %2").arg(file, out.errorString());
        return false;
    }
    QTextStream stream(&out);
    stream << "split,step,loss,nrmse,mse\n";
    for (const auto& [step, loss] : rows.train)
        stream << "train," << step << ',' << QString::number(loss, 'g', 10) << ",,\n";
    for (const auto& [step, nrmse, mse] : rows.test)
        stream << "test," << step << ",," << QString::number(nrmse, 'g', 10) << ',' << QString::number(mse, 'g', 10)
               << '\n';
    stream.flush();
    if (!out.commit()) {
        *error = QStringLiteral("%1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

bool writeCurvesJsonl(const CurveRows& rows, const QString& file, QString* error)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = QStringLiteral("%1: %2").arg(file, out.errorString());
        return false;
    }
    const auto write = [&out](const QJsonObject& row) {
        out.write(QJsonDocument(row).toJson(QJsonDocument::Compact));
        out.write("\n");
    };
    for (const auto& [step, loss] : rows.train)
        write({{QStringLiteral("split"), QStringLiteral("train")},
               {QStringLiteral("step"), step},
               {QStringLiteral("loss"), loss}});
    for (const auto& [step, nrmse, mse] : rows.test)
        write({{QStringLiteral("split"), QStringLiteral("test")},
               {QStringLiteral("step"), step},
               {QStringLiteral("nrmse"), nrmse},
               {QStringLiteral("mse"), mse}});
    if (!out.commit()) {
        *error = QStringLiteral("%1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

} // namespace csae
