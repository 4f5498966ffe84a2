#pragma once
// On-disk cache of per-photo image embeddings for instance interactivity: one safetensors file per
// (photo hash, model hash) in a folder, bounded in bytes with least-recently-used eviction (a hit
// refreshes the file's modification time; the oldest files go first). Entries carry their keys,
// a format tag and a checksum of every tensor byte in `__metadata__`; a file that is unreadable,
// truncated, altered, for another key or without the expected tensors is rejected with a
// FormatError naming the file and what is wrong. Writes are atomic.
// Not synchronised: use one cache object per folder and thread (the ui's inference worker).
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/weights/named_tensors.h"
#include "core/weights/safetensors.h"

namespace sam3 {

// FNV-1a, 64 bit, continuing from `state` (a hash so far); as 16 lowercase hex digits.
std::uint64_t fnv1a64(const void* data, std::size_t size,
                      std::uint64_t state = 0xcbf29ce484222325ull);
std::string hex64(std::uint64_t value);

struct EmbeddingKey {
  std::string photo_hash;  // identifies the photo's pixels
  std::string model_hash;  // identifies the weights and sizes that computed the embedding
};

// What an entry must hold: tensor names with shapes (float32).
using EmbeddingLayout = std::map<std::string, weights::Shape>;

class EmbeddingCache {
 public:
  // Creates `dir` if needed. IoError when it cannot. max_bytes 0 = store nothing.
  EmbeddingCache(std::filesystem::path dir, std::uint64_t max_bytes);

  const std::filesystem::path& dir() const { return dir_; }
  std::uint64_t max_bytes() const { return max_bytes_; }
  std::filesystem::path entry_path(const EmbeddingKey& key) const;

  // nullopt when there is no entry; the tensors (CPU) and the entry's extra metadata on a hit.
  // FormatError for a corrupt or mismatched entry (the file is left for the caller to discard()).
  struct Entry {
    weights::NamedTensors tensors;
    weights::Metadata extra;
  };
  std::optional<Entry> load(const EmbeddingKey& key, const EmbeddingLayout& layout) const;

  // Writes the entry (float32 tensors, `extra` metadata kept), then evicts the least recently
  // used entries until the folder holds at most max_bytes. An entry larger than max_bytes is not
  // stored (returns false). IoError when the write fails.
  bool store(const EmbeddingKey& key, const weights::NamedTensors& tensors,
             const weights::Metadata& extra = {});

  void discard(const EmbeddingKey& key) const;
  // Entries in the folder and their total size.
  std::size_t entries() const;
  std::uint64_t total_bytes() const;

 private:
  void evict(const std::filesystem::path& keep);
  std::filesystem::path dir_;
  std::uint64_t max_bytes_;
};

}  // namespace sam3
