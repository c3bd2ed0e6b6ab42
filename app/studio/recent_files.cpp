#include "app/studio/recent_files.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>

#include <utility>

namespace csae {

namespace {
const QString kLastDirectoryKey = QStringLiteral("paths/lastDirectory");
} // namespace

RecentFiles::RecentFiles(QString settingsKey, int capacity) : key_(std::move(settingsKey)), capacity_(capacity) {}

QStringList RecentFiles::paths() const
{
    return QSettings().value(key_).toStringList();
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = paths();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > capacity_)
        list.removeLast();
    store(list);
}

void RecentFiles::remove(const QString& path)
{
    QStringList list = paths();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

void RecentFiles::store(const QStringList& paths) const
{
    QSettings().setValue(key_, paths);
}

QString lastDialogDirectory()
{
    const QString last = QSettings().value(kLastDirectoryKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString runs = QDir::current().absoluteFilePath(QStringLiteral("runs"));
    return QFileInfo(runs).isDir() ? runs : QDir::currentPath();
}

void rememberDialogDirectory(const QString& path)
{
    const QFileInfo info(path);
    QSettings().setValue(kLastDirectoryKey, info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

QString askSaveFileName(QWidget* parent, const QString& title, const QString& name, const QString& filter,
                        QString* selectedFilter)
{
    const QString file =
        QFileDialog::getSaveFileName(parent, title, QDir(lastDialogDirectory()).filePath(name), filter, selectedFilter);
    if (!file.isEmpty())
        rememberDialogDirectory(file);
    return file;
}

QString askOpenFileName(QWidget* parent, const QString& title, const QString& filter)
{
    const QString file = QFileDialog::getOpenFileName(parent, title, lastDialogDirectory(), filter);
    if (!file.isEmpty())
        rememberDialogDirectory(file);
    return file;
}

QString askExistingDirectory(QWidget* parent, const QString& title)
{
    const QString directory = QFileDialog::getExistingDirectory(parent, title, lastDialogDirectory());
    if (!directory.isEmpty())
        rememberDialogDirectory(directory);
    return directory;
}

} // namespace csae
