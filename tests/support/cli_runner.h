#pragma once
// Running the `csae` binary from a test as a user would: in a working directory of the test's
// own, with a timeout, capturing exit status and both output streams. CSAE_CLI_PATH names the
// binary (set by tests/CMakeLists.txt).

#include <QtCore/QByteArray>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace csae::testing {

constexpr int kQuickTimeoutMs = 60 * 1000;
constexpr int kTrainTimeoutMs = 240 * 1000;

struct CliResult {
    bool finished = false;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    int exitCode = -1;
    QString out;
    QString err;
};

inline QString cliPath()
{
    return QString::fromUtf8(CSAE_CLI_PATH);
}

/// Runs csae with `arguments` in `workingDirectory` (so a default runs/ folder never lands in the
/// build tree) and waits for it.
inline CliResult runCli(const QStringList& arguments, const QString& workingDirectory, int timeoutMs = kQuickTimeoutMs)
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.start(cliPath(), arguments);
    CliResult result;
    if (!process.waitForStarted(kQuickTimeoutMs))
        return result;
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(kQuickTimeoutMs);
    }
    result.exitStatus = process.exitStatus();
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

inline QString describe(const CliResult& result)
{
    return QStringLiteral("finished=%1 status=%2 code=%3\n--- stdout ---\n%4\n--- stderr ---\n%5")
        .arg(result.finished)
        .arg(result.exitStatus == QProcess::NormalExit ? QStringLiteral("normal") : QStringLiteral("crash"))
        .arg(result.exitCode)
        .arg(result.out, result.err);
}

inline bool writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(contents) == contents.size();
}

} // namespace csae::testing
