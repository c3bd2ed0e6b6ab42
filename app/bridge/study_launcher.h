#pragma once
// Starts `csae study run` from the studio: the study runs in its own process (and its worker
// processes), exactly as on the command line, so closing the studio or a crash of either side
// loses nothing - the study resumes where it stopped. The studio watches the directory with a
// StudyMonitor meanwhile.

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace csae {

/// GUI thread only. Owned by its QObject parent; the process it starts is stopped (SIGINT, as
/// Ctrl-C: runs checkpoint and the study can be resumed) when it is destroyed.
class StudyLauncher : public QObject {
    Q_OBJECT
public:
    /// `csaeBinary` empty: csae beside this executable, else on PATH.
    explicit StudyLauncher(QObject* parent = nullptr, QString csaeBinary = {});
    ~StudyLauncher() override;

    /// The study presets (resources/studies) with their descriptions, for a chooser; empty, with
    /// `error` set to the engine's message naming the file, when one of them cannot be read.
    static std::vector<std::pair<QString, QString>> presets(QString* error = nullptr);
    /// The csae executable to run (tests point it at the build tree's).
    void setCsaeBinary(const QString& binary) { m_binary = binary; }

    /// Runs `spec` (a preset name or a spec file) into `directory` with `jobs` worker processes.
    /// False, with `error` set, when a study is already running or csae cannot be found; the
    /// spec itself is checked by csae, whose message arrives through failed().
    bool start(const QString& spec, const QString& directory, int jobs, QString* error = nullptr);
    /// Asks the study to stop as Ctrl-C does; finished() follows.
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QString directory() const { return m_directory; }
    /// What csae printed last, for a status line.
    QString lastLine() const { return m_lastLine; }

Q_SIGNALS:
    /// csae has created (or found) the study directory: it can be opened now.
    void directoryReady(const QString& directory);
    /// A line of csae's progress output.
    void progress(const QString& line);
    /// The study ended: all runs done (exit 0), stopped (130), or failed with csae's message.
    void finished(int exitCode, const QString& message);

private:
    void readOutput();

    QString m_binary;
    QProcess m_process;
    QString m_directory;
    QString m_lastLine;
    QStringList m_errorLines;
    bool m_announced = false;
};

} // namespace csae
