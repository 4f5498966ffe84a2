#pragma once
// SAM3 concept-prompt predictor: load a model once, encode a photo once, then ask for any number of
// text prompts (with optional exemplar boxes) and get detections: score, box and mask in pixels of
// the original (EXIF-corrected) photo. Plain types only: no LibTorch in this header, so the ui can
// use it. Text encodings are cached per prompt for the predictor's lifetime.
// Not thread-safe: use one predictor from one thread (the ui's inference worker).
// Errors: the constructor and every call throw the typed errors of core/util/errors.h
// (IoError/FormatError/ModelError for weights, InvalidInput for empty prompts and empty images).
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/image_io.h"

namespace sam3 {

struct PredictorOptions {
  std::string model_config = "sam3";  // a name in resources/models or a YAML file
  // A weights file (HF model.safetensors, official sam3.pt, our checkpoint) or a model folder.
  // Unset: the facebook/sam3 snapshot in the Hugging Face cache.
  std::optional<std::filesystem::path> model_path;
  bool random_weights = false;  // seeded random parameters instead of weights (tests, demos)
  std::uint64_t seed = 0;
  // Tokenizer vocabulary (bpe_simple_vocab_16e6.txt.gz, vocab.json or a folder); unset: the model
  // folder's.
  std::optional<std::filesystem::path> vocab;
  std::string device = "auto";  // auto | cpu | cuda | cuda:N
  bool bf16 = true;             // bf16 autocast on CUDA (ignored on CPU, which runs fp32)
  // With bf16 on CUDA: keep the Linear/convolution weights in bf16 (the values autocast would
  // compute anyway; half the weight memory, no cast copies). See core/model/inference_dtype.h.
  bool bf16_weights = true;
  double score_threshold = 0.5;
  double mask_threshold = 0.5;
  bool masks = true;
};

// An exemplar box in pixels of the original photo (x0 < x1, y0 < y1).
struct ExemplarBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool positive = true;
};

struct BinaryMask {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> data;  // row-major, 0 or 1
  std::size_t area() const;
};

struct Detection {
  int prompt_index = 0;  // index into the prompts of the predict() call
  std::string prompt;
  int query = 0;  // decoder query that produced it
  float score = 0;
  std::array<float, 4> box_xyxy{};  // pixels of the original photo, clamped to it
  BinaryMask mask;                  // original size; empty when masks are off
};

struct PredictorInfo {
  std::string model_name;
  std::string device;          // "cpu", "cuda:0"
  std::string precision;       // "fp32", "bf16 autocast"
  std::string weights_source;  // file, or "random (seed N)"
  int image_size = 0;
  std::int64_t parameters = 0;
};

class Predictor {
 public:
  explicit Predictor(const PredictorOptions& options);
  ~Predictor();
  Predictor(Predictor&&) noexcept;
  Predictor& operator=(Predictor&&) noexcept;

  const PredictorInfo& info() const;

  // Encodes the photo (RGB, any size); replaces the previous one.
  void set_image(const Image& image);
  // An already preprocessed (1, 3, S, S) float tensor under key `image` of a safetensors file;
  // detections are then in pixels of that S x S input.
  void set_image_tensor(const std::filesystem::path& safetensors_file);
  bool has_image() const;

  // One detection list for all prompts, grouped by prompt then query order; boxes (optional)
  // apply to every prompt. Throws InvalidInput without an image, for an empty prompt or a
  // degenerate box.
  std::vector<Detection> predict(const std::vector<std::string>& prompts,
                                 const std::vector<ExemplarBox>& boxes = {});

  // The raw outputs of the last predict(): pred_logits (P, Q, 1), pred_boxes (P, Q, 4) cxcywh,
  // presence_logit_dec (P, 1), pred_masks (P, Q, h, w), float32, written atomically.
  void save_raw_outputs(const std::filesystem::path& safetensors_file) const;

  std::size_t cached_prompts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sam3
