#pragma once
// A teaching view on its own, in a presenter layout: full screen (F11), larger or smaller text
// (Ctrl++, Ctrl+-, Ctrl+0), a plain background, and its animation exported as GIF for slides.
// `csae-studio --teach NAME` opens one; the studio's Teach menu too. GUI thread only.

#include <QMainWindow>
#include <QStringList>

#include <memory>

namespace csae {

class NetworkWalker;

namespace ui {
class LifPlaygroundView;
class RateCodingView;
class TeachingView;
} // namespace ui

class TeachWindow : public QMainWindow {
    Q_OBJECT
public:
    /// The names `--teach` accepts, in menu order.
    static QStringList lessonNames();
    /// A window for `lesson` (one of lessonNames()); nullptr and `error` for another name.
    static TeachWindow* create(const QString& lesson, QString* error, QWidget* parent = nullptr);

    QString lesson() const { return m_lesson; }
    double fontScale() const { return m_fontScale; }
    void setFontScale(double scale);
    /// The lesson's view; owned by the window.
    ui::TeachingView* view() const { return m_view; }
    /// The view as the rate-coding explorer or the LIF playground; nullptr for another lesson.
    ui::RateCodingView* rateCodingView() const;
    ui::LifPlaygroundView* lifPlaygroundView() const;
    /// The network lesson: walks the trained network of a run directory from now on; false and
    /// `error` when it cannot be loaded (or another lesson is open).
    bool openRun(const QString& directory, QString* error);
    /// The network lesson: walks the network of a checkpoint file, named `label`; as openRun.
    bool openCheckpoint(const QString& file, const QString& label, QString* error);
    /// The network lesson: offers "Walk the studio's model", which emits liveModelRequested.
    void setLiveModelOffered(bool offered);

    /// Writes the lesson's animation as GIF; false and `error` when it cannot.
    bool exportAnimation(const QString& fileName, QString* error);

Q_SIGNALS:
    /// The network lesson wants the studio's current model (the studio answers with openCheckpoint).
    void liveModelRequested();

private:
    bool walkerLoaded(bool loaded);
    TeachWindow(const QString& lesson, QWidget* parent);

    QString m_lesson;
    double m_fontScale = 1.0;
    ui::TeachingView* m_view = nullptr;
    std::shared_ptr<NetworkWalker> m_walker; ///< the network lesson's engine side
};

} // namespace csae
