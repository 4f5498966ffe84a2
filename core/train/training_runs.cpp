#include "core/train/training_runs.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/train/training_session_errors.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"

namespace sam3::train {

namespace fs = std::filesystem;

std::string CheckpointInfo::label() const {
  if (best) return step >= 0 ? "best (step " + std::to_string(step) + ")" : "best";
  return "step " + std::to_string(step);
}

namespace {

std::int64_t file_size_or_zero(const fs::path& p) {
  std::error_code ec;
  const auto n = fs::file_size(p, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

std::time_t mtime(const fs::path& p) {
  std::error_code ec;
  const auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  const auto sys = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      t - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
  return std::chrono::system_clock::to_time_t(sys);
}

std::int64_t tree_bytes(const fs::path& dir) {
  std::int64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) total += file_size_or_zero(it->path());
  return total;
}

std::optional<std::array<double, 12>> stats(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 12) return std::nullopt;
  std::array<double, 12> out{};
  for (std::size_t i = 0; i < 12; ++i) out[i] = j[i].is_number() ? j[i].get<double>() : -1.0;
  return out;
}

void read_card(CheckpointInfo& c) {
  std::ifstream in(c.card);
  const nlohmann::json card = nlohmann::json::parse(in, nullptr, false);
  if (card.is_discarded()) return;
  // The config is the run's config.yaml, as one long string in the card: left out of the view.
  nlohmann::json shown = card;
  if (shown.is_object() && shown.contains("config")) shown["config"] = "(the run's config.yaml)";
  c.card_json = shown.dump(2);
  if (c.best && card.contains("step") && card["step"].is_number_integer())
    c.step = card["step"].get<std::int64_t>();
  if (card.contains("metrics") && card["metrics"].is_object()) {
    const auto& m = card["metrics"];
    if (m.contains("bbox")) c.bbox = stats(m["bbox"]);
    if (m.contains("segm")) c.segm = stats(m["segm"]);
  }
}

CheckpointInfo make_checkpoint(const fs::path& dir, const std::string& stem, bool best) {
  CheckpointInfo c;
  c.best = best;
  c.weights = dir / (stem + ".safetensors");
  c.card = dir / (stem + ".json");
  if (!best) c.state = dir / (stem + ".state.safetensors");
  c.bytes = file_size_or_zero(c.weights) + file_size_or_zero(c.card) +
            (best ? 0 : file_size_or_zero(c.state));
  c.modified = mtime(c.card);
  read_card(c);
  return c;
}

}  // namespace

RunCurves read_curves(const fs::path& run_dir) {
  RunCurves out;
  std::ifstream in(run_dir / "metrics.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("type") || !j.contains("step")) continue;
    try {
      if (j["type"] == "step") {
        StepPoint p;
        p.step = j.at("step").get<std::int64_t>();
        p.epoch = j.value("epoch", std::int64_t{0});
        p.loss = j.value("loss", 0.0);
        if (j.contains("terms")) p.terms = j["terms"].get<std::map<std::string, double>>();
        if (j.contains("lr")) p.lr = j["lr"].get<std::map<std::string, double>>();
        p.images_per_second = j.value("images_per_second", 0.0);
        p.gpu_memory_bytes = j.value("gpu_memory_bytes", std::int64_t{-1});
        out.steps.push_back(std::move(p));
      } else if (j["type"] == "validation") {
        ValidationPoint v;
        v.step = j.at("step").get<std::int64_t>();
        v.epoch = j.value("epoch", std::int64_t{0});
        if (auto b = stats(j.value("bbox", nlohmann::json()))) v.bbox = *b;
        if (auto s = stats(j.value("segm", nlohmann::json()))) v.segm = *s;
        out.validations.push_back(v);
      }
    } catch (const nlohmann::json::exception&) {
      continue;  // a line of another shape: skipped as documented
    }
  }
  return out;
}

RunInfo read_run(const fs::path& run_dir) {
  RunInfo run;
  run.dir = run_dir;
  run.name = run_dir.filename().string();
  try {
    run.model_config = load_train_config(run_dir / "config.yaml").model.config;
  } catch (const std::exception& e) {
    run.problem = e.what();
  }
  const RunCurves curves = read_curves(run_dir);
  std::map<std::int64_t, std::int64_t> epoch_of;
  for (const auto& p : curves.steps) epoch_of[p.step] = p.epoch;
  if (!curves.steps.empty()) run.last_logged_step = curves.steps.back().step;
  const fs::path ck = run_dir / "checkpoints";
  static const std::regex pattern(R"((step_(\d+))\.json)");
  std::error_code ec;
  for (fs::directory_iterator it(ck, ec), end; !ec && it != end; it.increment(ec)) {
    std::smatch m;
    const std::string name = it->path().filename().string();
    if (!std::regex_match(name, m, pattern)) continue;
    CheckpointInfo c = make_checkpoint(ck, m[1].str(), false);
    if (!fs::exists(c.weights) || !fs::exists(c.state)) continue;  // incomplete
    c.step = std::stoll(m[2].str());
    if (const auto e = epoch_of.find(c.step); e != epoch_of.end()) c.epoch = e->second;
    run.checkpoints.push_back(std::move(c));
  }
  std::sort(run.checkpoints.begin(), run.checkpoints.end(),
            [](const CheckpointInfo& a, const CheckpointInfo& b) { return a.step < b.step; });
  if (fs::exists(ck / "best.json") && fs::exists(ck / "best.safetensors")) {
    CheckpointInfo best = make_checkpoint(ck, "best", true);
    if (const auto e = epoch_of.find(best.step); e != epoch_of.end()) best.epoch = e->second;
    run.checkpoints.push_back(std::move(best));
  }
  run.finished = fs::exists(run_dir / "model_card.json");
  run.bytes = tree_bytes(run_dir);
  run.modified = mtime(run_dir / "metrics.jsonl");
  if (run.modified == 0) run.modified = mtime(run_dir / "config.yaml");
  return run;
}

std::vector<RunInfo> list_runs(const fs::path& project) {
  std::vector<RunInfo> runs;
  std::error_code ec;
  for (fs::directory_iterator it(project / "runs", ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory() && fs::exists(it->path() / "config.yaml"))
      runs.push_back(read_run(it->path()));
  std::sort(runs.begin(), runs.end(), [](const RunInfo& a, const RunInfo& b) {
    return a.name > b.name;  // folder names are UTC times: newest first
  });
  return runs;
}

SessionError delete_checkpoint(const CheckpointInfo& checkpoint, std::int64_t* freed) {
  std::int64_t total = 0;
  try {
    // The card first: without it the checkpoint no longer counts (run_folder.h).
    for (const fs::path& p : {checkpoint.card, checkpoint.weights, checkpoint.state}) {
      if (p.empty() || !fs::exists(p)) continue;
      const auto n = file_size_or_zero(p);
      std::error_code ec;
      if (!fs::remove(p, ec) || ec) throw IoError(p, "cannot delete: " + ec.message());
      total += n;
    }
  } catch (...) {
    if (freed) *freed = total;
    return detail::current_error();
  }
  if (freed) *freed = total;
  return {};
}

SessionError delete_run(const fs::path& run_dir, std::int64_t* freed) {
  const std::int64_t bytes = tree_bytes(run_dir);
  try {
    if (!fs::exists(run_dir / "config.yaml"))
      throw InvalidInput(run_dir.string() + " is not a training run folder");
    remove_tree(run_dir);
  } catch (...) {
    if (freed) *freed = bytes - tree_bytes(run_dir);
    return detail::current_error();
  }
  if (freed) *freed = bytes;
  return {};
}

SessionError export_weights(const RunInfo& run, const CheckpointInfo& checkpoint,
                            const fs::path& out_dir, fs::path* written) {
  try {
    fs::create_directories(out_dir);
    std::string stem =
        run.name + "_" +
        (checkpoint.best ? std::string("best") : "step_" + std::to_string(checkpoint.step));
    const fs::path weights = out_dir / (stem + ".safetensors");
    for (const auto& [from, to] : {std::pair{checkpoint.weights, weights},
                                   std::pair{checkpoint.card, out_dir / (stem + ".json")}}) {
      std::error_code ec;
      fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
      if (ec) throw IoError(to, "cannot copy " + from.string() + ": " + ec.message());
    }
    if (written) *written = weights;
  } catch (...) {
    return detail::current_error();
  }
  return {};
}

}  // namespace sam3::train
