#include "ui/shell/project_tasks.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <filesystem>

#include "core/demo/demo_project.h"
#include "core/project/interchange.h"
#include "core/project/photo_import.h"
#include "core/project/project.h"
#include "core/util/errors.h"

namespace sam3::ui {

namespace fs = std::filesystem;
namespace sp = sam3::project;

namespace {

class ProjectTasks {
  Q_DECLARE_TR_FUNCTIONS(ProjectTasks)
};
fs::path toPath(const QString& s) {
  return fs::path(s.toStdString());
}

TaskOutcome failed(const std::exception& e) {
  return {TaskOutcome::Status::Failed, QString::fromStdString(e.what())};
}

QString issuesText(const std::vector<sp::Issue>& issues) {
  if (issues.empty()) return {};
  return QLatin1Char('\n') + ProjectTasks::tr("Issues: %1; the first: %2")
                                 .arg(issues.size())
                                 .arg(QString::fromStdString(issues.front().message));
}

QString importSummary(const sp::ImportReport& r) {
  QString text = ProjectTasks::tr("Photos imported: %1, annotations: %2, new classes: %3.")
                     .arg(r.photos_added)
                     .arg(r.annotations_added)
                     .arg(r.classes_added);
  if (r.photos_merged > 0)
    text += QLatin1Char(' ') +
            ProjectTasks::tr("Photos already in the project: %1.").arg(r.photos_merged);
  if (r.photos_skipped > 0)
    text +=
        QLatin1Char(' ') + ProjectTasks::tr("Unreadable photos skipped: %1.").arg(r.photos_skipped);
  if (r.annotations_skipped > 0)
    text +=
        QLatin1Char(' ') + ProjectTasks::tr("Annotations skipped: %1.").arg(r.annotations_skipped);
  return text + issuesText(r.issues);
}

// The core's progress hook: reports each photo to the dialog and stops when it was cancelled.
sp::ProgressFn photoProgress(TaskControl& control, const QString& stage) {
  return [&control, stage](int done, int total) {
    control.progress(stage.arg(done).arg(total), done, total);
    return !control.cancelled();
  };
}

TaskOutcome cancelledImport() {
  return {TaskOutcome::Status::Cancelled, ProjectTasks::tr("Cancelled. Nothing was imported.")};
}

TaskOutcome runImport(const ImportRequest& req, TaskControl& control) {
  control.progress(ProjectTasks::tr("Opening the project…"));
  sp::Project project = sp::Project::open(toPath(req.projectDir));
  const QString stage = ProjectTasks::tr("Importing photo %1 of %2…");
  sp::ImportReport report;
  try {
    if (req.kind == ImportRequest::Kind::Dataset) {
      control.progress(
          ProjectTasks::tr("Reading %1…").arg(QDir::toNativeSeparators(req.paths.value(0))));
      sp::Dataset data = sp::parse_source(toPath(req.paths.value(0)));
      if (control.cancelled()) return cancelledImport();
      sp::ImportOptions options;
      options.progress = photoProgress(control, stage);
      report = sp::commit_dataset(project, std::move(data), options);
    } else {
      if (control.cancelled()) return cancelledImport();
      sp::PhotoImportOptions options;
      options.progress = photoProgress(control, stage);
      if (req.kind == ImportRequest::Kind::PhotoFolder) {
        report = sp::import_photo_folder(project, toPath(req.paths.value(0)), options);
      } else {
        std::vector<fs::path> files;
        for (const QString& f : req.paths) files.push_back(toPath(f));
        report = sp::import_photo_files(project, files, options);
      }
    }
  } catch (const Cancelled&) {
    return cancelledImport();  // the core rolled the whole import back
  }
  return {TaskOutcome::Status::Done, importSummary(report)};
}

TaskOutcome runExport(const ExportRequest& req, TaskControl& control) {
  const QString problem = exportTargetProblem(req.outDir);
  if (!problem.isEmpty()) return {TaskOutcome::Status::Failed, problem};
  sp::Project project = sp::Project::open(toPath(req.projectDir));
  control.progress(ProjectTasks::tr("Writing the export…"));
  sp::ExportOptions options;
  options.copy_photos = req.photos;
  options.progress = photoProgress(control, ProjectTasks::tr("Exporting photo %1 of %2…"));
  sp::ExportReport report;
  try {
    report = sp::export_dataset(project, req.format.toStdString(), toPath(req.outDir), options);
  } catch (const Cancelled&) {
    // export_dataset removed its staging folder: nothing was written.
    return {TaskOutcome::Status::Cancelled, ProjectTasks::tr("Cancelled. Nothing was written.")};
  }
  return {TaskOutcome::Status::Done,
          ProjectTasks::tr("Exported %1 photos and %2 annotations to %3.")
                  .arg(report.images)
                  .arg(report.annotations)
                  .arg(QDir::toNativeSeparators(req.outDir)) +
              issuesText(report.issues)};
}

}  // namespace

QString exportTargetProblem(const QString& outDir) {
  if (outDir.trimmed().isEmpty()) return ProjectTasks::tr("Choose a folder for the export.");
  const QFileInfo info(outDir);
  if (info.exists() && !info.isDir())
    return ProjectTasks::tr("%1 is a file, not a folder.").arg(QDir::toNativeSeparators(outDir));
  if (info.isDir() && !QDir(outDir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
    return ProjectTasks::tr("%1 is not empty. Choose a new or empty folder.")
        .arg(QDir::toNativeSeparators(outDir));
  return {};
}

QString describeSource(const QString& path, ImportRequest::Kind* kind) {
  if (kind) *kind = ImportRequest::Kind::Dataset;
  if (path.isEmpty() || !QFileInfo::exists(path)) return {};
  const sp::SourceKind source = sp::detect_source(toPath(path));
  if (source == sp::SourceKind::PhotoFolder && kind) *kind = ImportRequest::Kind::PhotoFolder;
  switch (source) {
    case sp::SourceKind::CocoFile:
      return ProjectTasks::tr("COCO annotations (JSON file)");
    case sp::SourceKind::CocoFolder:
      return ProjectTasks::tr("COCO or Roboflow export (folder)");
    case sp::SourceKind::Yolo:
      return ProjectTasks::tr("YOLO dataset (data.yaml)");
    case sp::SourceKind::Voc:
      return ProjectTasks::tr("Pascal VOC (XML files)");
    case sp::SourceKind::Labelme:
      return ProjectTasks::tr("labelme (JSON files)");
    case sp::SourceKind::PhotoFolder:
      return ProjectTasks::tr("a folder of photos");
    case sp::SourceKind::Unknown:
      break;
  }
  return {};
}

TaskJob importJob(ImportRequest request) {
  return [request](TaskControl& control) -> TaskOutcome {
    try {
      return runImport(request, control);
    } catch (const Error& e) {
      return failed(e);
    }
  };
}

TaskJob exportJob(ExportRequest request) {
  return [request](TaskControl& control) -> TaskOutcome {
    try {
      return runExport(request, control);
    } catch (const Error& e) {
      return failed(e);
    }
  };
}

TaskJob demoJob(QString dir) {
  return [dir](TaskControl& control) -> TaskOutcome {
    try {
      const auto report =
          sam3::demo::create_demo_project(toPath(dir), {}, [&control](int done, int total) {
            control.progress(
                ProjectTasks::tr("Generating demo photo %1 of %2…").arg(done).arg(total), done,
                total);
            return !control.cancelled();
          });
      return {TaskOutcome::Status::Done,
              ProjectTasks::tr("The demo project has %1 photos and %2 polygons.")
                  .arg(report.photos)
                  .arg(report.annotations)};
    } catch (const Cancelled&) {
      return {TaskOutcome::Status::Cancelled,
              ProjectTasks::tr("Cancelled. No demo project was written.")};
    } catch (const Error& e) {
      return failed(e);
    }
  };
}

}  // namespace sam3::ui
