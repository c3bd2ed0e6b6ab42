#include "app/studio/analysis_files.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace csae {

/// The translation context of the messages below.
class AnalysisFiles {
    Q_DECLARE_TR_FUNCTIONS(csae::AnalysisFiles)
};

ui::EmbeddingSnapshot readAnalysisDirectory(const QString& directory, QString* error)
{
    const QString projectionPath = QDir(directory).filePath(QStringLiteral("projection.csv"));
    QFile projection(projectionPath);
    if (!projection.open(QIODevice::ReadOnly)) {
        *error = AnalysisFiles::tr("%1: cannot open (csae analyse --run DIR --out OUT writes it)").arg(projectionPath);
        return {};
    }
    ui::EmbeddingSnapshot snapshot;
    const QList<QByteArray> lines = projection.readAll().split('\n');
    if (lines.isEmpty() || lines.front().trimmed() != "label,pca_x,pca_y,umap_x,umap_y") {
        *error = AnalysisFiles::tr("%1:1: expected the header label,pca_x,pca_y,umap_x,umap_y").arg(projectionPath);
        return {};
    }
    for (qsizetype number = 1; number < lines.size(); ++number) {
        const QByteArray line = lines[number].trimmed();
        if (line.isEmpty())
            continue;
        const QList<QByteArray> cells = line.split(',');
        bool ok = cells.size() == 5;
        double values[5] = {};
        for (int c = 0; ok && c < 5; ++c) {
            values[c] = cells[c].toDouble(&ok);
            ok = ok && std::isfinite(values[c]);
        }
        if (!ok || values[0] < 0 || values[0] > 100000 || values[0] != std::floor(values[0])) {
            *error = AnalysisFiles::tr("%1:%2: not a row of five numbers with a label of 0 or more")
                         .arg(projectionPath)
                         .arg(number + 1);
            return {};
        }
        snapshot.labels << int(values[0]);
        snapshot.pca << QPointF(values[1], values[2]);
        snapshot.umap << QPointF(values[3], values[4]);
    }
    const QString analysisPath = QDir(directory).filePath(QStringLiteral("analysis.json"));
    QFile analysisFile(analysisPath);
    if (analysisFile.exists()) {
        if (!analysisFile.open(QIODevice::ReadOnly)) {
            *error = AnalysisFiles::tr("%1: cannot open").arg(analysisPath);
            return {};
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(analysisFile.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            *error = AnalysisFiles::tr("%1: not a JSON object (%2)")
                         .arg(analysisPath, parseError.error != QJsonParseError::NoError
                                                ? parseError.errorString()
                                                : AnalysisFiles::tr("another JSON value"));
            return {};
        }
        const QJsonObject analysis = document.object();
        for (const QJsonValue& name : analysis.value(QStringLiteral("class_names")).toArray())
            snapshot.classNames << name.toString();
        const QLocale locale;
        snapshot.summary =
            AnalysisFiles::tr(
                "%1 samples of %2: kNN probe %3, linear probe %4, trustworthiness PCA %5 / UMAP %6, silhouette %7")
                .arg(snapshot.labels.size())
                .arg(analysis.value(QStringLiteral("layer")).toString())
                .arg(locale.toString(analysis.value(QStringLiteral("knn_accuracy")).toDouble(), 'f', 3))
                .arg(locale.toString(analysis.value(QStringLiteral("linear_probe_accuracy")).toDouble(), 'f', 3))
                .arg(locale.toString(analysis.value(QStringLiteral("trustworthiness_pca")).toDouble(), 'f', 3))
                .arg(locale.toString(analysis.value(QStringLiteral("trustworthiness_umap")).toDouble(), 'f', 3))
                .arg(locale.toString(analysis.value(QStringLiteral("silhouette")).toDouble(), 'f', 3));
    }
    return snapshot;
}

namespace {

// Largest field file read: 1000 embedding neurons of 128x128 DVS fields in three channels as JSON
// take about 600 MB; anything larger is not a file csae analyse wrote.
constexpr qint64 kLargestFieldFile = qint64(1) << 30;

bool readFieldFile(const QString& path, ui::FieldSet* set, QString* error)
{
    const QFileInfo info(path);
    if (!info.exists())
        return true;
    if (info.size() > kLargestFieldFile) {
        *error = AnalysisFiles::tr("%1: %2 bytes is larger than any field file (at most %3)")
                     .arg(path)
                     .arg(info.size())
                     .arg(kLargestFieldFile);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = AnalysisFiles::tr("%1: cannot open").arg(path);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = AnalysisFiles::tr("%1: not a JSON object (%2)")
                     .arg(path, parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                             : AnalysisFiles::tr("another JSON value"));
        return false;
    }
    const QJsonObject json = document.object();
    const auto fail = [&](const QString& key, const QString& reason) {
        *error = AnalysisFiles::tr("%1: \"%2\" %3").arg(path, key, reason);
        return false;
    };
    ui::FieldSet result;
    result.layer = json.value(QStringLiteral("layer")).toString();
    result.perChannel = json.value(QStringLiteral("per_channel")).toBool();
    result.width = json.value(QStringLiteral("width")).toInt(-1);
    result.height = json.value(QStringLiteral("height")).toInt(-1);
    result.samples = json.value(QStringLiteral("samples")).toInt();
    result.ridge = json.value(QStringLiteral("ridge")).toDouble();
    for (const QJsonValue& channel : json.value(QStringLiteral("channels")).toArray())
        result.channels << channel.toString();
    if (result.width < 1 || result.width > 1024)
        return fail(QStringLiteral("width"), AnalysisFiles::tr("must be 1-1024"));
    if (result.height < 1 || result.height > 1024)
        return fail(QStringLiteral("height"), AnalysisFiles::tr("must be 1-1024"));
    if (result.channels.isEmpty() || result.channels.size() > 3)
        return fail(QStringLiteral("channels"), AnalysisFiles::tr("must list 1-3 channel names"));
    const qsizetype size = qsizetype(result.channels.size()) * result.width * result.height;
    const QJsonArray neurons = json.value(QStringLiteral("neurons")).toArray();
    for (qsizetype i = 0; i < neurons.size(); ++i) {
        const QJsonObject neuron = neurons[i].toObject();
        const QJsonArray values = neuron.value(QStringLiteral("field")).toArray();
        if (values.size() != size)
            return fail(
                QStringLiteral("neurons[%1].field").arg(i),
                AnalysisFiles::tr("has %1 values, not %2 (channels x height x width)").arg(values.size()).arg(size));
        ui::FieldSet::Neuron parsed;
        parsed.index = neuron.value(QStringLiteral("index")).toInt(-1);
        parsed.rate = neuron.value(QStringLiteral("rate")).toDouble(std::nan(""));
        parsed.spikes = neuron.value(QStringLiteral("spikes")).toDouble(std::nan(""));
        if (parsed.index < 0 || !std::isfinite(parsed.rate) || !std::isfinite(parsed.spikes))
            return fail(QStringLiteral("neurons[%1]").arg(i),
                        AnalysisFiles::tr("needs an index of 0 or more, a rate and spikes"));
        parsed.values.reserve(size);
        for (const QJsonValue& value : values)
            parsed.values << float(value.toDouble(std::nan("")));
        result.neurons << parsed;
    }
    const QJsonArray shape = json.value(QStringLiteral("kernel_shape")).toArray();
    if (!shape.isEmpty()) {
        const QJsonArray weights = json.value(QStringLiteral("kernels")).toArray();
        if (shape.size() != 4 || shape[2].toInt() != shape[3].toInt() ||
            weights.size() != qsizetype(shape[0].toInt()) * shape[1].toInt() * shape[2].toInt() * shape[3].toInt() ||
            weights.isEmpty())
            return fail(QStringLiteral("kernels"), AnalysisFiles::tr("do not match kernel_shape [out, in, k, k]"));
        result.kernels.name = result.layer;
        result.kernels.outChannels = shape[0].toInt();
        result.kernels.inChannels = shape[1].toInt();
        result.kernels.size = shape[2].toInt();
        for (const QJsonValue& value : weights)
            result.kernels.weights << float(value.toDouble());
    }
    *set = std::move(result);
    return true;
}

} // namespace

bool readFieldDirectory(const QString& directory, ui::ReceptiveFieldSnapshot* snapshot, QString* error)
{
    ui::ReceptiveFieldSnapshot result;
    if (!readFieldFile(QDir(directory).filePath(QStringLiteral("receptive_fields.json")), &result.receptive, error) ||
        !readFieldFile(QDir(directory).filePath(QStringLiteral("projective_fields.json")), &result.projective, error))
        return false;
    *snapshot = std::move(result);
    return true;
}

} // namespace csae
