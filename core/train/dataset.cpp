#include "core/train/dataset.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/train/raster.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

constexpr std::uint64_t kValidSeedOffset = 1000003;

struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  }
  void str(const std::string& s) { bytes(s.data(), s.size() + 1); }
  void num(double v) { bytes(&v, sizeof v); }
};

std::vector<SourceAnnotation> to_annotations(const std::vector<SyntheticObject>& objects) {
  std::vector<SourceAnnotation> out;
  for (const auto& o : objects) out.push_back({o.class_index, o.polygons, o.box});
  return out;
}

}  // namespace

const char* to_string(Split split) {
  return split == Split::Train ? "train" : "valid";
}

SyntheticSource::SyntheticSource(const SyntheticOptions& train, int valid_photos)
    : train_(train), valid_(train) {
  if (valid_photos < 0) throw InvalidInput("synthetic source: valid_photos must be >= 0");
  valid_.seed = train.seed + kValidSeedOffset;
  valid_.num_photos = valid_photos;
}

std::vector<std::string> SyntheticSource::class_names() const {
  return synthetic_class_names(train_.num_classes);
}

const SyntheticOptions& SyntheticSource::options(Split split) const {
  return split == Split::Train ? train_ : valid_;
}

std::vector<SourcePhoto> SyntheticSource::photos(Split split) const {
  const SyntheticOptions& o = options(split);
  std::vector<SourcePhoto> out;
  for (int i = 0; i < o.num_photos; ++i) {
    SyntheticPhoto p = generate_synthetic_photo(o, i);
    out.push_back({p.file_name, p.image.width, p.image.height, to_annotations(p.objects)});
  }
  return out;
}

Image SyntheticSource::decode(Split split, std::size_t index) const {
  const SyntheticOptions& o = options(split);
  if (index >= static_cast<std::size_t>(o.num_photos))
    throw InvalidInput("synthetic source: photo " + std::to_string(index) + " of " +
                       std::to_string(o.num_photos));
  return generate_synthetic_photo(o, static_cast<int>(index)).image;
}

std::string SyntheticSource::description() const {
  char text[200];
  std::snprintf(text, sizeof text,
                "synthetic panels seed %llu, %d train + %d valid photos %dx%d, %d classes",
                static_cast<unsigned long long>(train_.seed), train_.num_photos, valid_.num_photos,
                train_.width, train_.height, train_.num_classes);
  return text;
}

TrainingDataset::TrainingDataset(const SampleSource& source, Split split,
                                 const DatasetOptions& options)
    : options_(options),
      names_(source.class_names()),
      prompts_(source.class_prompts()),
      photos_(source.photos(split)) {
  options_.augment.image_size = options_.image_size;
  if (names_.empty() || names_.size() != prompts_.size())
    throw InvalidInput("dataset: the source needs >= 1 class and one prompt per class");
  if (options_.mean.size() != 3 || options_.std.size() != 3)
    throw InvalidInput("dataset: mean and std need 3 values");
  const std::vector<int> sizes = resize_choices(options_.augment);
  const int cap = std::max(options_.image_size, options_.augment.random_resize ? sizes.back() : 0);
  Fnv fnv;
  for (const auto& p : prompts_) fnv.str(p);
  for (std::size_t i = 0; i < photos_.size(); ++i) {
    const SourcePhoto& photo = photos_[i];
    Image img = source.decode(split, i);
    if (img.width != photo.width || img.height != photo.height)
      throw FormatError(photo.key, "", "decoded size differs from the source's record");
    fnv.str(photo.key);
    fnv.bytes(img.rgb.data(), img.rgb.size());
    for (const auto& a : photo.annotations) {
      if (a.class_index < 0 || static_cast<std::size_t>(a.class_index) >= names_.size())
        throw InvalidInput("dataset: " + photo.key + " has an annotation of class index " +
                           std::to_string(a.class_index) + ", expected < " +
                           std::to_string(names_.size()));
      fnv.num(a.class_index);
      for (const auto& poly : a.polygons)
        for (double v : poly) fnv.num(v);
      for (double v : {a.box.x, a.box.y, a.box.w, a.box.h}) fnv.num(v);
    }
    for (std::size_t c = 0; c < names_.size(); ++c) {
      const auto n = std::count_if(
          photo.annotations.begin(), photo.annotations.end(),
          [&](const SourceAnnotation& a) { return static_cast<std::size_t>(a.class_index) == c; });
      if (n > options_.max_boxes_per_prompt)
        throw InvalidInput("dataset: " + photo.key + " has " + std::to_string(n) +
                           " instances of '" + names_[c] + "', more than max_boxes_per_prompt " +
                           std::to_string(options_.max_boxes_per_prompt));
    }
    PlacedGeometry g;
    const int w = std::min(img.width, cap), h = std::min(img.height, cap);
    g.scale_x = static_cast<double>(w) / img.width;
    g.scale_y = static_cast<double>(h) / img.height;
    cached_annotations_.push_back(place_annotations(photo.annotations, g));
    cache_.push_back(w == img.width && h == img.height ? std::move(img)
                                                       : resize_bilinear(img, w, h));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv.h));
  hash_ = hex;
}

