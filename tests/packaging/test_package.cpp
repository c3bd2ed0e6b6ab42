// The Debian package (scripts/package.sh): cpack builds it from this build tree, its file list
// holds what a desktop install needs, its metadata validates, and the programs unpacked from it
// start and find their presets in the package's share/ folder rather than in the source tree.
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Ran {
    int code = -1;
    QString out;
};

Ran run(const QString& program, const QStringList& arguments, const QString& directory = {},
        const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (!directory.isEmpty())
        process.setWorkingDirectory(directory);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    Ran ran;
    if (!process.waitForStarted(10000) || !process.waitForFinished(240000))
        return ran;
    ran.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    ran.out = QString::fromUtf8(process.readAll());
    return ran;
}

} // namespace

class TestPackage : public QObject {
    Q_OBJECT

    QTemporaryDir work_;
    QString deb_;
    QStringList files_;

private Q_SLOTS:
    void initTestCase()
    {
        const QString build = qEnvironmentVariable("CSAE_BINARY_DIR");
        QVERIFY2(!build.isEmpty(), "CSAE_BINARY_DIR names the build tree (set by ctest)");
        const Ran packed =
            run(QStringLiteral("cpack"),
                {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), work_.path()}, build);
        QVERIFY2(packed.code == 0, qPrintable(packed.out));
        const QStringList debs = QDir(work_.path()).entryList({QStringLiteral("csae-studio_*.deb")});
        QCOMPARE(debs.size(), 1);
        deb_ = work_.filePath(debs.front());
        const Ran listed = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-c"), deb_});
        QCOMPARE(listed.code, 0);
        for (const QString& line : listed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            files_ << line.section(QLatin1Char(' '), -1).mid(1); // "./usr/bin/csae" -> "/usr/bin/csae"
    }

    void holdsWhatADesktopInstallNeeds_data()
    {
        QTest::addColumn<QString>("path");
        for (const char* path :
             {"/usr/bin/csae", "/usr/bin/csae-studio", "/usr/share/applications/csae-studio.desktop",
              "/usr/share/icons/hicolor/scalable/apps/csae-studio.svg",
              "/usr/share/metainfo/org.csae.Studio.metainfo.xml", "/usr/share/mime/packages/csae-studio-mime.xml",
              "/usr/share/man/man1/csae.1", "/usr/share/csae-studio/presets/seed.json",
              "/usr/share/csae-studio/presets/fashion-mnist.json", "/usr/share/csae-studio/studies/seed-hparams.json",
              "/usr/share/csae-studio/sessions/quickstart_session.json",
              "/usr/share/csae-studio/sessions/dvs_demo_session.json"})
            QTest::newRow(path) << QString::fromLatin1(path);
    }

    void holdsWhatADesktopInstallNeeds()
    {
        QFETCH(QString, path);
        QVERIFY2(files_.contains(path), qPrintable(files_.join(QLatin1Char('\n'))));
    }

    void holdsNoTestsOrBuildLeftovers()
    {
        for (const QString& file : files_)
            QVERIFY2(!file.contains(QStringLiteral("test")) && !file.endsWith(QStringLiteral(".a")) &&
                         !file.startsWith(QStringLiteral("/usr/local")),
                     qPrintable(file));
    }

    void dependsOnTheRuntimeLibraries()
    {
        const Ran depends = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb_, QStringLiteral("Depends")});
        QCOMPARE(depends.code, 0);
        for (const char* package : {"libtorch", "libqt6widgets6", "libqcustomplot", "libhdf5-cpp", "libopenblas0"})
            QVERIFY2(depends.out.contains(QLatin1String(package)), qPrintable(depends.out));
    }

    void metainfoValidates()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("appstreamcli")).isEmpty())
            QFAIL("appstreamcli is not installed (Debian: appstream; scripts/setup.sh installs it)");
        const Ran validated = run(QStringLiteral("appstreamcli"),
                                  {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                   QStringLiteral(CSAE_SOURCE_DIR "/resources/org.csae.Studio.metainfo.xml")});
        QVERIFY2(validated.code == 0, qPrintable(validated.out));
    }

    void unpackedProgramsStartAndUseThePackagesPresets()
    {
        const QString root = work_.filePath(QStringLiteral("root"));
        QCOMPARE(run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), deb_, root}).code, 0);
        const Ran help = run(root + QStringLiteral("/usr/bin/csae"), {QStringLiteral("--help")});
        QVERIFY2(help.code == 0 && help.out.contains(QStringLiteral("export")), qPrintable(help.out));
        const Ran presets = run(root + QStringLiteral("/usr/bin/csae"), {QStringLiteral("presets")});
        QVERIFY2(presets.code == 0 && presets.out.contains(QStringLiteral("seed")), qPrintable(presets.out));
        QVERIFY2(presets.out.contains(root + QStringLiteral("/usr/share/csae-studio/presets")),
                 qPrintable(presets.out));
        QProcessEnvironment offscreen = QProcessEnvironment::systemEnvironment();
        offscreen.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Ran studio =
            run(root + QStringLiteral("/usr/bin/csae-studio"), {QStringLiteral("--help")}, {}, offscreen);
        QVERIFY2(studio.code == 0 && studio.out.contains(QStringLiteral("Usage")), qPrintable(studio.out));
    }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "test_package.moc"
