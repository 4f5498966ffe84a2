// The synthetic panel generator: determinism, exact and valid polygons, negatives, bad options;
// and the raster helpers it relies on (checked against hand-computed pixels).
#include <gtest/gtest.h>

#include <cmath>

#include "core/train/raster.h"
#include "core/train/synthetic_data.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

// Proper segment intersection (shared endpoints of neighbours excluded by the caller).
bool segments_cross(const double* a, const double* b, const double* c, const double* d) {
  auto orient = [](const double* p, const double* q, const double* r) {
    const double v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
    return (v > 1e-12) - (v < -1e-12);
  };
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

bool is_simple(const std::vector<double>& xy) {
  const std::size_t n = xy.size() / 2;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 2; j < n; ++j) {
      if (i == 0 && j == n - 1) continue;
      if (segments_cross(&xy[2 * i], &xy[2 * ((i + 1) % n)], &xy[2 * j], &xy[2 * ((j + 1) % n)]))
        return false;
    }
  return true;
}

TEST(SyntheticData, SameSeedSameBytesOtherSeedOtherBytes) {
  SyntheticOptions o;
  o.num_photos = 6;
  const SyntheticDataset a = generate_synthetic_dataset(o), b = generate_synthetic_dataset(o);
  o.seed = 2;
  const SyntheticDataset c = generate_synthetic_dataset(o);
  ASSERT_EQ(a.photos.size(), 6u);
  for (std::size_t i = 0; i < a.photos.size(); ++i) {
    EXPECT_EQ(a.photos[i].image.rgb, b.photos[i].image.rgb);
    ASSERT_EQ(a.photos[i].objects.size(), b.photos[i].objects.size());
    for (std::size_t k = 0; k < a.photos[i].objects.size(); ++k)
      EXPECT_EQ(a.photos[i].objects[k].polygons, b.photos[i].objects[k].polygons);
    EXPECT_NE(a.photos[i].image.rgb, c.photos[i].image.rgb);
  }
  // A photo generated alone equals the same photo of the dataset.
  o.seed = 1;
  EXPECT_EQ(generate_synthetic_photo(o, 4).image.rgb, a.photos[4].image.rgb);
}

TEST(SyntheticData, PolygonsAreValidInsideAndMatchTheirBoxes) {
  SyntheticOptions o;
  o.num_photos = 40;
  const SyntheticDataset d = generate_synthetic_dataset(o);
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"fuse cutout", "insulator"}));
  int objects = 0, negatives = 0;
  std::array<int, 2> per_class{};
  for (const auto& p : d.photos) {
    EXPECT_EQ(p.image.width, 160);
    EXPECT_EQ(p.image.height, 120);
    EXPECT_EQ(p.image.rgb.size(), 160u * 120u * 3u);
    negatives += p.objects.empty();
    for (const auto& obj : p.objects) {
      ++objects;
      ASSERT_GE(obj.class_index, 0);
      ASSERT_LT(obj.class_index, 2);
      ++per_class[static_cast<std::size_t>(obj.class_index)];
      ASSERT_EQ(obj.polygons.size(), 1u);
      const auto& xy = obj.polygons[0];
      ASSERT_GE(xy.size(), 6u);
      ASSERT_EQ(xy.size() % 2, 0u);
      EXPECT_TRUE(is_simple(xy)) << p.file_name;
      double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
      for (std::size_t i = 0; i < xy.size(); i += 2) {
        x0 = std::min(x0, xy[i]);
        x1 = std::max(x1, xy[i]);
        y0 = std::min(y0, xy[i + 1]);
        y1 = std::max(y1, xy[i + 1]);
      }
      EXPECT_GE(x0, 0);
      EXPECT_GE(y0, 0);
      EXPECT_LE(x1, 160);
      EXPECT_LE(y1, 120);
      EXPECT_DOUBLE_EQ(obj.box.x, x0);
      EXPECT_DOUBLE_EQ(obj.box.y, y0);
      EXPECT_DOUBLE_EQ(obj.box.w, x1 - x0);
      EXPECT_DOUBLE_EQ(obj.box.h, y1 - y0);
      EXPECT_GT(polygon_area(xy), 0.1 * obj.box.w * obj.box.h);
    }
    // Objects never overlap, so each polygon is its object's whole visible mask.
    for (std::size_t i = 0; i < p.objects.size(); ++i)
      for (std::size_t j = i + 1; j < p.objects.size(); ++j) {
        const auto &a = p.objects[i].box, &b = p.objects[j].box;
        EXPECT_FALSE(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h);
      }
  }
  EXPECT_GT(objects, 40);
  EXPECT_GT(negatives, 0);
  EXPECT_GT(per_class[0], 0);
  EXPECT_GT(per_class[1], 0);
}