std::size_t TrainingDataset::num_negative_queries() const {
  std::size_t n = 0;
  for (const auto& p : photos_)
    for (std::size_t c = 0; c < num_classes(); ++c)
      n += std::none_of(p.annotations.begin(), p.annotations.end(), [&](const SourceAnnotation& a) {
        return static_cast<std::size_t>(a.class_index) == c;
      });
  return n;
}

TrainSample TrainingDataset::make_sample(const AugmentedPhoto& photo, std::size_t index) const {
  const int S = options_.image_size;
  TrainSample s;
  s.photo_index = index;
  s.geometry = photo.geometry;
  auto pixels =
      torch::from_blob(const_cast<std::uint8_t*>(photo.image.rgb.data()), {S, S, 3}, torch::kUInt8);
  auto mean = torch::tensor(options_.mean, torch::kFloat).view({3, 1, 1});
  auto stdv = torch::tensor(options_.std, torch::kFloat).view({3, 1, 1});
  s.image = (pixels.permute({2, 0, 1}).to(torch::kFloat) / 255.0 - mean) / stdv;
  for (std::size_t c = 0; c < num_classes(); ++c) {
    QueryTarget q;
    q.class_index = static_cast<int>(c);
    std::vector<float> boxes;
    std::vector<torch::Tensor> masks;
    for (const auto& a : photo.annotations) {
      if (static_cast<std::size_t>(a.class_index) != c) continue;
      const auto& b = a.box;
      for (double v : {b.x + b.w / 2, b.y + b.h / 2, b.w, b.h})
        boxes.push_back(static_cast<float>(v / S));
      if (!options_.masks) continue;
      std::vector<std::vector<double>> polys = a.polygons;
      if (polys.empty())  // a box-only annotation: its mask is the box
        polys.push_back({b.x, b.y, b.x + b.w, b.y, b.x + b.w, b.y + b.h, b.x, b.y + b.h});
      auto m = rasterize_polygons(polys, S, S);
      masks.push_back(torch::from_blob(m.data(), {S, S}, torch::kUInt8).to(torch::kBool));
    }
    const auto n = static_cast<std::int64_t>(boxes.size() / 4);
    q.boxes = torch::from_blob(boxes.data(), {n, 4}, torch::kFloat).clone();
    if (options_.masks)
      q.masks = n > 0 ? torch::stack(masks) : torch::zeros({0, S, S}, torch::kBool);
    s.queries.push_back(std::move(q));
  }
  return s;
}

TrainSample TrainingDataset::sample(std::size_t index, std::uint64_t seed,
                                    std::int64_t epoch) const {
  Rng rng(mix_seed({seed, static_cast<std::uint64_t>(epoch), index, 0xA06u}));
  return make_sample(
      augment_photo(cache_.at(index), cached_annotations_.at(index), options_.augment, rng), index);
}

TrainSample TrainingDataset::eval_sample(std::size_t index) const {
  return make_sample(
      resize_photo(cache_.at(index), cached_annotations_.at(index), options_.image_size), index);
}

std::vector<std::size_t> TrainingDataset::epoch_order(std::uint64_t seed,
                                                      std::int64_t epoch) const {
  std::vector<std::size_t> order(size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  Rng rng(mix_seed({seed, static_cast<std::uint64_t>(epoch), 0x0DE7u}));
  for (std::size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1],
              order[static_cast<std::size_t>(rng.integer(0, static_cast<int>(i) - 1))]);
  return order;
}

TrainBatch collate(std::vector<TrainSample> samples, std::int64_t step) {
  if (samples.empty()) throw InvalidInput("collate: empty batch");
  std::vector<torch::Tensor> images;
  for (auto& s : samples) {
    images.push_back(s.image);
    s.image = torch::Tensor();
  }
  return TrainBatch{torch::stack(images), std::move(samples), step};
}

}  // namespace sam3::train
