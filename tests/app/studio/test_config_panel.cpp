// The configuration panel as a user meets it (offscreen): scrolling over it never edits the
// configuration, and a value the engine refuses stays visible at its field with the engine's
// message while Start is refused, instead of being silently put back.

#include "app/studio/config_panel.h"
#include "app/studio/main_window.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QWheelEvent>
#include <QtTest/QtTest>

using csae::ConfigPanel;

namespace {

/// One notch of the wheel at the middle of `widget`, delivered as Qt delivers one from a mouse:
/// to the widget, then up its parents while it is ignored. The walk is done here because
/// QApplication does not propagate a wheel event a program sends itself (not spontaneous).
void wheel_over(QWidget* widget, int notches = -1)
{
    const QPoint spot = widget->mapToGlobal(widget->rect().center());
    for (QWidget* target = widget; target; target = target->isWindow() ? nullptr : target->parentWidget()) {
        QWheelEvent event(QPointF(target->mapFromGlobal(spot)), QPointF(spot), QPoint(), QPoint(0, 120 * notches),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(target, &event);
        if (event.isAccepted())
            return;
    }
}

std::string dump(const ConfigPanel& panel)
{
    return panel.config().to_json().dump();
}

/// Types `text` into the line edit of `key` and presses Return, as a user finishes an edit.
void type_into(ConfigPanel& panel, const QString& key, const QString& text)
{
    auto* line = qobject_cast<QLineEdit*>(panel.editor(key));
    QVERIFY2(line, qPrintable(key));
    line->selectAll();
    QTest::keyClicks(line, text);
    QTest::keyClick(line, Qt::Key_Return);
}

} // namespace

class TestConfigPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    /// The wheel over every spin and combo box scrolls the panel and changes no value.
    void wheelOverUnfocusedEditorsScrolls()
    {
        QScrollArea scroll;
        auto* panel = new ConfigPanel;
        scroll.setWidget(panel);
        scroll.setWidgetResizable(true);
        scroll.resize(360, 400);
        scroll.show();
        QVERIFY(QTest::qWaitForWindowExposed(&scroll));
        const std::string before = dump(*panel);

        QList<QWidget*> editors;
        for (QWidget* editor : panel->findChildren<QAbstractSpinBox*>())
            editors << editor;
        for (QWidget* editor : panel->findChildren<QComboBox*>())
            editors << editor;
        QVERIFY(editors.size() >= 10);
        bool scrolled = false;
        // As after a click on the panel's background: no editor holds the focus.
        scroll.setFocusPolicy(Qt::StrongFocus);
        scroll.setFocus();
        for (QWidget* editor : editors) {
            QVERIFY(!editor->hasFocus());
            scroll.ensureWidgetVisible(editor);
            const int position = scroll.verticalScrollBar()->value();
            wheel_over(editor, position == scroll.verticalScrollBar()->maximum() ? 1 : -1);
            scrolled = scrolled || scroll.verticalScrollBar()->value() != position;
            QVERIFY2(dump(*panel) == before, qPrintable(editor->toolTip().section(QLatin1Char('\n'), -1)));
        }
        QVERIFY2(scrolled, "the wheel over an editor did not scroll the panel");
        QVERIFY(panel->isValid());
    }

    /// A focused editor still takes the wheel, as users of spin boxes expect.
    void focusedEditorTakesTheWheel()
    {
        ConfigPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        auto* steps = qobject_cast<QSpinBox*>(panel.editor(QStringLiteral("encoding.steps")));
        QVERIFY(steps);
        const auto before = panel.config().encoding.steps;
        steps->setFocus();
        QTRY_VERIFY(steps->hasFocus());
        QSignalSpy edited(&panel, &ConfigPanel::configEdited);
        wheel_over(steps, 1);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(panel.config().encoding.steps, before + 1);
    }

    /// f_on above 1/dt: the field keeps the text, is marked with the engine's message, the
    /// configuration keeps its last accepted value, and fixing dt makes the same f_on valid.
    void refusedValueStaysAtItsField()
    {
        ConfigPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const double f_on = panel.config().encoding.f_on;
        QSignalSpy validity(&panel, &ConfigPanel::validityChanged);
        QSignalSpy edited(&panel, &ConfigPanel::configEdited);

        type_into(panel, QStringLiteral("encoding.f_on"), QStringLiteral("5000"));
        QVERIFY(!panel.isValid());
        QCOMPARE(validity.count(), 1);
        QCOMPARE(validity.at(0).at(0).toBool(), false);
        QCOMPARE(edited.count(), 0);
        QCOMPARE(panel.config().encoding.f_on, f_on);
        auto* field = qobject_cast<QLineEdit*>(panel.editor(QStringLiteral("encoding.f_on")));
        QCOMPARE(field->text(), QStringLiteral("5000"));
        const QString message = panel.errors().value(QStringLiteral("encoding.f_on"));
        QVERIFY2(message.startsWith(QStringLiteral("encoding.f_on: 5000")) && message.contains(QStringLiteral("1/dt")),
                 qPrintable(message));
        QVERIFY(field->toolTip().startsWith(message));
        QVERIFY(!field->styleSheet().isEmpty());

        // Lowering dt makes the refused f_on valid: both are applied together.
        type_into(panel, QStringLiteral("encoding.dt"), QStringLiteral("0.0001"));
        QVERIFY(panel.isValid());
        QCOMPARE(validity.count(), 2);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(panel.config().encoding.f_on, 5000.0);
        QCOMPARE(panel.config().encoding.dt, 0.0001);
        QVERIFY(panel.errors().isEmpty());
        QVERIFY(field->styleSheet().isEmpty());
        QVERIFY(!field->toolTip().startsWith(message));
    }

    /// A value that does not parse is refused the same way, and loading a configuration clears it.
    void unparsableValueThenLoadedConfig()
    {
        ConfigPanel panel;
        type_into(panel, QStringLiteral("train.lr"), QStringLiteral("fast"));
        QVERIFY(!panel.isValid());
        QVERIFY2(panel.errors().value(QStringLiteral("train.lr")).startsWith(QStringLiteral("train.lr")),
                 qPrintable(panel.errors().value(QStringLiteral("train.lr"))));
        QSignalSpy validity(&panel, &ConfigPanel::validityChanged);
        panel.setConfig(csae::Config{});
        QVERIFY(panel.isValid());
        QCOMPARE(validity.count(), 1);
        QVERIFY(panel.errors().isEmpty());
    }

    /// The main window refuses Start (and Step) while the panel holds a refused value.
    void startIsRefusedWhileInvalid()
    {
        csae::MainWindow window;
        auto* panel = window.findChild<ConfigPanel*>();
        QVERIFY(panel);
        QAction* start = nullptr;
        for (QAction* action : window.findChildren<QAction*>())
            if (action->shortcut() == QKeySequence(QStringLiteral("Ctrl+R")))
                start = action;
        QVERIFY(start);
        QVERIFY(start->isEnabled());
        type_into(*panel, QStringLiteral("encoding.f_on"), QStringLiteral("5000"));
        QVERIFY(!start->isEnabled());
        type_into(*panel, QStringLiteral("encoding.f_on"), QStringLiteral("500"));
        QVERIFY(start->isEnabled());
        QCOMPARE(panel->config().encoding.f_on, 500.0);
    }
};

QTEST_MAIN(TestConfigPanel)
#include "test_config_panel.moc"