TEST(SyntheticData, ObjectPixelsDifferFromTheirSurroundings) {
  SyntheticOptions o;
  o.num_photos = 10;
  o.negative_fraction = 0;
  o.num_classes = 1;
  for (const auto& p : generate_synthetic_dataset(o).photos) {
    ASSERT_FALSE(p.objects.empty());
    const auto mask = rasterize_polygons(p.objects[0].polygons, p.image.width, p.image.height);
    double inside = 0, n = 0;
    for (std::size_t i = 0; i < mask.size(); ++i)
      if (mask[i]) {
        inside += p.image.rgb[3 * i];
        ++n;
      }
    ASSERT_GT(n, 50);
    EXPECT_LT(inside / n, 110) << "fuse cutouts are dark";
  }
}

TEST(SyntheticData, RejectsBadOptions) {
  SyntheticOptions o;
  o.num_classes = 3;
  EXPECT_THROW(generate_synthetic_dataset(o), InvalidInput);
  o = {};
  o.width = 8;
  EXPECT_THROW(generate_synthetic_dataset(o), InvalidInput);
  o = {};
  o.negative_fraction = 1.5;
  EXPECT_THROW(generate_synthetic_photo(o, 0), InvalidInput);
  o = {};
  EXPECT_THROW(generate_synthetic_photo(o, -1), InvalidInput);
  o.min_object_size = 0.6;
  o.max_object_size = 0.5;
  EXPECT_THROW(generate_synthetic_photo(o, 0), InvalidInput);
}

TEST(Raster, FillsPixelCentresInsideTheSquare) {
  std::vector<std::uint8_t> mask(5 * 4, 0);
  const std::vector<double> square{1, 1, 3, 1, 3, 3, 1, 3};  // covers pixels x 1..2, y 1..2
  fill_polygon(mask, 5, 4, square);
  const std::vector<std::uint8_t> expected{0, 0, 0, 0, 0,  //
                                           0, 1, 1, 0, 0,  //
                                           0, 1, 1, 0, 0,  //
                                           0, 0, 0, 0, 0};
  EXPECT_EQ(mask, expected);
  EXPECT_DOUBLE_EQ(polygon_area(square), 4.0);
  EXPECT_THROW(fill_polygon(mask, 5, 4, std::vector<double>{0, 0, 1, 1}), InvalidInput);
  EXPECT_THROW(fill_polygon(mask, 4, 4, square), InvalidInput);
}

TEST(Raster, BilinearResizeHalfPixelCentres) {
  // 2x1 image, values 0 and 100 -> 4x1: centres at 0.25-0.5 clamp -> 0, 25, 75, 100.
  Image img{2, 1, {0, 0, 0, 100, 100, 100}};
  const Image out = resize_bilinear(img, 4, 1);
  EXPECT_EQ(out.rgb[0], 0);
  EXPECT_EQ(out.rgb[3], 25);
  EXPECT_EQ(out.rgb[6], 75);
  EXPECT_EQ(out.rgb[9], 100);
  EXPECT_THROW(resize_bilinear(img, 0, 1), InvalidInput);
  EXPECT_THROW(resize_bilinear(Image{}, 2, 2), InvalidInput);
}

TEST(Raster, RngIsTheSplitMix64Stream) {
  Rng r(0);
  // Reference values of SplitMix64 with seed 0 (Vigna's splitmix64.c).
  EXPECT_EQ(r.next(), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(r.next(), 0x6E789E6AA1B965F4ull);
  EXPECT_THROW(r.integer(3, 2), InvalidInput);
}

}  // namespace
}  // namespace sam3::train
