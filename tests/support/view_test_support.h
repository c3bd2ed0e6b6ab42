#pragma once
// Helpers the view tests share: colour counts of grabs (a blank or single-colour view has very
// few), showing a widget and waiting until it is exposed, and optional screenshots for looking at
// the views by eye. GUI thread only.

#include <QDir>
#include <QImage>
#include <QSet>
#include <QWidget>
#include <QtTest/QtTest>

namespace csae::ui::testing {

/// The distinct colours of `source` (compared as opaque RGB32).
inline QSet<QRgb> colourSet(const QImage& source)
{
    const QImage image = source.convertToFormat(QImage::Format_RGB32);
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            colours.insert(line[x]);
    }
    return colours;
}

/// Distinct colours in a grab of `widget`.
inline int distinctColours(QWidget* widget)
{
    return int(colourSet(widget->grab().toImage()).size());
}

/// Saves a grab under $CSAE_UI_SCREENSHOTS when set.
inline void saveScreenshot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("CSAE_UI_SCREENSHOTS");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

/// Resizes and shows `widget` and waits until it is exposed (fails the calling test otherwise).
inline void showAndWait(QWidget* widget, QSize size = QSize(800, 600))
{
    widget->resize(size);
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget));
}

} // namespace csae::ui::testing
