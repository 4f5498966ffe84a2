#pragma once
// The prediction cache of a project: one model's detections on one photo, every class prompt at
// once, written atomically as JSON to <project>/cache/predictions/<model key>/<photo sha256>.json.
// A score threshold chosen later filters these records; the model never runs again for that. The
// model key names the weights by config, path, size and modification time (not their bytes: a
// 3 GB file would have to be read to hash it); a record whose class prompts differ from the
// project's current ones is stale and must be predicted again.
// Coordinates are pixels of the stored (EXIF-corrected) photo. Not thread-safe per file: one
// writer per model folder (the ui's prediction worker). Errors: IoError (file system) and
// FormatError naming the file and the place inside it (corrupt record).
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/eval/rle.h"

namespace sam3::review {

// A detection of one class.
struct PredictedObject {
  std::int64_t class_id = 0;
  float score = 0;              // in [0, 1]
  std::array<double, 4> box{};  // x0, y0, x1, y1 (x0 <= x1, y0 <= y1)
  eval::Rle mask;               // height x width of the photo; 0 x 0 when masks were off
  friend bool operator==(const PredictedObject&, const PredictedObject&) = default;
};

// The prompt each class was asked with (the record is stale when these change).
struct ClassPrompt {
  std::int64_t class_id = 0;
  std::string prompt;
  friend bool operator==(const ClassPrompt&, const ClassPrompt&) = default;
};

struct PhotoPredictions {
  std::string photo_sha256;  // 64 lowercase hex
  int width = 0;             // of the photo
  int height = 0;
  double min_score = 0;  // detections scoring below it were not kept
  std::vector<ClassPrompt> prompts;
  std::vector<PredictedObject> objects;  // score descending
  friend bool operator==(const PhotoPredictions&, const PhotoPredictions&) = default;
};

// What identifies a model for the cache.
struct ModelIdentity {
  std::string config;             // "sam3", "sam3-tiny" or a YAML file
  std::filesystem::path weights;  // empty: random initialisation or the Hugging Face cache
  std::string variant;            // anything else that changes the outputs ("seed 7")
};

// "<config>-<16 hex>": the hex is the SHA-256 prefix of config, variant, and the weights' absolute
// path, byte size and modification time. Throws IoError when `weights` is set but unreadable.
std::string model_key(const ModelIdentity& model);

class PredictionStore {
 public:
  // `model_key` must be a plain folder name (no separators, not "." or ".."): InvalidInput.
  PredictionStore(std::filesystem::path project_dir, std::string model_key);

  const std::string& key() const { return key_; }
  std::filesystem::path dir() const;  // <project>/cache/predictions/<key>
  std::filesystem::path file_for(const std::string& photo_sha256) const;

  // The record of the photo, or nullopt when there is none. Throws FormatError naming the file
  // (and the place inside it) when the record is corrupt or belongs to another photo.
  std::optional<PhotoPredictions> load(const std::string& photo_sha256) const;
  // Atomic: a reader sees the old record or the new one, never a part.
  void save(const PhotoPredictions& predictions) const;
  void remove(const std::string& photo_sha256) const;  // no-op when absent

 private:
  std::filesystem::path project_;
  std::string key_;
};

// The record as JSON text and back (load/save use these). `file` only names errors.
std::string to_json(const PhotoPredictions& predictions);
PhotoPredictions from_json(const std::string& text, const std::filesystem::path& file);

}  // namespace sam3::review
