#include "ui/shell/recent_projects.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace sam3::ui {

namespace {
const QString kKey = QStringLiteral("recentProjects");
QString normalise(const QString& folder) {
  return QDir::cleanPath(QDir(folder).absolutePath());
}
}  // namespace

RecentProjects::RecentProjects(QObject* parent) : QObject(parent) {}

QStringList RecentProjects::folders() const {
  return QSettings().value(kKey).toStringList();
}

void RecentProjects::add(const QString& folder) {
  QStringList list = folders();
  const QString f = normalise(folder);
  list.removeAll(f);
  list.prepend(f);
  while (list.size() > kMax) list.removeLast();
  store(list);
}

void RecentProjects::remove(const QString& folder) {
  QStringList list = folders();
  if (list.removeAll(normalise(folder)) > 0) store(list);
}

void RecentProjects::clear() {
  store({});
}

void RecentProjects::store(const QStringList& folders) {
  QSettings().setValue(kKey, folders);
  Q_EMIT changed();
}

QString demoProjectFolder() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
      .filePath(QStringLiteral("demo-project"));
}

}  // namespace sam3::ui
