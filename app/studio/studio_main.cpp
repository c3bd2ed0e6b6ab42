// csae-studio: the desktop training studio.
//   csae-studio [--config FILE] [--start] [--lang CODE] [PATH: a run or study directory, a checkpoint or a session]
//   csae-studio --run DIR --export VIEW|window --out FILE [--size WxH]   (headless, then exits)

#include "app/studio/headless_export.h"
#include "app/studio/main_window.h"
#include "model/core/memory_meter.h"
#include "app/studio/teach_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

/// Without a display Qt would abort; say what to do instead.
bool display_available()
{
    return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") || std::getenv("QT_QPA_PLATFORM");
}

} // namespace

namespace {

/// Lowers the GUI thread's CPU priority (nice +4) once the training thread exists (it keeps
/// nice 0: Linux threads have their own nice value, inherited at creation). Training's parallel
/// regions run on both cores and wait at a barrier for their slowest thread, so every
/// millisecond the views take from a training thread costs that millisecond twice; at the lower
/// priority the views draw in the gaps instead. Measured with scripts/studio_throughput.sh: see
/// the README. Interaction stays smooth (tests/app/test_studio.cpp bounds timer lateness).
void yield_cpu_to_training()
{
#ifdef __linux__
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 4);
#endif
}

} // namespace

/// True when the arguments ask for a headless export, which needs no display.
bool exporting(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--export") == 0 || std::strncmp(argv[i], "--export=", 9) == 0)
            return true;
    return false;
}

