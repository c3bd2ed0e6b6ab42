#include "ui/export/animation_export.h"

#include "ui/export/gif_writer.h"
#include "ui/training/input_spike_view.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>

#include <algorithm>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

namespace csae::ui {
namespace {

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

bool exportSpikeAnimation(InputSpikeView* view, const QString& fileName, int framesPerSecond, QString* error, int scale,
                          bool timeLabel)
{
    if (!view || view->steps() == 0)
        return fail(error,
                    QCoreApplication::translate("csae::ui::AnimationExport", "%1: there is no input to animate yet")
                        .arg(fileName));
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    const bool gif = suffix == QLatin1String("gif");
    if (!gif && suffix != QLatin1String("avi"))
        return fail(error, QCoreApplication::translate("csae::ui::AnimationExport",
                                                       "%1: animations are written as .gif or Motion-JPEG .avi files")
                               .arg(fileName));
    const int fps = std::max(1, framesPerSecond);
    const auto render = [view, scale, timeLabel](int t) { return view->animationFrame(t, scale, timeLabel); };

    QImage frame = render(1);
    if (gif) {
        GifWriter writer;
        if (!writer.open(fileName, frame.size(), 1000 / fps, error))
            return false;
        for (int t = 1; t <= view->steps(); ++t) {
            if (t > 1)
                frame = render(t);
            if (!writer.addFrame(frame, error))
                return false;
        }
        return writer.finish(error);
    }
    // Motion JPEG wants even frame sizes.
    const cv::Size size(frame.width() & ~1, frame.height() & ~1);
    cv::VideoWriter writer(fileName.toStdString(), cv::CAP_OPENCV_MJPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                           fps, size);
    if (!writer.isOpened())
        return fail(
            error,
            QCoreApplication::translate("csae::ui::AnimationExport", "%1: cannot write the video file").arg(fileName));
    cv::Mat bgr;
    for (int t = 1; t <= view->steps(); ++t) {
        if (t > 1)
            frame = render(t);
        const cv::Mat rgb(frame.height(), frame.width(), CV_8UC3, const_cast<uchar*>(frame.constBits()),
                          static_cast<size_t>(frame.bytesPerLine()));
        cv::cvtColor(rgb(cv::Rect(0, 0, size.width, size.height)), bgr, cv::COLOR_RGB2BGR);
        writer.write(bgr);
    }
    writer.release();
    return true;
}

} // namespace csae::ui
