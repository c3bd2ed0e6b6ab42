// csae-studio: the desktop training studio.
//   csae-studio [--config FILE] [--start] [--lang CODE]

#include "app/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <cstdio>
#include <cstdlib>

namespace {

/// Without a display Qt would abort; say what to do instead.
bool display_available()
{
    return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") || std::getenv("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char** argv)
{
    if (!display_available()) {
        std::fprintf(stderr,
                     "csae-studio: no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                     "Train headless instead:  build/release/app/csae train --out runs/mine\n"
                     "or run the studio under a virtual display:  xvfb-run -a build/release/app/csae-studio\n");
        return 2;
    }
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("csae"));
    QApplication::setApplicationName(QStringLiteral("csae-studio"));
    QApplication::setApplicationVersion(QStringLiteral(CSAE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/csae-studio.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Train and watch convolutional spiking autoencoders."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption config(QStringLiteral("config"), QApplication::translate("main", "Open this session (JSON config)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption start(QStringLiteral("start"), QApplication::translate("main", "Start training at once."));
    const QCommandLineOption language(QStringLiteral("lang"),
                                      QApplication::translate("main", "User interface language, e.g. en or de."),
                                      QStringLiteral("CODE"));
    parser.addOptions({config, start, language});
    parser.process(application);

    // --lang wins over the saved setting, which wins over the system locale.
    QSettings settings;
    if (parser.isSet(language))
        settings.setValue(QStringLiteral("ui/language"), parser.value(language));
    const QString code = settings.value(QStringLiteral("ui/language"), QLocale::system().name()).toString();
    QTranslator translator, qtTranslator;
    if (translator.load(QStringLiteral(":/i18n/csae_studio_") + code.section(QLatin1Char('_'), 0, 0)))
        QApplication::installTranslator(&translator);
    if (qtTranslator.load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    csae::MainWindow window;
    if (parser.isSet(config) && !window.openSessionFile(parser.value(config)))
        return 2;
    window.show();
    if (parser.isSet(start))
        window.controller().start();
    return QApplication::exec();
}
