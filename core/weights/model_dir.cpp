#include "core/weights/model_dir.h"

#include <cstdlib>
#include <fstream>

#include "core/util/errors.h"

namespace sam3::weights {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> file_in(const fs::path& dir, const char* name) {
  std::error_code ec;
  const fs::path p = dir / name;
  if (fs::is_regular_file(p, ec)) return p;  // follows the hub cache's symlinks to blobs
  return std::nullopt;
}

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// Everything but the weights file.
ModelDir scan(const fs::path& dir) {
  ModelDir m;
  m.root = dir;
  m.config = file_in(dir, "config.json");
  m.vocab_json = file_in(dir, "vocab.json");
  m.merges_txt = file_in(dir, "merges.txt");
  m.bpe_gz = file_in(dir, "bpe_simple_vocab_16e6.txt.gz");
  return m;
}

}  // namespace

std::optional<ModelDir> inspect_model_dir(const fs::path& dir) {
  ModelDir m = scan(dir);
  if (auto w = file_in(dir, "model.safetensors"))
    m.weights = *w;
  else if (auto pt = file_in(dir, "sam3.pt"))
    m.weights = *pt;
  else
    return std::nullopt;
  return m;
}

std::vector<fs::path> hf_hub_cache_candidates() {
  std::vector<fs::path> out;
  if (const char* v = env("HF_HUB_CACHE")) out.emplace_back(v);
  if (const char* v = env("HUGGINGFACE_HUB_CACHE")) out.emplace_back(v);  // older huggingface_hub
  if (const char* v = env("HF_HOME"))
    out.push_back(fs::path(v) / "hub");
  else if (const char* x = env("XDG_CACHE_HOME"))
    out.push_back(fs::path(x) / "huggingface/hub");
  else if (const char* h = env("HOME"))
    out.push_back(fs::path(h) / ".cache/huggingface/hub");
  return out;
}

std::optional<fs::path> hf_snapshot(const fs::path& hub_cache, const std::string& repo_id) {
  std::string folder = "models--" + repo_id;
  for (auto pos = folder.find('/'); pos != std::string::npos; pos = folder.find('/'))
    folder.replace(pos, 1, "--");
  const fs::path repo = hub_cache / folder;
  std::error_code ec;
  if (std::ifstream ref(repo / "refs/main"); ref) {
    std::string rev;
    std::getline(ref, rev);
    rev = trim(rev);
    if (!rev.empty() && rev.find('/') == std::string::npos &&
        inspect_model_dir(repo / "snapshots" / rev))
      return repo / "snapshots" / rev;
  }
  std::optional<fs::path> best;
  fs::file_time_type best_time{};
  for (fs::directory_iterator it(repo / "snapshots", ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec) || !inspect_model_dir(it->path())) continue;
    const auto t = fs::last_write_time(it->path(), ec);
    if (!best || t > best_time) {
      best = it->path();
      best_time = t;
    }
  }
  return best;
}

ModelDir find_model_dir(const std::optional<fs::path>& path) {
  if (path) {
    std::error_code ec;
    if (fs::is_regular_file(*path, ec)) {
      ModelDir m = scan(path->parent_path());
      m.weights = *path;
      return m;
    }
    if (auto m = inspect_model_dir(*path)) return *m;
    throw IoError(*path, "no model.safetensors or sam3.pt in this folder");
  }
  std::string searched;
  for (const auto& cache : hf_hub_cache_candidates()) {
    if (auto snap = hf_snapshot(cache)) return *inspect_model_dir(*snap);
    searched += (searched.empty() ? "" : ", ") + (cache / "models--facebook--sam3").string();
  }
  throw IoError(searched.empty() ? fs::path("~/.cache/huggingface/hub") : fs::path(searched),
                "no facebook/sam3 snapshot with weights found (download it, or pass the model "
                "folder or weights file)");
}

}  // namespace sam3::weights
