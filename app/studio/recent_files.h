#pragma once
// Recently opened runs and sessions for File → Open recent, newest first, and the folder file
// dialogs start in, kept in QSettings so they survive restarts. GUI thread only.

#include <QString>
#include <QStringList>

class QWidget;

namespace csae {

class RecentFiles {
public:
    /// `settingsKey` e.g. "recent/runs"; at most `capacity` paths are kept.
    explicit RecentFiles(QString settingsKey, int capacity = 8);

    /// Newest first, as absolute paths.
    QStringList paths() const;
    /// Moves `path` (made absolute) to the front, dropping the oldest beyond the capacity.
    void add(const QString& path);
    /// Forgets one path, e.g. one that no longer opens.
    void remove(const QString& path);
    void clear();

private:
    void store(const QStringList& paths) const;

    QString key_;
    int capacity_;
};

/// File dialogs that start in lastDialogDirectory() and remember the folder chosen; each returns
/// an empty string when cancelled. `name` is the file name the save dialog proposes.
QString askSaveFileName(QWidget* parent, const QString& title, const QString& name, const QString& filter,
                        QString* selectedFilter = nullptr);
QString askOpenFileName(QWidget* parent, const QString& title, const QString& filter);
QString askExistingDirectory(QWidget* parent, const QString& title);

/// The folder a file dialog starts in: the last one a dialog chose, else runs/ of the working
/// directory when it exists, else the working directory.
QString lastDialogDirectory();
/// Remembers the folder of `path` (or `path` itself when it is a folder) for lastDialogDirectory().
void rememberDialogDirectory(const QString& path);

} // namespace csae