int main(int argc, char** argv)
{
    if (exporting(argc, argv) && !display_available())
        qputenv("QT_QPA_PLATFORM", "offscreen"); // renders without a window, so no display is needed
    if (!display_available()) {
        std::fprintf(stderr, "csae-studio: no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                             "Train headless instead:  build/release/app/csae train --out runs/mine\n"
                             "or run the studio under a virtual display:  xvfb-run -a build/release/app/csae-studio\n");
        return 2;
    }
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("csae"));
    QApplication::setApplicationName(QStringLiteral("csae-studio"));
    QApplication::setApplicationVersion(QStringLiteral(CSAE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/csae-studio.svg")));

    // --lang wins over the saved setting, which wins over the system locale. Read before the
    // parser is built so that --help comes out in the chosen language too.
    QSettings settings;
    const QStringList arguments = QApplication::arguments();
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--lang") && i + 1 < arguments.size())
            settings.setValue(QStringLiteral("ui/language"), arguments[i + 1]);
        else if (arguments[i].startsWith(QLatin1String("--lang=")))
            settings.setValue(QStringLiteral("ui/language"), arguments[i].mid(7));
    }
    const QString code = settings.value(QStringLiteral("ui/language"), QLocale::system().name()).toString();
    // Numbers in the views and the status bar follow the language too ("0,25" in German).
    QLocale::setDefault(QLocale(code));
    QTranslator translator, qtTranslator;
    if (translator.load(QStringLiteral(":/i18n/csae_studio_") + code.section(QLatin1Char('_'), 0, 0)))
        QApplication::installTranslator(&translator);
    if (qtTranslator.load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Train and watch convolutional spiking autoencoders."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption config(QStringLiteral("config"),
                                    QApplication::translate("main", "Open this session (JSON config)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption start(QStringLiteral("start"), QApplication::translate("main", "Start training at once."));
    const QCommandLineOption language(QStringLiteral("lang"),
                                      QApplication::translate("main", "User interface language, e.g. en or de."),
                                      QStringLiteral("CODE"));
    const QCommandLineOption benchmark(
        QStringLiteral("benchmark-steps"),
        QApplication::translate("main",
                                "Measure: train N steps with every view live, print the throughput as JSON and quit."),
        QStringLiteral("N"));
    const QCommandLineOption run(QStringLiteral("run"), QApplication::translate("main", "The run directory to open."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption study(QStringLiteral("study"),
                                   QApplication::translate("main", "Open this study directory (csae study run) in the "
                                                                   "Studies dock."),
                                   QStringLiteral("DIR"));
    const QCommandLineOption teach(
        QStringLiteral("teach"),
        QApplication::translate("main", "Open this lesson on its own, without the studio: %1.")
            .arg(csae::TeachWindow::lessonNames().join(QStringLiteral(", "))),
        QStringLiteral("LESSON"));
    const QCommandLineOption analysis(QStringLiteral("analysis"),
                                      QApplication::translate("main", "Open this analysis directory (csae analyse) in "
                                                                      "the Embedding and Receptive fields docks."),
                                      QStringLiteral("DIR"));
    const QCommandLineOption exportView(
        QStringLiteral("export"),
        QApplication::translate(
            "main", "Render this view of the run to --out without a window and quit: %1; "
                    "or window, the whole studio as PNG; or study-figures, every figure of --study DIR "
                    "as PNG and PDF into the directory --out; or embedding-figures, the PCA and UMAP pictures "
                    "and the receptive and projective fields of --analysis DIR into the directory --out.")
            .arg(csae::MainWindow::viewKeys().join(QStringLiteral(", "))),
        QStringLiteral("VIEW"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QApplication::translate("main", "The exported file: .png, .pdf, or .gif (input-spikes)."),
        QStringLiteral("FILE"));
    const QCommandLineOption size(
        QStringLiteral("size"),
        QApplication::translate("main", "Size of the exported view, default 900x600 (the window: 1600x1000)."),
        QStringLiteral("WxH"));
    parser.addOptions({config, start, language, benchmark, run, study, analysis, teach, exportView, out, size});
    parser.addPositionalArgument(
        QStringLiteral("PATH"),
        QApplication::translate("main", "A run directory of csae train, a study directory of csae study run, a "
                                        "checkpoint or a session file to open."),
        QStringLiteral("[PATH]"));
    parser.process(application);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.size() == 1 && parser.isSet(run))) {
        std::fprintf(
            stderr, "csae-studio: %s\n",
            qPrintable(QApplication::translate("main", "give one path to open, either as PATH or with --run")));
        return 2;
    }
    const QString runDirectory = parser.isSet(run) ? parser.value(run) : positional.value(0);
    if (parser.isSet(exportView) && parser.value(exportView) == QLatin1String(csae::kStudyFigures)) {
        if (!parser.isSet(study) || !parser.isSet(out)) {
            std::fprintf(stderr, "csae-studio: %s\n",
                         qPrintable(QApplication::translate(
                             "main", "--export study-figures needs a study directory (--study DIR) and --out DIR")));
            return 2;
        }
        return csae::exportStudyFigures(parser.value(study), parser.value(out));
    }
    if (parser.isSet(exportView) && parser.value(exportView) == QLatin1String(csae::kEmbeddingFigures)) {
        if (!parser.isSet(analysis) || !parser.isSet(out)) {
            std::fprintf(
                stderr, "csae-studio: %s\n",
                qPrintable(QApplication::translate(
                    "main", "--export embedding-figures needs an analysis directory (--analysis DIR) and --out DIR")));
            return 2;
        }
        return csae::exportEmbeddingFigures(parser.value(analysis), parser.value(out));
    }
    if (parser.isSet(exportView)) {
        csae::HeadlessExportRequest request;
        request.runDirectory = runDirectory;
        request.studyDirectory = parser.value(study);
        request.analysisDirectory = parser.value(analysis);
        request.view = parser.value(exportView);
        request.outFile = parser.value(out);
        QString error;
        const bool studyWindow = request.view == QLatin1String(csae::kWholeWindow) && parser.isSet(study);
        if ((runDirectory.isEmpty() && !studyWindow) || request.outFile.isEmpty())
            error = QApplication::translate("main", "--export needs a run directory (--run DIR) and --out FILE");
        else if (parser.isSet(size))
            csae::parseExportSize(parser.value(size), &request.size, &error);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "csae-studio: %s\n", qPrintable(error));
            return 2;
        }
        return csae::exportRunView(request);
    }

    if (parser.isSet(teach)) {
        QString error;
        csae::TeachWindow* lesson = csae::TeachWindow::create(parser.value(teach), &error);
        if (!lesson) {
            std::fprintf(stderr, "csae-studio: --teach: %s\n", qPrintable(error));
            return 2;
        }
        // The network lesson walks a trained run's network when one is given.
        if (!runDirectory.isEmpty() && parser.value(teach) == QLatin1String("network") &&
            !lesson->openRun(runDirectory, &error)) {
            std::fprintf(stderr, "csae-studio: --run: %s\n", qPrintable(error));
            return 2;
        }
        lesson->show();
        return QApplication::exec();
    }

    csae::MainWindow window;
    yield_cpu_to_training();
    if (parser.isSet(config) && !window.openSessionFile(parser.value(config)))
        return 2;
    window.show();
    // A positional path may be a run, a study, a checkpoint or a session (a file manager's "Open with").
    if (!runDirectory.isEmpty() &&
        !(parser.isSet(run) ? window.openRunDirectoryPath(runDirectory) : window.openPath(runDirectory)))
        return 2;
    if (parser.isSet(study) && !window.openStudyDirectory(parser.value(study)))
        return 2;
    if (parser.isSet(analysis) && !window.openAnalysisDirectory(parser.value(analysis)))
        return 2;
    if (parser.isSet(benchmark)) {
        // Wall-clock throughput between the 3rd and the last step, like scripts/studio_throughput.sh
        // reads from `csae train`'s metrics.jsonl, so snapshot and evaluation work count in both.
        const qint64 steps = std::max(4LL, parser.value(benchmark).toLongLong());
        auto clock = std::make_shared<QElapsedTimer>();
        auto firstTime = std::make_shared<double>(0.0);
        QObject::connect(&window.controller(), &csae::TrainingController::stepCompleted, &window,
                         [&window, clock, firstTime, steps](qint64 step, qint64, qint64, double, double) {
                             if (!clock->isValid())
                                 clock->start();
                             if (step == 3)
                                 *firstTime = clock->nsecsElapsed() / 1e9;
                             if (step % 100 == 0) // for scripts/rss_flat.sh: memory stays flat
                                 std::printf("{\"step\": %lld, \"rss_mb\": %.1f}\n", static_cast<long long>(step),
                                             static_cast<double>(csae::resident_set_bytes()) / (1 << 20));
                             if (step < steps)
                                 return;
                             const double seconds = clock->nsecsElapsed() / 1e9 - *firstTime;
                             const double samples =
                                 static_cast<double>((steps - 3) * window.controller().config().train.batch_size);
                             std::printf("{\"studio_samples_per_s\": %.3f, \"steps\": %lld}\n", samples / seconds,
                                         static_cast<long long>(steps));
                             std::fflush(stdout);
                             window.controller().stop();
                             QApplication::quit();
                         });
        // A run shorter than the asked steps (one epoch is 938 at the defaults) ends before
        // them: say so and exit instead of waiting for steps that never come.
        QObject::connect(&window.controller(), &csae::TrainingController::stateChanged, &window,
                         [steps](csae::TrainingController::State state) {
                             using State = csae::TrainingController::State;
                             if (state != State::Finished && state != State::Failed)
                                 return;
                             std::fprintf(stderr,
                                          "csae-studio: --benchmark-steps %lld: the run %s before that step (raise "
                                          "train.epochs)\n",
                                          static_cast<long long>(steps),
                                          state == State::Finished ? "finished" : "failed");
                             std::fflush(stdout);
                             QApplication::exit(2);
                         });
        window.controller().start();
    } else if (parser.isSet(start)) {
        window.controller().start();
    }
    return QApplication::exec();
}
