#include "ui/animation_export.h"

#include "ui/input_spike_view.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>

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

bool exportSpikeAnimation(InputSpikeView* view, const QString& fileName, int framesPerSecond, QString* error)
{
    if (!view || view->steps() == 0)
        return fail(error, QCoreApplication::translate("csae::ui::AnimationExport", "%1: there is no input to animate yet").arg(fileName));
    if (QFileInfo(fileName).suffix().compare(QLatin1String("avi"), Qt::CaseInsensitive) != 0)
        return fail(error, QCoreApplication::translate("csae::ui::AnimationExport", "%1: animations are written as Motion-JPEG .avi files").arg(fileName));
    const int restore = view->cursor();
    const bool wasPlaying = view->isPlaying();
    view->setPlaying(false);
    view->setCursor(1);
    QImage first = view->grab().toImage().convertToFormat(QImage::Format_RGB888);
    // Motion JPEG wants even frame sizes.
    const cv::Size size(first.width() & ~1, first.height() & ~1);
    cv::VideoWriter writer(fileName.toStdString(), cv::CAP_OPENCV_MJPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                           std::max(1, framesPerSecond), size);
    if (!writer.isOpened())
        return fail(error, QCoreApplication::translate("csae::ui::AnimationExport", "%1: cannot write the video file").arg(fileName));
    cv::Mat bgr;
    for (int t = 1; t <= view->steps(); ++t) {
        view->setCursor(t);
        const QImage frame = t == 1 ? first : view->grab().toImage().convertToFormat(QImage::Format_RGB888);
        const cv::Mat rgb(frame.height(), frame.width(), CV_8UC3, const_cast<uchar*>(frame.constBits()),
                          static_cast<size_t>(frame.bytesPerLine()));
        cv::cvtColor(rgb(cv::Rect(0, 0, size.width, size.height)), bgr, cv::COLOR_RGB2BGR);
        writer.write(bgr);
    }
    writer.release();
    view->setCursor(restore);
    view->setPlaying(wasPlaying);
    return true;
}

} // namespace csae::ui
