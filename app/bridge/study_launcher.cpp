#include "app/bridge/study_launcher.h"

#include "model/study/study_spec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>

namespace csae {
namespace {

// csae's message on failure is its last lines; a long study's warnings need not all be kept.
constexpr int kKeptErrorLines = 20;

} // namespace

StudyLauncher::StudyLauncher(QObject* parent, QString csaeBinary) : QObject(parent), m_binary(std::move(csaeBinary))
{
    if (m_binary.isEmpty()) {
        const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("csae"));
        m_binary = QFileInfo(beside).isExecutable() ? beside : QStandardPaths::findExecutable(QStringLiteral("csae"));
    }
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &StudyLauncher::readOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this, &StudyLauncher::readOutput);
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readOutput();
        const QString rest = QString::fromUtf8(m_process.readAllStandardError()).trimmed();
        if (!rest.isEmpty())
            m_errorLines << rest;
        QString message = m_errorLines.join(QLatin1Char('\n'));
        if (status != QProcess::NormalExit)
            message = tr("csae study run stopped unexpectedly");
        Q_EMIT finished(status == QProcess::NormalExit ? code : -1, message);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT finished(-1, tr("cannot start %1: %2").arg(m_binary, m_process.errorString()));
    });
}

StudyLauncher::~StudyLauncher()
{
    // The owner is being destroyed: nothing may reach it any more, not even finished().
    m_process.disconnect(this);
    disconnect();
    if (isRunning()) {
        stop();
        if (!m_process.waitForFinished(30000))
            m_process.kill();
    }
}

std::vector<std::pair<QString, QString>> StudyLauncher::presets(QString* error)
{
    std::vector<std::pair<QString, QString>> found;
    try {
        for (const auto& [name, spec] : list_study_presets())
            found.emplace_back(QString::fromStdString(name), QString::fromStdString(spec.description()));
    } catch (const std::exception& failure) {
        // One broken preset file makes the list unreadable: say which, rather than show none.
        found.clear();
        if (error)
            *error = QString::fromUtf8(failure.what());
    }
    return found;
}

bool StudyLauncher::start(const QString& spec, const QString& directory, int jobs, QString* error)
{
    const auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (isRunning())
        return fail(tr("a study is already running in %1").arg(m_directory));
    if (m_binary.isEmpty())
        return fail(tr("csae was not found beside csae-studio or on PATH"));
    m_directory = QDir(directory).absolutePath();
    m_lastLine.clear();
    m_errorLines.clear();
    m_announced = false;
    m_process.setProgram(m_binary);
    m_process.setArguments({QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"), m_directory,
                            QStringLiteral("--jobs"), QString::number(std::max(1, jobs))});
    m_process.start();
    return true;
}

void StudyLauncher::stop()
{
    if (isRunning())
        ::kill(static_cast<pid_t>(m_process.processId()), SIGINT); // as Ctrl-C: the pool checkpoints its runs
}

void StudyLauncher::readOutput()
{
    // Whole lines only: a line split across two reads waits for its end.
    m_process.setReadChannel(QProcess::StandardError);
    while (m_process.canReadLine()) {
        m_errorLines << QString::fromUtf8(m_process.readLine()).trimmed();
        if (m_errorLines.size() > kKeptErrorLines)
            m_errorLines.removeFirst();
    }
    m_process.setReadChannel(QProcess::StandardOutput);
    while (m_process.canReadLine()) {
        const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        m_lastLine = line;
        Q_EMIT progress(m_lastLine);
    }
    // csae writes study.json before its first run starts.
    if (!m_announced && QFileInfo::exists(QDir(m_directory).filePath(QStringLiteral("study.json")))) {
        m_announced = true;
        Q_EMIT directoryReady(m_directory);
    }
}

} // namespace csae
