// See embedding_cache.h.
#include "core/inference/embedding_cache.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <system_error>

#include "core/util/errors.h"
#include "core/util/log.h"

namespace sam3 {
namespace {

constexpr const char* kFormat = "sam3studio-embedding";
constexpr const char* kVersion = "1";
constexpr const char* kSuffix = ".embedding.safetensors";
const char* const kReserved[] = {"format", "version", "photo_hash", "model_hash", "checksum"};

std::uint64_t checksum(const weights::NamedTensors& tensors) {
  std::uint64_t h = fnv1a64(nullptr, 0);
  for (const auto& [name, t] : tensors) {  // sorted by name
    h = fnv1a64(name.data(), name.size(), h);
    const auto c = t.to(torch::kCPU).contiguous();
    h = fnv1a64(c.data_ptr(), static_cast<std::size_t>(c.nbytes()), h);
  }
  return h;
}

bool is_entry(const std::filesystem::directory_entry& e) {
  const std::string name = e.path().filename().string();
  return e.is_regular_file() && name.size() > std::char_traits<char>::length(kSuffix) &&
         name.compare(name.size() - std::char_traits<char>::length(kSuffix), std::string::npos,
                      kSuffix) == 0;
}

}  // namespace

std::uint64_t fnv1a64(const void* data, std::size_t size, std::uint64_t state) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    state ^= p[i];
    state *= 0x100000001b3ull;
  }
  return state;
}

std::string hex64(std::uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

EmbeddingCache::EmbeddingCache(std::filesystem::path dir, std::uint64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec || !std::filesystem::is_directory(dir_))
    throw IoError(dir_, "cannot create the embedding cache folder: " + ec.message());
}

std::filesystem::path EmbeddingCache::entry_path(const EmbeddingKey& key) const {
  std::uint64_t h = fnv1a64(key.model_hash.data(), key.model_hash.size());
  h = fnv1a64("\n", 1, h);
  h = fnv1a64(key.photo_hash.data(), key.photo_hash.size(), h);
  return dir_ / (hex64(h) + kSuffix);
}

std::optional<EmbeddingCache::Entry> EmbeddingCache::load(const EmbeddingKey& key,
                                                          const EmbeddingLayout& layout) const {
  const auto file = entry_path(key);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  weights::SafetensorsFile st = weights::read_safetensors(file);  // FormatError when malformed
  auto meta = [&](const char* k) {
    auto it = st.metadata.find(k);
    return it == st.metadata.end() ? std::string() : it->second;
  };
  if (meta("format") != kFormat || meta("version") != kVersion)
    throw FormatError(file, "__metadata__",
                      std::string("not a version ") + kVersion +
                          " embedding cache entry (format '" + meta("format") + "', version '" +
                          meta("version") + "')");
  if (meta("photo_hash") != key.photo_hash || meta("model_hash") != key.model_hash)
    throw FormatError(file, "__metadata__",
                      "entry is for photo '" + meta("photo_hash") + "' and model '" +
                          meta("model_hash") + "', expected photo '" + key.photo_hash +
                          "' and model '" + key.model_hash + "'");
  for (const auto& [name, shape] : layout) {
    auto it = st.tensors.find(name);
    if (it == st.tensors.end()) throw FormatError(file, name, "tensor missing");
    if (it->second.sizes().vec() != shape || it->second.scalar_type() != torch::kFloat)
      throw FormatError(file, name,
                        "expected float32 " + weights::shape_string(shape) + ", got " +
                            std::string(c10::toString(it->second.scalar_type())) + " " +
                            weights::shape_string(it->second));
  }
  if (st.tensors.size() != layout.size())
    throw FormatError(file, "",
                      "holds " + std::to_string(st.tensors.size()) + " tensors, expected " +
                          std::to_string(layout.size()));
  if (meta("checksum") != hex64(checksum(st.tensors)))
    throw FormatError(file, "", "checksum mismatch: the entry was altered or truncated");
  std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now(), ec);
  Entry out;
  for (auto& [name, t] : st.tensors) out.tensors[name] = t.clone();  // detach from the mapping
  for (const auto& [k, v] : st.metadata)
    if (std::find(std::begin(kReserved), std::end(kReserved), k) == std::end(kReserved))
      out.extra[k] = v;
  return out;
}

bool EmbeddingCache::store(const EmbeddingKey& key, const weights::NamedTensors& tensors,
                           const weights::Metadata& extra) {
  weights::NamedTensors cpu;
  std::uint64_t bytes = 0;
  for (const auto& [name, t] : tensors) {
    cpu[name] = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
    bytes += static_cast<std::uint64_t>(cpu[name].nbytes());
  }
  if (bytes > max_bytes_) {
    log::warning("embedding of " + std::to_string(bytes) + " bytes exceeds the cache limit of " +
                 std::to_string(max_bytes_) + " bytes; not cached");
    return false;
  }
  weights::Metadata meta = extra;
  meta["format"] = kFormat;
  meta["version"] = kVersion;
  meta["photo_hash"] = key.photo_hash;
  meta["model_hash"] = key.model_hash;
  meta["checksum"] = hex64(checksum(cpu));
  const auto file = entry_path(key);
  weights::write_safetensors(file, cpu, meta);
  if (std::filesystem::file_size(file) > max_bytes_) {  // the header tipped it over
    discard(key);
    log::warning("embedding cache entry " + file.string() + " exceeds the cache limit of " +
                 std::to_string(max_bytes_) + " bytes; not cached");
    return false;
  }
  evict(file);
  return true;
}

void EmbeddingCache::discard(const EmbeddingKey& key) const {
  std::error_code ec;
  std::filesystem::remove(entry_path(key), ec);
}

std::size_t EmbeddingCache::entries() const {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) n += is_entry(e);
  return n;
}

std::uint64_t EmbeddingCache::total_bytes() const {
  std::uint64_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_))
    if (is_entry(e)) n += e.file_size();
  return n;
}

void EmbeddingCache::evict(const std::filesystem::path& keep) {
  struct File {
    std::filesystem::path path;
    std::filesystem::file_time_type time;
    std::uint64_t size;
  };
  std::vector<File> files;
  std::uint64_t total = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    if (!is_entry(e)) continue;
    files.push_back({e.path(), e.last_write_time(), e.file_size()});
    total += files.back().size;
  }
  std::sort(files.begin(), files.end(),
            [](const File& a, const File& b) { return a.time < b.time; });
  for (const File& f : files) {
    if (total <= max_bytes_) break;
    if (f.path == keep) continue;
    std::error_code ec;
    if (std::filesystem::remove(f.path, ec)) total -= f.size;
  }
}

}  // namespace sam3
