#include "core/train/run_folder.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/weights/model_checkpoint.h"
#include "core/weights/safetensors.h"

namespace sam3::train {
namespace fs = std::filesystem;
namespace {

std::string step_stem(std::int64_t step) {
  char name[40];
  std::snprintf(name, sizeof name, "step_%09lld", static_cast<long long>(step));
  return name;
}

CheckpointFiles files_of(const fs::path& dir, const std::string& stem, std::int64_t step) {
  return {step, dir / (stem + ".safetensors"), dir / (stem + ".json"),
          dir / (stem + ".state.safetensors")};
}

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
}

std::uint64_t tensor_bytes(const std::map<std::string, torch::Tensor>& tensors, int element) {
  std::uint64_t n = 0;
  for (const auto& [k, t] : tensors)
    n += static_cast<std::uint64_t>(t.numel()) *
         (element > 0 ? static_cast<std::uint64_t>(element) : t.element_size());
  return n;
}

}  // namespace

RunFolder::RunFolder(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::create_directories(checkpoints_dir(), ec);
  if (ec) throw IoError(checkpoints_dir(), "cannot create the run folder: " + ec.message());
}

void RunFolder::write_config(const std::string& yaml) const {
  write_file_atomic(config_file(), yaml);
}

void RunFolder::append_metrics(const nlohmann::json& line) const {
  std::FILE* f = std::fopen(metrics_file().c_str(), "ab");
  if (f == nullptr)
    throw IoError(metrics_file(), std::string("cannot open: ") + std::strerror(errno));
  const std::string text = line.dump() + "\n";
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok)
    throw IoError(metrics_file(), std::string("write failed: ") + std::strerror(errno));
}

void RunFolder::truncate_metrics_after(std::int64_t step) const {
  if (!fs::exists(metrics_file())) return;
  std::istringstream in(read_file(metrics_file()));
  std::string line, kept;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      // A line cut by a crash can only be the last one; anything else is corruption.
      if (in.peek() == EOF) break;
      throw FormatError(metrics_file(), "line " + std::to_string(number), e.what());
    }
    if (j.value("step", std::int64_t{0}) <= step) kept += line + "\n";
  }
  write_file_atomic(metrics_file(), kept);
}

std::vector<CheckpointFiles> RunFolder::checkpoints() const {
  static const std::regex pattern(R"(step_(\d+)\.json)");
  std::vector<CheckpointFiles> out;
  for (const auto& entry : fs::directory_iterator(checkpoints_dir())) {
    std::smatch m;
    const std::string name = entry.path().filename().string();
    if (!std::regex_match(name, m, pattern)) continue;
    const std::int64_t step = std::stoll(m[1].str());
    CheckpointFiles f = files_of(checkpoints_dir(), step_stem(step), step);
    if (fs::exists(f.weights) && fs::exists(f.state)) out.push_back(f);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
  return out;
}

std::optional<CheckpointFiles> RunFolder::latest() const {
  auto all = checkpoints();
  if (all.empty()) return std::nullopt;
  return all.back();
}

CheckpointFiles RunFolder::best() const {
  return {-1, checkpoints_dir() / "best.safetensors", checkpoints_dir() / "best.json", {}};
}

void check_free_disk(const fs::path& dir, std::uint64_t needed) {
  std::error_code ec;
  const fs::space_info space = fs::space(dir, ec);
  if (ec) throw IoError(dir, "cannot query free disk space: " + ec.message());
  const std::uint64_t want = needed + needed / 10;
  if (space.available < want)
    throw IoError(dir, "not enough free disk space for a checkpoint: need " +
                           std::to_string(want >> 20) + " MiB, " +
                           std::to_string(space.available >> 20) +
                           " MiB free; free space or lower keep_last");
}

CheckpointFiles write_checkpoint(const RunFolder& run, const TrainingState& state,
                                 const std::map<std::string, torch::Tensor>& weights,
                                 const nlohmann::json& card, const CheckpointFault& fault,
                                 torch::ScalarType dtype) {
  const CheckpointFiles f = files_of(run.checkpoints_dir(), step_stem(state.step), state.step);
  check_free_disk(
      run.checkpoints_dir(),
      tensor_bytes(state.model, 0) + tensor_bytes(state.optimizer, 0) + tensor_bytes(weights, 2));
  try {
    weights::NamedTensors tensors;
    for (const auto& [k, t] : state.model) tensors["model." + k] = t;
    for (const auto& [k, t] : state.optimizer) tensors["optimizer." + k] = t;
    tensors["rng.cpu"] = state.cpu_rng;
    weights::write_safetensors(f.state, tensors,
                               {{"format", "sam3studio-train-state"},
                                {"step", std::to_string(state.step)},
                                {"best_value", nlohmann::json(state.best_value).dump()},
                                {"best_step", std::to_string(state.best_step)},
                                {"samples_seen", std::to_string(state.samples_seen)},
                                {"global_batch", std::to_string(state.global_batch)},
                                {"world_size", std::to_string(state.world_size)}});
    if (fault) fault("state");
    weights::save_model_checkpoint(f.weights, weights, card, dtype);
    if (fault) fault("weights");
  } catch (...) {
    for (const auto& p : {f.card, f.weights, f.state}) remove_quietly(p);
    throw;
  }
  return f;
}

void write_best(const RunFolder& run, const std::map<std::string, torch::Tensor>& weights,
                const nlohmann::json& card, torch::ScalarType dtype) {
  check_free_disk(run.checkpoints_dir(), tensor_bytes(weights, 2));
  weights::save_model_checkpoint(run.best().weights, weights, card, dtype);
}

void prune_checkpoints(const RunFolder& run, int keep_last) {
  if (keep_last < 1) throw InvalidInput("keep_last must be >= 1");
  const auto complete = run.checkpoints();
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep_last) < complete.size(); ++i)
    for (const auto& p : {complete[i].card, complete[i].weights, complete[i].state})
      remove_quietly(p);
  // Leftovers of a failed write: step files without a complete set.
  static const std::regex pattern(R"(step_(\d+)\.(state\.safetensors|safetensors|json))");
  for (const auto& entry : fs::directory_iterator(run.checkpoints_dir())) {
    std::smatch m;
    const std::string name = entry.path().filename().string();
    if (!std::regex_match(name, m, pattern)) continue;
    const std::int64_t step = std::stoll(m[1].str());
    const bool kept = std::any_of(complete.begin(), complete.end(),
                                  [&](const CheckpointFiles& c) { return c.step == step; });
    if (!kept) remove_quietly(entry.path());
  }
  // Temporaries of writes that never finished (the process was killed mid-write, atomic_file.h):
  // a checkpoint's temporaries are as large as the checkpoint.
  static const std::regex temporary(
      R"((step_\d+\.(state\.safetensors|safetensors|json)|best\.(safetensors|json))\.tmp-\d+-\d+)");
  for (const auto& entry : fs::directory_iterator(run.checkpoints_dir()))
    if (std::regex_match(entry.path().filename().string(), temporary)) remove_quietly(entry.path());
}

