#include "app/bridge/rate_coding_bridge.h"

#include "model/core/errors.h"
#include "model/data/dataset_locator.h"
#include "model/data/idx_file.h"
#include "model/teaching/rate_coding_lesson.h"

#include <ATen/ATen.h>

namespace csae {
namespace {

RateEncoderOptions options_of(const ui::RateCodingSetting& setting)
{
    RateEncoderOptions options;
    options.f_on(setting.fOn).f_off(setting.fOff).dt(setting.dt).steps(setting.steps);
    return options;
}

QVector<int> to_counts(const at::Tensor& counts)
{
    const at::Tensor flat = counts.reshape({-1}).to(at::kInt).contiguous();
    return QVector<int>(flat.data_ptr<int>(), flat.data_ptr<int>() + flat.numel());
}

} // namespace

ui::RateCodingSnapshot compute_rate_coding(const ui::RateCodingRequest& request)
{
    ui::RateCodingSnapshot snapshot;
    if (request.width < 1 || request.height < 1 || request.image.size() != qsizetype(request.width) * request.height) {
        snapshot.error = QStringLiteral("rate coding: the image has %1 values, not %2 x %3")
                             .arg(request.image.size())
                             .arg(request.width)
                             .arg(request.height);
        return snapshot;
    }
    const at::Tensor image =
        at::from_blob(const_cast<float*>(request.image.constData()), {request.height, request.width}, at::kFloat)
            .clamp(0.0, 1.0);
    RateCodingLesson lesson;
    try {
        lesson = rate_coding_lesson(image, options_of(request.setting), request.seed);
    } catch (const InputError& error) {
        snapshot.error = QString::fromUtf8(error.what());
        return snapshot;
    }
    snapshot.width = request.width;
    snapshot.height = request.height;
    snapshot.steps = request.setting.steps;
    const at::Tensor p = lesson.probabilities.reshape({-1}).contiguous();
    snapshot.probabilities = QVector<float>(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
    const at::Tensor spikes = lesson.spikes.reshape({-1}).contiguous();
    snapshot.spikes =
        QVector<quint8>(spikes.data_ptr<std::uint8_t>(), spikes.data_ptr<std::uint8_t>() + spikes.numel());
    snapshot.counts = to_counts(lesson.counts);
    try {
        const RateCodingLesson comparison = rate_coding_lesson(image, options_of(request.comparison), request.seed);
        snapshot.comparisonCounts = to_counts(comparison.counts);
        snapshot.comparisonSteps = request.comparison.steps;
    } catch (const InputError& error) {
        snapshot.comparisonError = QString::fromUtf8(error.what());
    }
    const qsizetype pixels = qsizetype(request.width) * request.height;
    if (request.pixel >= 0 && request.pixel < pixels) {
        snapshot.pixel = request.pixel;
        snapshot.pixelProbability = snapshot.probabilities[request.pixel];
        const at::Tensor trace = lesson.spikes.reshape({lesson.spikes.size(0), -1}).select(1, request.pixel);
        for (const double average : running_average(trace))
            snapshot.runningAverage << average;
        snapshot.redraws = std::max(1, request.redraws);
        for (const std::int64_t count :
             count_histogram(snapshot.pixelProbability, request.setting.steps, snapshot.redraws, request.seed ^ 0xB1u))
            snapshot.histogram << qint64(count);
        for (const double probability : binomial_pmf(request.setting.steps, snapshot.pixelProbability))
            snapshot.binomial << probability;
    }
    return snapshot;
}

QVector<QImage> mnist_test_images(int count, QString* why)
{
    try {
        const DatasetFiles files = locate_dataset("mnist", {}, CSAE_PROJECT_DATA_DIR);
        const IdxImages images = read_idx_images(files.test_images);
        QVector<QImage> result;
        const std::int64_t area = images.rows * images.cols;
        for (std::int64_t i = 0; i < std::min<std::int64_t>(count, images.count); ++i) {
            QImage image(int(images.cols), int(images.rows), QImage::Format_Grayscale8);
            for (std::int64_t y = 0; y < images.rows; ++y)
                std::copy_n(images.pixels.data() + i * area + y * images.cols, images.cols, image.scanLine(int(y)));
            result << image;
        }
        return result;
    } catch (const std::exception& error) {
        if (why)
            *why = QString::fromUtf8(error.what());
        return {};
    }
}

} // namespace csae
