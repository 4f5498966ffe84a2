#pragma once
// The jobs behind File > Import, File > Export and the demo project, for TaskDialog. Each opens
// its own connection to the project (the store is one-per-thread) and turns the engine's errors
// into a translated message. Progress is reported per photo by the core's hooks
// (core/project/interchange.h), which also stop the work at the next photo when cancelled.
// What cancelling leaves:
//  - import: nothing. The core rolls its one transaction back and removes the photo files it had
//    copied, whether cancelled while reading the source or midway through the photos;
//  - export: nothing. The core writes into a sibling staging folder and renames it into place at
//    the end; cancelled or failed, the staging folder is removed and the target is not created;
//  - demo: generated in a staging folder (core/demo), removed on cancel.
#include <QString>
#include <QStringList>

#include "ui/shell/task_runner.h"

namespace sam3::ui {

struct ImportRequest {
  enum class Kind { PhotoFiles, PhotoFolder, Dataset };
  QString projectDir;
  Kind kind = Kind::Dataset;
  QStringList paths;  // the photo files, or one folder, or one dataset file or folder
};

struct ExportRequest {
  QString projectDir;
  QString format;  // coco, roboflow, yolo, voc
  QString outDir;  // must not exist, or be an empty folder
  bool photos = true;
};

TaskJob importJob(ImportRequest request);
TaskJob exportJob(ExportRequest request);
TaskJob demoJob(QString dir);

// Why `outDir` cannot take an export (translated), or empty when it can.
QString exportTargetProblem(const QString& outDir);
// What an import source is, from its content: "COCO or Roboflow export (folder)" etc.
// (translated; empty when nothing importable was recognised) and how it is imported.
QString describeSource(const QString& path, ImportRequest::Kind* kind = nullptr);

}  // namespace sam3::ui
