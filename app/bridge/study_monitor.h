#pragma once
// Watches a study directory for the Studies view: reads it with the engine (model/study) and
// hands the view a StudySnapshot, again every few seconds while it is open, so that a study
// being written by `csae study run` in another process shows its progress live.

#include "ui/study/study_snapshot.h"

#include <QObject>
#include <QString>
#include <QTimer>

namespace csae {

/// GUI thread only (it reads small files on a timer; a study's metrics files are a few
/// hundred kilobytes). Not owned by the view; owned by its QObject parent.
class StudyMonitor : public QObject {
    Q_OBJECT
public:
    explicit StudyMonitor(QObject* parent = nullptr, int refreshMs = 3000);

    /// Reads `directory` now (snapshotReady, with an error when it is not a study) and keeps
    /// re-reading it until close() or another open().
    void open(const QString& directory);
    void close();
    QString directory() const { return m_directory; }

    /// The study in `directory` as the view draws it; `error` set when it cannot be read.
    static ui::StudySnapshot read(const QString& directory);

Q_SIGNALS:
    void snapshotReady(const csae::ui::StudySnapshot& snapshot);

private:
    void refresh();

    QString m_directory;
    QTimer m_timer;
};

} // namespace csae
