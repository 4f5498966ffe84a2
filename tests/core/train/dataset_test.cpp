// Training samples: one query per class per photo with negatives, augmentation geometry (boxes
// and masks follow resize, pad and flip), determinism per (seed, epoch, photo), the prefetcher.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "core/train/augment.h"
#include "core/train/dataset.h"
#include "core/train/prefetch.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

// A hand-made source: photo 0 has one class-0 square, photo 1 has nothing.
class TwoPhotoSource : public SampleSource {
 public:
  std::vector<std::string> class_names() const override { return {"a", "b"}; }
  std::vector<std::string> class_prompts() const override { return {"thing a", "thing b"}; }
  std::vector<SourcePhoto> photos(Split) const override {
    SourceAnnotation square{0, {{20, 10, 60, 10, 60, 30, 20, 30}}, {20, 10, 40, 20}};
    return {{"p0", 100, 50, {square}}, {"p1", 100, 50, {}}};
  }
  Image decode(Split, std::size_t index) const override {
    return Image{100, 50, std::vector<std::uint8_t>(100 * 50 * 3, index == 0 ? 200 : 50)};
  }
  std::string description() const override { return "two photos"; }
};

DatasetOptions small_options() {
  DatasetOptions o;
  o.image_size = 112;
  return o;
}

TEST(Augment, ResizeChoicesAreTheOfficialSizesScaled) {
  AugmentOptions o;
  const std::vector<int> full = resize_choices(o);
  ASSERT_EQ(full.size(), 17u);  // 480, 512, ..., 992
  EXPECT_EQ(full.front(), 480);
  EXPECT_EQ(full.back(), 992);
  o.image_size = 112;
  const std::vector<int> tiny = resize_choices(o);
  EXPECT_EQ(tiny.front(), 53);  // 480 * 112 / 1008 = 53.3
  EXPECT_EQ(tiny.back(), 110);  // 992 * 112 / 1008 = 110.2
  o.min_size = 600;
  o.max_size = 500;
  EXPECT_THROW(resize_choices(o), InvalidInput);
}

TEST(Augment, BoxesFollowResizePadAndFlip) {
  Image photo{100, 50, std::vector<std::uint8_t>(100 * 50 * 3, 0)};
  for (int y = 10; y < 30; ++y)  // paint the annotated square white
    for (int x = 20; x < 60; ++x)
      for (int c = 0; c < 3; ++c) photo.rgb[(y * 100 + x) * 3 + c] = 255;
  const std::vector<SourceAnnotation> ann{
      {0, {{20, 10, 60, 10, 60, 30, 20, 30}}, {20, 10, 40, 20}}};
  AugmentOptions o;
  o.image_size = 1008;
  o.hflip_probability = 0.5;
  int flips = 0;
  for (std::uint64_t seed = 0; seed < 12; ++seed) {
    Rng rng(seed);
    const AugmentedPhoto a = augment_photo(photo, ann, o, rng);
    const PlacedGeometry& g = a.geometry;
    ASSERT_EQ(a.image.width, 1008);
    ASSERT_EQ((g.resized - 480) % 32, 0);
    EXPECT_LE(g.offset_x + g.resized, 1008);
    EXPECT_LE(g.offset_y + g.resized, 1008);
    flips += g.flipped;
    const double s = g.resized / 100.0, t = g.resized / 50.0;
    const double x0 = g.flipped ? g.resized - 60 * s : 20 * s;
    ASSERT_EQ(a.annotations.size(), 1u);
    const PixelBox& b = a.annotations[0].box;
    EXPECT_NEAR(b.x, x0 + g.offset_x, 1e-9);
    EXPECT_NEAR(b.y, 10 * t + g.offset_y, 1e-9);
    EXPECT_NEAR(b.w, 40 * s, 1e-9);
    EXPECT_NEAR(b.h, 20 * t, 1e-9);
    // The pixels moved with the box: its centre is white; one source pixel (s output pixels,
    // the reach of bilinear upscaling) outside it, black.
    auto at = [&](double x, double y) {
      return a.image.rgb[(static_cast<std::size_t>(y) * 1008 + static_cast<std::size_t>(x)) * 3];
    };
    EXPECT_EQ(at(b.x + b.w / 2, b.y + b.h / 2), 255);
    EXPECT_EQ(at(b.x - s - 1, b.y + b.h / 2), 0);
    EXPECT_EQ(at(b.x + b.w + s + 1, b.y + b.h / 2), 0);
    EXPECT_EQ(at(b.x + b.w / 2, b.y - t - 1), 0);
    // Padding is zero.
    if (g.offset_x > 0) {
      EXPECT_EQ(at(0, g.offset_y + 1), 0);
    }
  }
  EXPECT_GT(flips, 0);
  EXPECT_LT(flips, 12);
}

