// sam3studio-cli validate --project DIR | SOURCE: dataset checks as JSON (see validate.h).
// Exit 0 when the check ran; with --strict, exit 1 when it found errors.
#include <unistd.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "core/project/image_probe.h"
#include "core/project/interchange.h"
#include "core/project/project.h"
#include "core/project/sha256.h"
#include "core/project/validate.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace {

namespace sp = sam3::project;
namespace fs = std::filesystem;

struct ValidateArgs {
  std::string project, source;
  bool strict = false;
};

// A photo folder: formats by content, unreadable headers and duplicate content.
sp::ValidationReport validate_photo_folder(const fs::path& dir) {
  sp::ValidationReport r;
  std::map<std::string, std::string> by_hash;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string bytes = sam3::read_file(e.path()), why;
    if (!sp::probe_image(bytes, &why)) {
      r.problems.push_back(
          {sp::Issue::Severity::Warning, e.path().string(), "", "not a readable photo: " + why});
      continue;
    }
    ++r.photos;
    auto [it, fresh] = by_hash.emplace(sp::sha256_hex(bytes), e.path().string());
    if (!fresh)
      r.problems.push_back(
          {sp::Issue::Severity::Warning, e.path().string(), "", "duplicate of " + it->second});
  }
  return r;
}

sp::ValidationReport validate_source(const fs::path& source) {
  if (sp::detect_source(source) == sp::SourceKind::PhotoFolder)
    return validate_photo_folder(source);
  fs::path scratch = fs::temp_directory_path() / ("sam3-validate-" + std::to_string(::getpid()));
  sam3::remove_tree(scratch);
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      try {
        sam3::remove_tree(p);
      } catch (const sam3::Error&) {  // a leftover scratch folder in /tmp is harmless
      }
    }
  } cleanup{scratch};
  sp::Project project = sp::Project::create(scratch);
  sp::ImportReport imported = sp::commit_dataset(project, sp::parse_source(source), {false});
  sp::ValidationReport r = sp::validate_project(project, false);
  r.problems.insert(r.problems.begin(), imported.issues.begin(), imported.issues.end());
  return r;
}

int run_validate(const ValidateArgs& a) {
  if (a.project.empty() == a.source.empty())
    throw sam3::InvalidInput("validate takes either --project DIR or a SOURCE");
  sp::ValidationReport r;
  if (!a.project.empty()) {
    sp::Project project = sp::Project::open(a.project);
    r = sp::validate_project(project, true);
  } else {
    r = validate_source(a.source);
  }
  std::cout << sp::to_json(r) << '\n';
  return a.strict && r.errors() > 0 ? 1 : 0;
}

sam3::cli::Runner add_validate(CLI::App& app, CLI::App*& sub) {
  auto args = std::make_shared<ValidateArgs>();
  sub = app.add_subcommand("validate",
                           "Check a project or a dataset: counts, classes, shapes, "
                           "missing files, duplicates, prompts");
  sub->add_option("--project", args->project, "Project folder");
  sub->add_option("source", args->source, "Dataset or photo folder to check without importing");
  sub->add_flag("--strict", args->strict, "Exit 1 when errors were found");
  return [args] { return run_validate(*args); };
}

}  // namespace

SAM3_CLI_COMMAND(validate, add_validate);
