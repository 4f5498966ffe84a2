// sam3studio-cli export --project DIR --format coco|roboflow|yolo|voc|labelme --out DIR
// DIR must be absent or empty; it appears complete or not at all.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/project/interchange.h"
#include "core/project/project.h"
#include "core/util/errors.h"

namespace {

namespace sp = sam3::project;

struct ExportArgs {
  std::string project, format, out, timestamp;
  bool no_photos = false;
};

int run_export(const ExportArgs& a) {
  sp::Project project = sp::Project::open(a.project);
  sp::ExportOptions o{a.timestamp, !a.no_photos};
  // Staged: a failure or a kill leaves no half-written export (interchange.h, export_dataset).
  const sp::ExportReport r = sp::export_dataset(project, a.format, a.out, o);
  nlohmann::ordered_json j;
  j["format"] = a.format;
  j["out"] = a.out;
  j["images"] = r.images;
  j["annotations"] = r.annotations;
  j["issues"] = nlohmann::ordered_json::array();
  for (const sp::Issue& i : r.issues)
    j["issues"].push_back({{"severity", sp::to_string(i.severity)}, {"message", i.message}});
  std::cout << j.dump(2) << '\n';
  return 0;
}

sam3::cli::Runner add_export(CLI::App& app, CLI::App*& sub) {
  auto args = std::make_shared<ExportArgs>();
  sub =
      app.add_subcommand("export", "Export a project as COCO, Roboflow COCO, YOLO, VOC or labelme");
  sub->add_option("--project", args->project, "Project folder")
      ->required()
      ->check(CLI::ExistingDirectory);
  sub->add_option("--format", args->format, "coco, roboflow, yolo, voc or labelme")
      ->required()
      ->check(CLI::IsMember({"coco", "roboflow", "yolo", "voc", "labelme"}));
  sub->add_option("--out", args->out, "Output folder (absent or empty)")->required();
  sub->add_option("--timestamp", args->timestamp,
                  "Export time written into the files (ISO 8601; default now)");
  sub->add_flag("--no-photos", args->no_photos, "Write annotation files only");
  return [args] { return run_export(*args); };
}

}  // namespace

SAM3_CLI_COMMAND(export, add_export);
