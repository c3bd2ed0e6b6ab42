#include "app/studio/teach_window.h"

#include "app/bridge/convolution_bridge.h"
#include "app/bridge/lif_bridge.h"
#include "app/bridge/network_walk_bridge.h"
#include "app/bridge/rate_coding_bridge.h"
#include "app/bridge/surrogate_bridge.h"
#include "app/studio/recent_files.h"
#include "ui/teaching/convolution_view.h"
#include "ui/teaching/lif_playground_view.h"
#include "ui/teaching/network_walk_view.h"
#include "ui/teaching/rate_coding_view.h"
#include "ui/teaching/surrogate_view.h"

#include <QAction>
#include <QFileDialog>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include <algorithm>

namespace csae {

QStringList TeachWindow::lessonNames()
{
    return {QStringLiteral("rate-coding"), QStringLiteral("lif"), QStringLiteral("surrogate"),
            QStringLiteral("convolution"), QStringLiteral("network")};
}

TeachWindow* TeachWindow::create(const QString& lesson, QString* error, QWidget* parent)
{
    if (!lessonNames().contains(lesson)) {
        if (error)
            *error = tr("unknown lesson \"%1\" (lessons: %2)").arg(lesson, lessonNames().join(QStringLiteral(", ")));
        return nullptr;
    }
    return new TeachWindow(lesson, parent);
}

TeachWindow::TeachWindow(const QString& lesson, QWidget* parent) : QMainWindow(parent), m_lesson(lesson)
{
    setAttribute(Qt::WA_DeleteOnClose);
    QString status;
    if (lesson == QLatin1String("network")) {
        auto* walk = new ui::NetworkWalkView(this);
        m_walker = std::make_shared<NetworkWalker>();
        walk->setComputer(
            [walker = m_walker](const QVector<float>& image, quint64 seed) { return walker->walk(image, seed); });
        connect(walk, &ui::NetworkWalkView::openRunRequested, this, [this, walk] {
            const QString directory = askExistingDirectory(this, tr("Walk a trained run"));
            if (directory.isEmpty())
                return;
            QString error;
            if (openRun(directory, &error))
                walk->refresh();
            else
                QMessageBox::warning(this, tr("Cannot open run"), error);
        });
        connect(walk, &ui::NetworkWalkView::liveModelRequested, this, &TeachWindow::liveModelRequested);
        m_view = walk;
        setWindowTitle(tr("One digit through the network — csae-studio"));
        status = tr("Scrub or play t; Walk a trained run… to see what training changed");
    } else if (lesson == QLatin1String("convolution")) {
        auto* stepper = new ui::ConvolutionView(this);
        stepper->setComputer(&compute_convolution);
        stepper->setRequest(seed_convolution_request());
        m_view = stepper;
        setWindowTitle(tr("Convolution, step by step — csae-studio"));
        status = tr("The seed's X and W: step or play the window; edit any number; then scrub the spiking frames");
    } else if (lesson == QLatin1String("surrogate")) {
        auto* surrogates = new ui::SurrogateView(this);
        surrogates->setComputer(&compute_surrogate);
        m_view = surrogates;
        setWindowTitle(tr("Surrogate gradients — csae-studio"));
        status = tr("Move the slope and see the gradient each surrogate gives; train one neuron with each");
    } else if (lesson == QLatin1String("lif")) {
        auto* playground = new ui::LifPlaygroundView(this);
        playground->setComputer(&compute_lif);
        m_view = playground;
        setWindowTitle(tr("The LIF neuron — csae-studio"));
        status = tr("Pick an input, set each neuron's β, threshold, reset and form; draw a current with Drawn");
    } else {
        auto* explorer = new ui::RateCodingView(this);
        explorer->setComputer(&compute_rate_coding);
        QString why;
        const QVector<QImage> images = mnist_test_images(100, &why);
        explorer->setTestImages(images);
        m_view = explorer;
        setWindowTitle(tr("From floats to spikes: rate coding — csae-studio"));
        status = images.isEmpty() ? tr("MNIST not found (%1): draw a digit or pick a built-in one").arg(why)
                                  : tr("Draw a digit, pick one, or choose an MNIST test image");
    }
    setCentralWidget(m_view);
    // A plain white background for projectors.
    QPalette plain = palette();
    plain.setColor(QPalette::Window, Qt::white);
    setPalette(plain);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* exportGif = file->addAction(tr("Export &animation as GIF…"));
    connect(exportGif, &QAction::triggered, this, [this] {
        const QString name =
            askSaveFileName(this, tr("Export animation"), m_view->animationName(), tr("GIF animation (*.gif)"));
        if (name.isEmpty())
            return;
        QString error;
        if (!exportAnimation(name, &error))
            QMessageBox::warning(this, tr("Cannot export"), error);
        else
            statusBar()->showMessage(tr("Wrote %1").arg(name), 5000);
    });
    file->addSeparator();
    QAction* close = file->addAction(tr("&Close"), this, &QWidget::close);
    close->setShortcut(QKeySequence::Close);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* fullScreen = view->addAction(tr("&Full screen"));
    fullScreen->setShortcut(QKeySequence(Qt::Key_F11));
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    QAction* larger = view->addAction(tr("&Larger text"), this, [this] { setFontScale(m_fontScale * 1.25); });
    larger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction* smaller = view->addAction(tr("&Smaller text"), this, [this] { setFontScale(m_fontScale / 1.25); });
    smaller->setShortcut(QKeySequence::ZoomOut);
    QAction* normal = view->addAction(tr("&Normal text"), this, [this] { setFontScale(1.0); });
    normal->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    statusBar()->showMessage(status);
    resize(1400, 820);
}

void TeachWindow::setFontScale(double scale)
{
    m_fontScale = std::clamp(scale, 0.5, 4.0);
    m_view->setFontScale(m_fontScale);
}

bool TeachWindow::exportAnimation(const QString& fileName, QString* error)
{
    return m_view->exportAnimation(fileName, error);
}

bool TeachWindow::openRun(const QString& directory, QString* error)
{
    if (!m_walker) {
        if (error)
            *error = tr("only the network lesson walks a run");
        return false;
    }
    return walkerLoaded(m_walker->loadRun(directory, error));
}

bool TeachWindow::openCheckpoint(const QString& file, const QString& label, QString* error)
{
    if (!m_walker) {
        if (error)
            *error = tr("only the network lesson walks a model");
        return false;
    }
    return walkerLoaded(m_walker->loadCheckpoint(file, label, error));
}

bool TeachWindow::walkerLoaded(bool loaded)
{
    if (!loaded)
        return false;
    if (auto* walk = qobject_cast<ui::NetworkWalkView*>(m_view))
        walk->refresh();
    return true;
}

void TeachWindow::setLiveModelOffered(bool offered)
{
    if (auto* walk = qobject_cast<ui::NetworkWalkView*>(m_view))
        walk->setLiveModelOffered(offered);
}

ui::RateCodingView* TeachWindow::rateCodingView() const
{
    return qobject_cast<ui::RateCodingView*>(m_view);
}

ui::LifPlaygroundView* TeachWindow::lifPlaygroundView() const
{
    return qobject_cast<ui::LifPlaygroundView*>(m_view);
}

} // namespace csae