TrainingState read_training_state(const fs::path& state_file) {
  const weights::SafetensorsFile file = weights::read_safetensors(state_file);
  auto meta = [&](const std::string& key) {
    const auto it = file.metadata.find(key);
    if (it == file.metadata.end())
      throw FormatError(state_file, "__metadata__." + key, "missing (not a training state file)");
    return it->second;
  };
  if (meta("format") != "sam3studio-train-state")
    throw FormatError(state_file, "__metadata__.format", "expected sam3studio-train-state");
  TrainingState s;
  s.step = std::stoll(meta("step"));
  s.best_value = nlohmann::json::parse(meta("best_value")).get<double>();
  s.best_step = std::stoll(meta("best_step"));
  // Optional (written since data-parallel training): a non-integer is a FormatError.
  auto optional_int = [&](const std::string& key, std::int64_t fallback, std::int64_t min) {
    const auto it = file.metadata.find(key);
    if (it == file.metadata.end()) return fallback;
    std::size_t used = 0;
    std::int64_t value = 0;
    try {
      value = std::stoll(it->second, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != it->second.size() || value < min)
      throw FormatError(state_file, "__metadata__." + key,
                        "got '" + it->second + "', expected an integer >= " + std::to_string(min));
    return value;
  };
  s.samples_seen = optional_int("samples_seen", 0, 0);
  s.global_batch = optional_int("global_batch", 0, 0);
  s.world_size = static_cast<int>(optional_int("world_size", 1, 1));
  for (const auto& [key, t] : file.tensors) {
    if (key.rfind("model.", 0) == 0)
      s.model[key.substr(6)] = t.clone();
    else if (key.rfind("optimizer.", 0) == 0)
      s.optimizer[key.substr(10)] = t.clone();
    else if (key == "rng.cpu")
      s.cpu_rng = t.clone();
    else
      throw FormatError(state_file, key, "unexpected entry");
  }
  if (!s.cpu_rng.defined() || s.model.empty())
    throw FormatError(state_file, "", "missing model weights or rng.cpu");
  return s;
}

std::string file_fingerprint(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(file, "cannot open for hashing");
  std::uint64_t h = 0xcbf29ce484222325ull;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    for (std::streamsize i = 0; i < in.gcount(); ++i)
      h = (h ^ static_cast<unsigned char>(buffer[static_cast<std::size_t>(i)])) * 0x100000001b3ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace sam3::train
