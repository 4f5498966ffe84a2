#pragma once
// Training samples (sam3-spec §D.5): every photo of a split gives one query per class, negatives
// included — a class absent from the photo (or a photo with no object at all) is a query with no
// target, which trains the presence head. Photos are decoded once from the SampleSource and kept
// in memory resized to at most the largest augmentation size; each sample is then augmented
// (augment.h) with a random stream derived only from (seed, epoch, photo), so a sample is the same
// whatever thread makes it and whenever a run is resumed.
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/train/augment.h"
#include "core/train/dataset_types.h"
#include "core/util/image_io.h"

namespace sam3::train {

// Where photos and annotations come from. Implementations: SyntheticSource (below); a project
// store adapter can implement the same interface. decode() may be called from several threads.
class SampleSource {
 public:
  virtual ~SampleSource() = default;
  virtual std::vector<std::string> class_names() const = 0;
  virtual std::vector<std::string> class_prompts() const = 0;  // the text the model sees
  virtual std::vector<SourcePhoto> photos(Split split) const = 0;
  // Pixels of photos(split)[index] (8-bit RGB, the size the SourcePhoto states).
  virtual Image decode(Split split, std::size_t index) const = 0;
  virtual std::string description() const = 0;  // for the model card
};

// The generated panels of synthetic_data.h: `train` options for the train split and the same
// options with seed + 1000003 and valid_photos photos for the held-out valid split.
class SyntheticSource : public SampleSource {
 public:
  SyntheticSource(const SyntheticOptions& train, int valid_photos);
  std::vector<std::string> class_names() const override;
  std::vector<std::string> class_prompts() const override { return class_names(); }
  std::vector<SourcePhoto> photos(Split split) const override;
  Image decode(Split split, std::size_t index) const override;
  std::string description() const override;

 private:
  const SyntheticOptions& options(Split split) const;
  SyntheticOptions train_, valid_;
};

// One query's targets in pixels of the S x S model input.
struct QueryTarget {
  int class_index = 0;
  torch::Tensor boxes;  // [N, 4] float cx, cy, w, h normalised by S (N = 0 for a negative)
  torch::Tensor masks;  // [N, S, S] bool, or undefined when masks are off
};

struct TrainSample {
  torch::Tensor image;               // [3, S, S] float, normalised (x / 255 - mean) / std
  std::vector<QueryTarget> queries;  // one per class, in class order
  std::size_t photo_index = 0;
  PlacedGeometry geometry;
};

struct DatasetOptions {
  int image_size = 1008;
  std::vector<double> mean{0.5, 0.5, 0.5};
  std::vector<double> std{0.5, 0.5, 0.5};
  int max_boxes_per_prompt = 200;  // a (photo, class) with more instances is an InvalidInput
  bool masks = true;  // rasterise target masks from polygons (boxes only when a target has none)
  AugmentOptions augment;  // image_size is overwritten with image_size above
};

class TrainingDataset {
 public:
  // Decodes and caches every photo of `split` now (IoError / FormatError from the source pass
  // through). Annotations must name a class index < class count (InvalidInput otherwise).
  TrainingDataset(const SampleSource& source, Split split, const DatasetOptions& options);

  std::size_t size() const { return photos_.size(); }
  std::size_t num_classes() const { return prompts_.size(); }
  const std::vector<std::string>& class_names() const { return names_; }
  const std::vector<std::string>& class_prompts() const { return prompts_; }
  const SourcePhoto& photo(std::size_t index) const { return photos_.at(index); }
  const DatasetOptions& options() const { return options_; }
  // Total (photo, class) queries and how many of them have no target.
  std::size_t num_queries() const { return size() * num_classes(); }
  std::size_t num_negative_queries() const;

  // The augmented sample of photo `index` for `epoch` (training). Thread-safe.
  TrainSample sample(std::size_t index, std::uint64_t seed, std::int64_t epoch) const;
  // The validation sample: plain resize to S x S. Thread-safe.
  TrainSample eval_sample(std::size_t index) const;
  // Photo order of `epoch`: a seeded Fisher-Yates shuffle of 0..size()-1.
  std::vector<std::size_t> epoch_order(std::uint64_t seed, std::int64_t epoch) const;
  // FNV-1a 64 over class prompts, photo pixels and annotations, as 16 hex digits.
  const std::string& hash() const { return hash_; }

 private:
  TrainSample make_sample(const AugmentedPhoto& photo, std::size_t index) const;

  DatasetOptions options_;
  std::vector<std::string> names_, prompts_;
  std::vector<SourcePhoto> photos_;                                // original pixels' annotations
  std::vector<Image> cache_;                                       // resized pixels
  std::vector<std::vector<SourceAnnotation>> cached_annotations_;  // in cached pixels
  std::string hash_;
};

// Stacks samples into a batch: images [B, 3, S, S]; queries in sample order.
struct TrainBatch {
  torch::Tensor images;
  std::vector<TrainSample> samples;
  std::int64_t step = 0;
};
TrainBatch collate(std::vector<TrainSample> samples, std::int64_t step);

}  // namespace sam3::train
