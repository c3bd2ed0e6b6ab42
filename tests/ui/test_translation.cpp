// The German translation: the .qm that csae-studio embeds loads from :/i18n (the path
// studio_main.cpp uses for `--lang de`), the main window and the views come up in German, and
// translations/csae_studio_de.ts is complete (no unfinished or empty message, placeholders and
// accelerators kept, every context a real class), including the engine's parameter help that
// the configuration panel shows as tooltips.

#include "app/studio/config_panel.h"
#include "app/studio/main_window.h"
#include "app/studio/parameter_labels.h"
#include "model/config/config.h"
#include "ui/training/kernel_view.h"
#include "ui/training/loss_curve_view.h"

#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest/QtTest>

#include <algorithm>

namespace {

/// The resource path studio_main.cpp loads for `--lang de` (QTranslator adds ".qm").
QString germanResource()
{
    return QStringLiteral(":/i18n/csae_studio_de");
}

struct TsMessage {
    QString context;
    QString source;
    QString comment;
    QString translation;
    QString type;
    bool numerus = false;
    qint64 line = 0;
};

/// Reads every message of a .ts file; fails the calling test on XML errors.
QList<TsMessage> readTs(const QString& fileName, QString* error)
{
    QList<TsMessage> messages;
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader reader(&file);
    QString context;
    TsMessage message;
    bool inMessage = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            const auto name = reader.name();
            if (name == QLatin1String("name") && !inMessage) {
                context = reader.readElementText();
            } else if (name == QLatin1String("message")) {
                inMessage = true;
                message = TsMessage{};
                message.context = context;
                message.numerus = reader.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                message.line = reader.lineNumber();
            } else if (inMessage && name == QLatin1String("source")) {
                message.source = reader.readElementText();
            } else if (inMessage && name == QLatin1String("comment")) {
                message.comment = reader.readElementText();
            } else if (inMessage && name == QLatin1String("translation")) {
                message.type = reader.attributes().value(QLatin1String("type")).toString();
                message.translation = reader.readElementText(QXmlStreamReader::IncludeChildElements);
            }
        } else if (reader.isEndElement() && reader.name() == QLatin1String("message")) {
            inMessage = false;
            messages.push_back(message);
        }
    }
    if (reader.hasError())
        *error = QStringLiteral("line %1: %2").arg(reader.lineNumber()).arg(reader.errorString());
    return messages;
}

QSet<QString> placeholders(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("%(\\d+|p%|n)"));
    QSet<QString> found;
    for (const auto& match : pattern.globalMatch(text))
        found.insert(match.captured(0));
    return found;
}

/// True when the text has a keyboard accelerator: an '&' not doubled ("&&" is a literal '&').
bool hasAccelerator(const QString& text)
{
    return text.count(QLatin1Char('&')) > 2 * text.count(QLatin1String("&&"));
}

QString where(const TsMessage& message)
{
    return QStringLiteral("%1 \"%2\" (.ts line %3)").arg(message.context, message.source).arg(message.line);
}

} // namespace

