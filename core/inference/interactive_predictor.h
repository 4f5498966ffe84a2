#pragma once
// SAM3 instance interactivity ("smart polygon"): load the model once, set a photo (its image
// embedding computed once, or read from the on-disk cache), then predict masks from clicks,
// a box and/or the previous mask as often as the inspector clicks. Plain types only (no LibTorch):
// the ui can use it. Coordinates are pixels of the original (EXIF-corrected) photo, x right,
// y down; masks are photo-sized.
// Not thread-safe: use one object from one thread (the ui's inference worker).
// Errors: typed errors of core/util/errors.h (IoError/FormatError/ModelError for weights,
// InvalidInput for bad prompts or a predict() without a photo). A corrupt or mismatched cache entry
// is logged, discarded and recomputed; EmbeddingCache (embedding_cache.h) reports it as a
// FormatError to direct callers.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/inference/predictor.h"  // BinaryMask
#include "core/util/image_io.h"

namespace sam3 {

struct InteractiveOptions {
  std::string model_config = "sam3";  // a name in resources/models or a YAML file
  // HF model.safetensors (Sam3VideoModel layout), official sam3.pt, our interactive checkpoint, or
  // a model folder; unset: the facebook/sam3 snapshot in the Hugging Face cache.
  std::optional<std::filesystem::path> model_path;
  bool random_weights = false;  // seeded random parameters (tests, benchmarks)
  std::uint64_t seed = 0;
  std::string device = "auto";  // auto | cpu | cuda | cuda:N
  bool bf16 = true;             // bf16 autocast for the image encoder on CUDA
  // Embedding cache folder (e.g. <project>/embeddings); unset: no disk cache.
  std::optional<std::filesystem::path> cache_dir;
  std::uint64_t cache_max_bytes = 2ull << 30;
  // Identifies the weights in cache keys (e.g. the model card's weights hash); empty: derived from
  // the model config and the weights file's path, size and modification time (or the seed).
  std::string model_hash;
};

struct ClickPoint {
  double x = 0, y = 0;
  bool positive = true;
};

struct PromptBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Low-resolution mask logits of a prediction; pass it back as `previous` to refine.
struct LowResMask {
  int width = 0;
  int height = 0;
  std::vector<float> logits;  // row-major
};

struct InteractiveMask {
  // Photo size, logits > mask_threshold (holes filled as the model config says). Filled for the
  // best candidate only; width and height are set for all (candidate_mask() gives the others).
  BinaryMask mask;
  float score = 0;  // predicted IoU in [0, 1]
  LowResMask low_res;
};

struct InteractiveResult {
  std::vector<InteractiveMask> masks;  // 3 candidates (multimask) or 1, in the model's order
  int best = 0;                        // index of the highest score
  float object_score_logit = 0;
};

struct InteractiveInfo {
  std::string model_name;
  std::string device;
  std::string weights_source;
  std::string model_hash;
  int image_size = 0;
  int low_res_size = 0;  // side of LowResMask
  std::int64_t parameters = 0;
};

class InteractivePredictor {
 public:
  explicit InteractivePredictor(const InteractiveOptions& options);
  ~InteractivePredictor();
  InteractivePredictor(InteractivePredictor&&) noexcept;
  InteractivePredictor& operator=(InteractivePredictor&&) noexcept;

  const InteractiveInfo& info() const;

  // Sets the photo (RGB, any size). photo_hash identifies its pixels (e.g. the project's SHA-256
  // of the photo); empty: a digest of the pixels is used. Returns true when the embedding came
  // from the cache. InvalidInput for an empty image.
  bool set_image(const Image& image, const std::string& photo_hash = "");
  bool has_image() const;

  // Masks for positive/negative clicks, an optional box and an optional previous low-res mask
  // (at least one of them). multimask: 3 candidates (best for a single click); otherwise one
  // mask (the official stability fallback applies). InvalidInput without a photo, without any
  // prompt, for non-finite coordinates, an empty box or a previous mask of the wrong size.
  InteractiveResult predict(const std::vector<ClickPoint>& points,
                            const std::optional<PromptBox>& box = std::nullopt,
                            const LowResMask* previous = nullptr, bool multimask = true);
  // The photo-sized mask of candidate `index` of the last predict() on this photo (as
  // InteractiveMask::mask). InvalidInput without one or for an index out of range.
  BinaryMask candidate_mask(int index) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sam3
