#pragma once
// What the presenter window (app/studio/teach_window) needs of a lesson's view: text that
// scales for a projector and an animation to export for slides. GUI thread only.

#include <QString>
#include <QWidget>

#include <initializer_list>

class QCustomPlot;

namespace csae::ui {

class TeachingView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    /// Scales the texts and the plots' fonts; 1 is the application's size.
    virtual void setFontScale(double scale) = 0;
    /// Writes the lesson's animation as an animated GIF; false and a message naming the file otherwise.
    virtual bool exportAnimation(const QString& fileName, QString* error) = 0;
    /// The file name the export dialog proposes.
    virtual QString animationName() const = 0;

Q_SIGNALS:
    /// After every recomputation and redraw (tests time the response with it).
    void redrawn();

protected:
    /// The application's font scaled by `scale` on this view and on `plots`' axes and legends
    /// (a plot keeps its own fonts), which are redrawn.
    void scaleFonts(double scale, std::initializer_list<QCustomPlot*> plots = {});
};

} // namespace csae::ui