class TestTranslation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup()
    {
        if (installed_) {
            QCoreApplication::removeTranslator(&translator_);
            installed_ = false;
        }
    }

    void embeddedGermanLoads()
    {
        QVERIFY(QFile::exists(germanResource() + QStringLiteral(".qm")));
        QTranslator translator;
        QVERIFY(translator.load(germanResource()));
        QVERIFY(!translator.isEmpty());
        QCOMPARE(translator.language(), QStringLiteral("de"));
        // Contexts as tr() computes them: the classes' qualified names.
        const char* mainWindow = csae::MainWindow::staticMetaObject.className();
        QCOMPARE(QLatin1String(mainWindow), QLatin1String("csae::MainWindow"));
        QCOMPARE(translator.translate(mainWindow, "Start"), QStringLiteral("Starten"));
        QCOMPARE(translator.translate(mainWindow, "&File"), QStringLiteral("&Datei"));
        QCOMPARE(translator.translate(mainWindow, "Ctrl+R"), QStringLiteral("Ctrl+R"));
        QCOMPARE(translator.translate(mainWindow, "Test nRMSE %L1 at step %2"),
                 QStringLiteral("Test-nRMSE %L1 bei Schritt %2"));
        QCOMPARE(translator.translate("ParameterLabel", "Learning rate"), QStringLiteral("Lernrate"));
        QCOMPARE(translator.translate(csae::ui::LossCurveView::staticMetaObject.className(), "Log scale"),
                 QStringLiteral("Logarithmische Skala"));
        QCOMPARE(translator.translate(csae::ui::KernelView::staticMetaObject.className(), "Input channel:"),
                 QStringLiteral("Eingangskanal:"));
        QCOMPARE(translator.translate("csae::ui::ViewExport", "Nothing to export"),
                 QStringLiteral("Nichts zu exportieren"));
        QCOMPARE(translator.translate("main", "Start training at once."), QStringLiteral("Training sofort starten."));
    }

    void windowAndViewsComeUpInGerman()
    {
        QVERIFY(translator_.load(germanResource()));
        QVERIFY(QCoreApplication::installTranslator(&translator_));
        installed_ = true;

        csae::MainWindow window;
        QStringList menus;
        for (QAction* action : window.menuBar()->actions())
            menus << action->text();
        QCOMPARE(menus, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Training"), QStringLiteral("&Ansicht"),
                                     QStringLiteral("&Lehren"), QStringLiteral("&Hilfe")}));
        QAction* start = nullptr;
        for (QAction* action : window.findChildren<QAction*>())
            if (action->shortcut() == QKeySequence(QStringLiteral("Ctrl+R")))
                start = action;
        QVERIFY(start);
        QCOMPARE(start->text(), QStringLiteral("Starten"));
        QVERIFY2(start->toolTip().startsWith(QStringLiteral("Mit der aktuellen Konfiguration trainieren")),
                 qPrintable(start->toolTip()));

        csae::ui::LossCurveView loss;
        const auto boxes = loss.findChildren<QCheckBox*>();
        QVERIFY(std::any_of(boxes.begin(), boxes.end(), [](const QCheckBox* box) {
            return box->text() == QStringLiteral("Logarithmische Skala");
        }));
        csae::ui::KernelView kernels;
        const auto labels = kernels.findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.begin(), labels.end(),
                            [](const QLabel* label) { return label->text() == QStringLiteral("Eingangskanal:"); }));
    }

    /// Qt's own texts (file dialogs, standard buttons) come from Qt's translations, which the
    /// studio loads beside its own from Qt's translation path (Debian: qt6-translations-l10n).
    void qtsOwnTextsAreGerman()
    {
        QTranslator qt;
        QVERIFY2(qt.load(QLocale(QStringLiteral("de")), QStringLiteral("qtbase"), QStringLiteral("_"),
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath)),
                 "Qt's German (qtbase_de.qm) is missing: scripts/setup.sh installs qt6-translations-l10n");
        QCOMPARE(qt.translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
        QCOMPARE(qt.translate("QFileDialog", "File &name:"), QStringLiteral("Datei&name:"));
    }

    void tsFileIsComplete()
    {
        QString error;
        const QList<TsMessage> messages = readTs(QStringLiteral(CSAE_TS_FILE), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 100);
        QTranslator translator;
        QVERIFY(translator.load(germanResource()));
        for (const TsMessage& message : messages) {
            // lupdate without `-I .` files messages under unqualified class names that tr() never asks for.
            QVERIFY2(message.context == QLatin1String("main") || message.context == QLatin1String("ParameterHelp") ||
                         message.context == QLatin1String("ParameterLabel") ||
                         message.context.startsWith(QLatin1String("csae::")),
                     qPrintable(QStringLiteral("unqualified context: ") + where(message)));
            QVERIFY2(message.type.isEmpty(), qPrintable(message.type + QStringLiteral(": ") + where(message)));
            QVERIFY2(!message.translation.trimmed().isEmpty(), qPrintable(QStringLiteral("empty: ") + where(message)));
            QVERIFY2(placeholders(message.translation) == placeholders(message.source),
                     qPrintable(QStringLiteral("placeholders differ: ") + where(message)));
            QVERIFY2(hasAccelerator(message.translation) == hasAccelerator(message.source),
                     qPrintable(QStringLiteral("accelerator differs: ") + where(message)));
            if (message.numerus)
                continue;
            // The embedded .qm is built from this very file.
            const QByteArray context = message.context.toUtf8();
            const QByteArray source = message.source.toUtf8();
            const QByteArray comment = message.comment.toUtf8();
            QCOMPARE(translator.translate(context.constData(), source.constData(),
                                          comment.isEmpty() ? nullptr : comment.constData()),
                     message.translation);
        }
    }

    /// Every key's help (model/config.cpp, marked CSAE_TRANSLATABLE) has a German text, and the
    /// configuration panel's tooltips use it: a new key without a translation fails here.
    void parameterHelpIsTranslated()
    {
        QVERIFY(translator_.load(germanResource()));
        for (const auto& spec : csae::parameter_specs()) {
            const QString german = translator_.translate("ParameterHelp", spec.help.c_str());
            QVERIFY2(!german.isEmpty() && german != QString::fromStdString(spec.help),
                     qPrintable(QStringLiteral("no German help for ") + QString::fromStdString(spec.key)));
        }
        QVERIFY(QCoreApplication::installTranslator(&translator_));
        installed_ = true;
        csae::ConfigPanel panel;
        // Each row is labelled in German, every key of the engine has a label, the key in its tooltip.
        for (const auto& spec : csae::parameter_specs()) {
            const QString key = QString::fromStdString(spec.key);
            auto* label = panel.findChild<QLabel*>(QStringLiteral("label:") + key);
            QVERIFY2(label && !csae::parameterLabel(key).isEmpty(), qPrintable(QStringLiteral("no label: ") + key));
            QCOMPARE(label->text(), csae::parameterLabel(key));
            QCOMPARE(label->toolTip(), key);
        }
        QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("label:train.lr"))->text(), QStringLiteral("Lernrate"));
        bool found = false;
        for (QWidget* editor : panel.findChildren<QWidget*>()) {
            if (editor->toolTip().endsWith(QStringLiteral(": train.lr"))) {
                QVERIFY2(editor->toolTip().startsWith(QStringLiteral("Lernrate von Adam")),
                         qPrintable(editor->toolTip()));
                found = true;
            }
        }
        QVERIFY(found);
        // The allowed ranges' words are German too; values stay as they are typed.
        for (const QWidget* editor : panel.findChildren<QWidget*>()) {
            const QString tip = editor->toolTip();
            if (!tip.contains(QStringLiteral("\nSchlüssel: ")))
                continue;
            for (const char* english : {"integer", "real in", "list of", "directory path"})
                QVERIFY2(!tip.contains(QLatin1String(english)), qPrintable(tip));
        }
        const auto tipOf = [&](const char* key) {
            for (const QWidget* editor : panel.findChildren<QWidget*>())
                if (editor->toolTip().endsWith(QLatin1String(": ") + QLatin1String(key)))
                    return editor->toolTip();
            return QString();
        };
        QVERIFY2(tipOf("train.batch_size").contains(QStringLiteral("Ganzzahl 1-4096")),
                 qPrintable(tipOf("train.batch_size")));
        QVERIFY2(tipOf("model.channels").contains(QStringLiteral("1-8")), qPrintable(tipOf("model.channels")));
    }

private:
    QTranslator translator_;
    bool installed_ = false;
};

QTEST_MAIN(TestTranslation)
#include "test_translation.moc"
