// The child process of the reliability tests (crash_safety_test.cpp, full_disk_test.cpp): it runs
// the engine calls of one activity in a loop and reports on stdout, flushed, "begin N" before and
// "committed N" after each call returned, so that the parent can kill it with SIGKILL anywhere and
// then check that everything reported committed is there and nothing is half-written.
//
//   reliability_child edit PROJECT START        the store calls the annotation workspace makes
//                                                (ui/project_document.cpp, ui/commands/*)
//   reliability_child import PROJECT SOURCES START END   commit_dataset(parse_coco_file(...)) of
//                                                datasets START..END-1 (all the parent wrote)
//   reliability_child export PROJECT OUT START  export_dataset as coco / roboflow / yolo / voc,
//                                                in turn, to OUT/export_<N>
//   reliability_child export-into PROJECT OUT START   the same formats written in place by
//                                                export_coco / ... (the CLI's export)
//   reliability_child checkpoint RUN_DIR START  sam3-tiny checkpoints (write_checkpoint + prune);
//                                                only in reliability_train_child (LibTorch), the
//                                                same source built with RELIABILITY_TRAIN_CHILD
//   reliability_child limit BYTES MODE ARGS...  RLIMIT_FSIZE = BYTES (SIGXFSZ ignored, so writes
//                                                fail with EFBIG), then one call of MODE; prints
//                                                "error <message>" and exits 3 when it throws
// The edit, import, export and checkpoint loops stop after 100000 iterations or when the parent
// has gone. Exit status: 0 done, 2 bad usage, 3 an engine call threw.
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/project/interchange.h"
#include "core/project/project.h"
#include "core/util/errors.h"
#include "tests/reliability/edit_script.h"
#ifdef RELIABILITY_TRAIN_CHILD
#include "core/model/model_config.h"
#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/train/run_folder.h"
#include "core/weights/state_loader.h"
#endif

namespace fs = std::filesystem;
namespace sp = sam3::project;

namespace {

void say(const char* what, long long n) {
  std::printf("%s %lld\n", what, n);
  std::fflush(stdout);
}

rlim_t g_limit = RLIM_INFINITY;  // applied once the activity is set up (see ready())

// Set-up (opening the store, building the model) is done: report it and apply the file size
// limit of `limit` mode now, so that only the activity's own writes meet it.
void ready(long long start) {
  say("ready", start);
  if (g_limit == RLIM_INFINITY) return;
  const rlimit limit{g_limit, g_limit};
  if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
    std::perror("setrlimit");
    std::exit(2);
  }
}

bool parent_alive() {
  return ::getppid() != 1;
}

int run_edits(const fs::path& dir, int start, int count) {
  sp::Project project = sp::Project::open(dir);
  ready(start);
  for (int i = start; i < start + count && parent_alive(); ++i) {
    say("begin", i);
    sam3::reliability::apply_edit(project, i);
    say("committed", i);
  }
  return 0;
}

int run_imports(const fs::path& dir, const fs::path& sources, int start, int end) {
  sp::Project project = sp::Project::open(dir);
  ready(start);
  for (int i = start; i < end && parent_alive(); ++i) {
    say("begin", i);
    const auto json = sources / sam3::reliability::dataset_name(i) / "annotations.json";
    sp::commit_dataset(project, sp::parse_coco_file(json, sp::Split::Train));
    say("committed", i);
  }
  return 0;
}

// in_place: the format exporter writes straight into the folder, over what is there (the CLI's
// `export`); else export_dataset stages beside the target and renames it into place at the end
// (interchange.h), as the app's export dialog does.
int run_exports(const fs::path& dir, const fs::path& out, int start, int count, bool in_place) {
  static const char* kFormats[] = {"coco", "roboflow", "yolo", "voc"};
  sp::Project project = sp::Project::open(dir);
  sp::ExportOptions o;
  o.timestamp = "2026-01-02T03:04:05+00:00";  // byte-identical output for every export
  ready(start);
  for (int i = start; i < start + count && parent_alive(); ++i) {
    say("begin", i);
    const fs::path target = out / sam3::reliability::export_name(i);
    const std::string format = kFormats[i % 4];
    if (in_place) {
      if (format == "coco") sp::export_coco(project, target, o);
      if (format == "roboflow") sp::export_roboflow(project, target, o);
      if (format == "yolo") sp::export_yolo(project, target, o);
      if (format == "voc") sp::export_voc(project, target, o);
    } else if (!fs::exists(target)) {
      // (A target that exists was renamed into place by a child killed before it reported.)
      sp::export_dataset(project, format, target, o);
    }
    say("committed", i);
  }
  return 0;
}

#ifdef RELIABILITY_TRAIN_CHILD
// sam3-tiny's weights (seeded random init) and AdamW-shaped moments: what the trainer saves.
sam3::train::TrainingState tiny_state() {
  sam3::model::ModelConfig config = sam3::model::model_config_by_name("sam3-tiny");
  sam3::model::Sam3Image model(config);
  sam3::model::init_random_weights(*model, 3);
  sam3::train::TrainingState s;
  for (const auto& [k, t] : sam3::weights::module_state(*model)) {
    s.model[k] = t.detach().clone();
    if (!t.is_floating_point()) continue;
    s.optimizer[k + ".exp_avg"] = torch::zeros_like(t);
    s.optimizer[k + ".exp_avg_sq"] = torch::zeros_like(t);
  }
  s.cpu_rng = at::detail::getDefaultCPUGenerator().get_state();
  return s;
}

int run_checkpoints(const fs::path& dir, int start, int count) {
  const sam3::train::RunFolder run(dir);
  sam3::train::TrainingState state = tiny_state();
  // What a resume does first: the latest complete checkpoint must load.
  if (const auto latest = run.latest())
    say("resumed", sam3::train::read_training_state(latest->state).step);
  ready(start);
  for (int i = start; i < start + count && parent_alive(); ++i) {
    say("begin", i);
    state.step = i;
    state.best_step = i;
    state.model.begin()->second.fill_(static_cast<float>(i));  // content differs per step
    sam3::train::write_checkpoint(run, state, state.model, {{"step", i}});
    sam3::train::prune_checkpoints(run, 2);
    say("committed", i);
  }
  return 0;
}
#endif

int dispatch(const std::vector<std::string>& a, int count) {
  const std::string& mode = a.at(0);
  if (mode == "edit" && a.size() == 3) return run_edits(a[1], std::stoi(a[2]), count);
  if (mode == "import" && a.size() == 5)
    return run_imports(a[1], a[2], std::stoi(a[3]), std::stoi(a[4]));
  if ((mode == "export" || mode == "export-into") && a.size() == 4)
    return run_exports(a[1], a[2], std::stoi(a[3]), count, mode == "export-into");
#ifdef RELIABILITY_TRAIN_CHILD
  if (mode == "checkpoint" && a.size() == 3) return run_checkpoints(a[1], std::stoi(a[2]), count);
#endif
  std::fprintf(stderr, "reliability_child: bad arguments for '%s'\n", mode.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fprintf(stderr, "usage: reliability_child edit|import|export|checkpoint|limit ...\n");
    return 2;
  }
  int count = 100000;
  if (args[0] == "limit" && args.size() >= 3) {
    // One call under a file size limit: write() past it fails with EFBIG instead of killing us.
    std::signal(SIGXFSZ, SIG_IGN);
    g_limit = std::stoull(args[1]);
    args.erase(args.begin(), args.begin() + 2);
    count = 1;
  }
  try {
    return dispatch(args, count);
  } catch (const std::exception& e) {
    std::printf("error %s\n", e.what());
    std::fflush(stdout);
    return 3;
  }
}
