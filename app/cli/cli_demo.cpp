// sam3studio-cli demo --out DIR: writes the demo project (generated panel photos with
// fuse-cutout-like objects and their exact polygons) and prints a JSON summary. Exit 1 when DIR
// exists or writing failed (nothing is left behind).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/demo/demo_project.h"

namespace {

struct DemoArgs {
  std::string out;
  sam3::demo::DemoOptions options;
};

int run_demo(const DemoArgs& a) {
  const sam3::demo::DemoReport r = sam3::demo::create_demo_project(a.out, a.options);
  nlohmann::ordered_json j;
  j["project"] = r.dir.string();
  j["photos"] = r.photos;
  j["negatives"] = r.negatives;
  j["annotations"] = r.annotations;
  j["classes"] = r.classes;
  std::cout << j.dump(2) << '\n';
  return 0;
}

sam3::cli::Runner add_demo(CLI::App& app, CLI::App*& sub) {
  auto args = std::make_shared<DemoArgs>();
  auto& o = args->options;
  sub = app.add_subcommand("demo",
                           "Write the demo project: generated panel photos with fuse-cutout-like "
                           "objects and their polygons");
  sub->add_option("--out", args->out, "Project folder to create (must not exist)")->required();
  sub->add_option("--photos", o.num_photos, "Number of photos")->capture_default_str();
  sub->add_option("--width", o.width, "Photo width in pixels")->capture_default_str();
  sub->add_option("--height", o.height, "Photo height in pixels")->capture_default_str();
  sub->add_option("--classes", o.num_classes, "1: fuse cutouts; 2: and insulators")
      ->capture_default_str()
      ->check(CLI::Range(1, 2));
  sub->add_option("--seed", o.seed, "Generator seed (same seed, same photos)")
      ->capture_default_str();
  return [args] { return run_demo(*args); };
}

}  // namespace

SAM3_CLI_COMMAND(demo, add_demo);
