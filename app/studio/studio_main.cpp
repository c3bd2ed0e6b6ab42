// csae-studio: the desktop training studio.
//   csae-studio [--config FILE] [--start] [--lang CODE]

#include "app/studio/main_window.h"

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

int main(int argc, char** argv)
{
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
    parser.addOptions({config, start, language, benchmark});
    parser.process(application);

    csae::MainWindow window;
    yield_cpu_to_training();
    if (parser.isSet(config) && !window.openSessionFile(parser.value(config)))
        return 2;
    window.show();
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
        window.controller().start();
    } else if (parser.isSet(start)) {
        window.controller().start();
    }
    return QApplication::exec();
}
