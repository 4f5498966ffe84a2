// sam3studio-cli import --project DIR SOURCE: photos or an annotated dataset into a project
// (created when absent). Prints a JSON report; exit 1 when the import failed (project unchanged).
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/project/interchange.h"
#include "core/project/project.h"
#include "core/util/errors.h"
#ifdef SAM3_HAVE_PHOTO_IMPORT
#include "core/project/photo_import.h"
#endif

namespace {

namespace sp = sam3::project;

nlohmann::ordered_json report_json(const sp::ImportReport& r) {
  nlohmann::ordered_json j;
  j["format"] = r.format;
  j["photos_added"] = r.photos_added;
  j["photos_merged"] = r.photos_merged;
  j["photos_skipped"] = r.photos_skipped;
  j["annotations_added"] = r.annotations_added;
  j["annotations_skipped"] = r.annotations_skipped;
  j["annotations_repaired"] = r.annotations_repaired;
  j["classes_added"] = r.classes_added;
  j["issues"] = nlohmann::ordered_json::array();
  for (const sp::Issue& i : r.issues)
    j["issues"].push_back({{"severity", sp::to_string(i.severity)},
                           {"file", i.file},
                           {"where", i.where},
                           {"message", i.message}});
  return j;
}

struct ImportArgs {
  std::string project, source;
  bool no_copy = false;
};

int run_import(const ImportArgs& a) {
  sp::Project project = sp::Project::open_or_create(a.project);
  sp::ImportReport report;
  if (sp::detect_source(a.source) == sp::SourceKind::PhotoFolder) {
#ifdef SAM3_HAVE_PHOTO_IMPORT
    report = sp::import_photo_folder(project, a.source);
#else
    throw sam3::InvalidInput(
        "importing a photo folder needs a build with OpenCV "
        "(SAM3STUDIO_WITH_OPENCV=ON)");
#endif
  } else {
    report = sp::commit_dataset(project, sp::parse_source(a.source), {!a.no_copy});
  }
  std::cout << report_json(report).dump(2) << '\n';
  return 0;
}

sam3::cli::Runner add_import(CLI::App& app, CLI::App*& sub) {
  auto args = std::make_shared<ImportArgs>();
  sub = app.add_subcommand("import",
                           "Import photos or a dataset (COCO json, Roboflow folder, YOLO "
                           "data.yaml, VOC folder, labelme json) into a project");
  sub->add_option("--project", args->project, "Project folder (created when absent)")->required();
  sub->add_option("source", args->source, "Photo folder or dataset to import")->required();
  sub->add_flag("--metadata-only", args->no_copy,
                "Record photos without copying their files into the project");
  return [args] { return run_import(*args); };
}

}  // namespace

SAM3_CLI_COMMAND(import, add_import);
