#pragma once
// The recently opened project folders, newest first, kept in QSettings ("recentProjects"), at most
// kMax. GUI thread only.
#include <QObject>
#include <QStringList>

namespace sam3::ui {

class RecentProjects : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMax = 8;
  explicit RecentProjects(QObject* parent = nullptr);
  QStringList folders() const;         // as stored; absolute, cleaned
  void add(const QString& folder);     // moves it to the top
  void remove(const QString& folder);  // e.g. when it no longer opens
  void clear();

 Q_SIGNALS:
  void changed();

 private:
  void store(const QStringList& folders);
};

// The user's data folder for the demo project (QStandardPaths::AppDataLocation/demo-project).
QString demoProjectFolder();

}  // namespace sam3::ui
