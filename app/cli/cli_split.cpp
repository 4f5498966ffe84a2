// sam3studio-cli split --project DIR [--train R --valid R --test R] [--seed N] [--only-unassigned]
//                                     [--ensure-valid [--fraction F]]
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/project/project.h"
#include "core/project/split.h"

namespace {

namespace sp = sam3::project;

struct SplitArgs {
  std::string project;
  sp::SplitRatios ratios;
  std::uint64_t seed = 0;
  bool only_unassigned = false, ensure_valid = false;
  double fraction = 0.2;
};

int run_split(const SplitArgs& a) {
  sp::Project project = sp::Project::open(a.project);
  nlohmann::ordered_json j;
  if (a.ensure_valid) {
    j["moved_to_valid"] = sp::ensure_valid_split(project, a.fraction, a.seed);
  } else {
    sp::assign_splits(project, a.ratios, a.seed, a.only_unassigned);
  }
  sp::SplitCounts c = sp::count_splits(project);
  j["train"] = c.train;
  j["valid"] = c.valid;
  j["test"] = c.test;
  j["none"] = c.none;
  j["seed"] = a.seed;
  std::cout << j.dump(2) << '\n';
  return 0;
}

sam3::cli::Runner add_split(CLI::App& app, CLI::App*& sub) {
  auto args = std::make_shared<SplitArgs>();
  sub = app.add_subcommand("split",
                           "Assign train/valid/test splits (seeded, negatives kept in "
                           "proportion)");
  sub->add_option("--project", args->project, "Project folder")
      ->required()
      ->check(CLI::ExistingDirectory);
  sub->add_option("--train", args->ratios.train, "Share of train")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--valid", args->ratios.valid, "Share of valid")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--test", args->ratios.test, "Share of test")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  sub->add_flag("--only-unassigned", args->only_unassigned, "Keep the split of assigned photos");
  sub->add_flag("--ensure-valid", args->ensure_valid,
                "Only create valid from train when valid is empty (the seed pipeline's rule)");
  sub->add_option("--fraction", args->fraction, "Share of train moved by --ensure-valid")
      ->capture_default_str();
  return [args] { return run_split(*args); };
}

}  // namespace

SAM3_CLI_COMMAND(split, add_split);