TEST(Dataset, OneQueryPerClassPerPhotoWithNegatives) {
  TwoPhotoSource source;
  TrainingDataset data(source, Split::Train, small_options());
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data.num_queries(), 4u);
  EXPECT_EQ(data.num_negative_queries(), 3u);  // p0/b, p1/a, p1/b
  const TrainSample s0 = data.eval_sample(0), s1 = data.eval_sample(1);
  ASSERT_EQ(s0.queries.size(), 2u);
  EXPECT_EQ(s0.queries[0].boxes.size(0), 1);
  EXPECT_EQ(s0.queries[1].boxes.size(0), 0);
  EXPECT_EQ(s1.queries[0].boxes.size(0), 0);
  EXPECT_EQ(s1.queries[1].boxes.size(0), 0);
  // Validation: plain resize of 100x50 to 112x112, cxcywh / 112.
  const auto b = s0.queries[0].boxes[0];
  EXPECT_NEAR(b[0].item<double>(), 40.0 / 100, 1e-6);
  EXPECT_NEAR(b[1].item<double>(), 20.0 / 50, 1e-6);
  EXPECT_NEAR(b[2].item<double>(), 40.0 / 100, 1e-6);
  EXPECT_NEAR(b[3].item<double>(), 20.0 / 50, 1e-6);
  // The mask is the rasterised polygon: 44.8 x 44.8 pixels of 112 x 112.
  const auto& m = s0.queries[0].masks;
  ASSERT_EQ(m.sizes(), (std::vector<std::int64_t>{1, 112, 112}));
  EXPECT_NEAR(m.sum().item<double>(), 44.8 * 44.8, 2 * 45);
  EXPECT_EQ(s0.image.sizes(), (std::vector<std::int64_t>{3, 112, 112}));
  EXPECT_NEAR(s1.image.max().item<double>(), 50 / 255.0 * 2 - 1, 1e-5);
}

TEST(Dataset, SamplesDependOnlyOnSeedEpochAndPhoto) {
  TwoPhotoSource source;
  TrainingDataset data(source, Split::Train, small_options());
  const TrainSample a = data.sample(0, 7, 3), b = data.sample(0, 7, 3), c = data.sample(0, 7, 4);
  EXPECT_TRUE(a.image.equal(b.image));
  EXPECT_TRUE(a.queries[0].boxes.equal(b.queries[0].boxes));
  EXPECT_FALSE(a.image.equal(c.image) && a.queries[0].boxes.equal(c.queries[0].boxes));
  const auto order = data.epoch_order(7, 0);
  EXPECT_EQ(order.size(), 2u);
  EXPECT_EQ(data.hash().size(), 16u);
}

TEST(Dataset, RejectsAnnotationsOfUnknownClasses) {
  class BadSource : public TwoPhotoSource {
    std::vector<SourcePhoto> photos(Split) const override {
      return {{"p0", 100, 50, {SourceAnnotation{5, {}, {0, 0, 1, 1}}}}};
    }
  };
  BadSource source;
  EXPECT_THROW(TrainingDataset(source, Split::Train, small_options()), InvalidInput);
}

TEST(Dataset, SyntheticSourceHasDisjointSplits) {
  SyntheticOptions o;
  o.num_photos = 3;
  SyntheticSource source(o, 2);
  EXPECT_EQ(source.photos(Split::Train).size(), 3u);
  EXPECT_EQ(source.photos(Split::Valid).size(), 2u);
  EXPECT_NE(source.decode(Split::Train, 0).rgb, source.decode(Split::Valid, 0).rgb);
  EXPECT_THROW(source.decode(Split::Valid, 2), InvalidInput);
}

TEST(Prefetcher, DeliversStepsInOrderAndStopsCleanly) {
  TwoPhotoSource source;
  TrainingDataset data(source, Split::Train, small_options());
  std::atomic<int> made{0};
  {
    Prefetcher p(
        [&](std::int64_t step) {
          ++made;
          return collate({data.sample(static_cast<std::size_t>(step % 2), 1, step)}, step);
        },
        3, 7, 2);
    for (std::int64_t step = 3; step < 7; ++step) {
      auto batch = p.next();
      ASSERT_TRUE(batch.has_value());
      EXPECT_EQ(batch->step, step);
    }
    EXPECT_FALSE(p.next().has_value());
  }
  EXPECT_EQ(made.load(), 4);
  // Stop while the producer is blocked on a full queue: joins without hanging.
  Prefetcher early([&](std::int64_t step) { return collate({data.eval_sample(0)}, step); }, 0, 1000,
                   1);
  ASSERT_TRUE(early.next().has_value());
  early.stop();
  EXPECT_FALSE(early.next().has_value());
}

TEST(Prefetcher, RethrowsTheProducersError) {
  Prefetcher p([](std::int64_t) -> TrainBatch { throw IoError("photo.png", "unreadable"); }, 0, 5,
               2);
  EXPECT_THROW(p.next(), IoError);
}

}  // namespace
}  // namespace sam3::train
