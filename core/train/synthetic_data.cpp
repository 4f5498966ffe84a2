#include "core/train/synthetic_data.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "core/train/raster.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

using Rgb = std::array<double, 3>;

void validate(const SyntheticOptions& o) {
  auto fail = [](const std::string& what) { throw InvalidInput("synthetic data: " + what); };
  if (o.num_photos < 0) fail("num_photos must be >= 0");
  if (o.width < 32 || o.height < 32 || o.width > 4096 || o.height > 4096)
    fail("photo size must be within 32..4096 pixels");
  if (o.num_classes < 1 || o.num_classes > 2) fail("num_classes must be 1 or 2");
  if (o.max_objects < 1 || o.max_objects > 16) fail("max_objects must be within 1..16");
  if (!(o.negative_fraction >= 0 && o.negative_fraction <= 1))
    fail("negative_fraction must be within [0, 1]");
  if (!(o.min_object_size > 0.05 && o.min_object_size <= o.max_object_size &&
        o.max_object_size <= 0.9))
    fail("object sizes must satisfy 0.05 < min <= max <= 0.9");
}

// Lighting: a smooth gain over the photo (one light from a random side) applied to every colour.
struct Lighting {
  double base, gx, gy;
  double gain(double x, double y) const { return base + gx * x + gy * y; }
};

void put(Image& img, int x, int y, const Rgb& c) {
  auto* p = &img.rgb[(static_cast<std::size_t>(y) * img.width + x) * 3];
  for (int k = 0; k < 3; ++k) p[k] = static_cast<std::uint8_t>(std::clamp(c[k], 0.0, 255.0));
}

Rgb scaled(const Rgb& c, double g) {
  return {c[0] * g, c[1] * g, c[2] * g};
}

void draw_background(Image& img, Rng& rng, const Lighting& light) {
  const Rgb panel{rng.uniform(70, 200), rng.uniform(70, 200), rng.uniform(70, 200)};
  const int seams_x = rng.integer(0, 3), seams_y = rng.integer(0, 2);
  std::vector<int> sx, sy;
  for (int i = 0; i < seams_x; ++i) sx.push_back(rng.integer(0, img.width - 1));
  for (int i = 0; i < seams_y; ++i) sy.push_back(rng.integer(0, img.height - 1));
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      double g =
          light.gain(static_cast<double>(x) / img.width, static_cast<double>(y) / img.height);
      for (int s : sx) g *= std::abs(x - s) <= 1 ? 0.55 : 1.0;
      for (int s : sy) g *= std::abs(y - s) <= 1 ? 0.55 : 1.0;
      put(img, x, y, scaled(panel, g));
    }
  // Distractors: labels, meters and breakers (axis-aligned boxes, never a target class).
  const int distractors = rng.integer(1, 4);
  for (int d = 0; d < distractors; ++d) {
    const int w = rng.integer(img.width / 12, img.width / 4);
    const int h = rng.integer(img.height / 12, img.height / 4);
    const int x0 = rng.integer(0, img.width - w), y0 = rng.integer(0, img.height - h);
    const Rgb c{rng.uniform(20, 240), rng.uniform(20, 240), rng.uniform(20, 240)};
    for (int y = y0; y < y0 + h; ++y)
      for (int x = x0; x < x0 + w; ++x)
        put(img, x, y,
            scaled(c, light.gain(static_cast<double>(x) / img.width,
                                 static_cast<double>(y) / img.height)));
  }
}

// Fuse cutout: a tilted elongated body with wider end caps (a simple 12-vertex loop).
std::vector<double> fuse_polygon(double cx, double cy, double length, double angle, double width) {
  const double h = length / 2, cap = width * 0.75, body = width / 2;
  const std::array<std::array<double, 2>, 12> local = {{{-cap, -h},
                                                        {cap, -h},
                                                        {cap, -h * 0.8},
                                                        {body, -h * 0.7},
                                                        {body, h * 0.7},
                                                        {cap, h * 0.8},
                                                        {cap, h},
                                                        {-cap, h},
                                                        {-cap, h * 0.8},
                                                        {-body, h * 0.7},
                                                        {-body, -h * 0.7},
                                                        {-cap, -h * 0.8}}};
  std::vector<double> xy;
  const double c = std::cos(angle), s = std::sin(angle);
  for (const auto& p : local) {
    xy.push_back(cx + c * p[0] - s * p[1]);
    xy.push_back(cy + s * p[0] + c * p[1]);
  }
  return xy;
}

// Insulator: a ridged disc (star-like outline of 2 * ridges vertices).
std::vector<double> insulator_polygon(double cx, double cy, double radius, double phase,
                                      int ridges) {
  std::vector<double> xy;
  for (int i = 0; i < 2 * ridges; ++i) {
    const double a = phase + std::numbers::pi * i / ridges;
    const double r = radius * (i % 2 == 0 ? 1.0 : 0.82);
    xy.push_back(cx + r * std::cos(a));
    xy.push_back(cy + r * std::sin(a));
  }
  return xy;
}

PixelBox bounds(const std::vector<double>& xy) {
  double x0 = xy[0], x1 = xy[0], y0 = xy[1], y1 = xy[1];
  for (std::size_t i = 0; i < xy.size(); i += 2) {
    x0 = std::min(x0, xy[i]);
    x1 = std::max(x1, xy[i]);
    y0 = std::min(y0, xy[i + 1]);
    y1 = std::max(y1, xy[i + 1]);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

bool overlaps(const PixelBox& a, const PixelBox& b, double margin) {
  return a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin &&
         b.y < a.y + a.h + margin;
}

// Draws the object inside its polygon only: shaded along the body, a highlight stripe.
void draw_object(Image& img, const SyntheticObject& obj, Rng& rng, const Lighting& light) {
  const Rgb base = obj.class_index == 0
                       ? Rgb{rng.uniform(25, 70), rng.uniform(20, 50), rng.uniform(15, 40)}
                       : Rgb{rng.uniform(180, 235), rng.uniform(190, 240), rng.uniform(200, 250)};
  const std::vector<std::uint8_t> mask = rasterize_polygons(obj.polygons, img.width, img.height);
  const double cx = obj.box.x + obj.box.w / 2, stripe = obj.box.w * 0.12;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      if (!mask[static_cast<std::size_t>(y) * img.width + x]) continue;
      double g =
          light.gain(static_cast<double>(x) / img.width, static_cast<double>(y) / img.height);
      if (std::abs(x + 0.5 - cx) < stripe) g *= 1.35;
      put(img, x, y, scaled(base, g));
    }
}

void add_noise(Image& img, Rng& rng) {
  for (auto& v : img.rgb) v = static_cast<std::uint8_t>(std::clamp(v + rng.integer(-6, 6), 0, 255));
}

bool place_object(const SyntheticOptions& o, Rng& rng, int cls,
                  const std::vector<SyntheticObject>& placed, SyntheticObject& out) {
  const double side = std::min(o.width, o.height);
  for (int attempt = 0; attempt < 40; ++attempt) {
    const double size = side * rng.uniform(o.min_object_size, o.max_object_size);
    const double cx = rng.uniform(0, o.width), cy = rng.uniform(0, o.height);
    std::vector<double> xy =
        cls == 0
            ? fuse_polygon(cx, cy, size, rng.uniform(-0.7, 0.7), size * rng.uniform(0.22, 0.32))
            : insulator_polygon(cx, cy, size * 0.4, rng.uniform(0, 1), rng.integer(7, 10));
    const PixelBox b = bounds(xy);
    if (b.x < 1 || b.y < 1 || b.x + b.w > o.width - 1 || b.y + b.h > o.height - 1) continue;
    if (std::any_of(placed.begin(), placed.end(),
                    [&](const SyntheticObject& p) { return overlaps(p.box, b, 2.0); }))
      continue;
    out = SyntheticObject{cls, {std::move(xy)}, b};
    return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> synthetic_class_names(int num_classes) {
  if (num_classes < 1 || num_classes > 2)
    throw InvalidInput("synthetic data: num_classes must be 1 or 2");
  std::vector<std::string> names{"fuse cutout", "insulator"};
  names.resize(static_cast<std::size_t>(num_classes));
  return names;
}

SyntheticPhoto generate_synthetic_photo(const SyntheticOptions& options, int index) {
  validate(options);
  if (index < 0) throw InvalidInput("synthetic data: photo index must be >= 0");
  Rng rng(mix_seed({options.seed, static_cast<std::uint64_t>(index), 0x5CA1AB1Eull}));
  SyntheticPhoto photo;
  char name[40];
  std::snprintf(name, sizeof name, "synthetic_%06d.png", index);
  photo.file_name = name;
  photo.image = Image{
      options.width, options.height,
      std::vector<std::uint8_t>(static_cast<std::size_t>(options.width) * options.height * 3)};
  const double tilt = rng.uniform(0, 2 * std::numbers::pi), strength = rng.uniform(0.1, 0.5);
  const Lighting light{rng.uniform(0.6, 1.1) - strength / 2, strength * std::cos(tilt),
                       strength * std::sin(tilt)};
  draw_background(photo.image, rng, light);
  const bool negative = rng.chance(options.negative_fraction);
  const int count = negative ? 0 : rng.integer(1, options.max_objects);
  for (int i = 0; i < count; ++i) {
    const int cls = rng.integer(0, options.num_classes - 1);
    SyntheticObject obj;
    if (place_object(options, rng, cls, photo.objects, obj)) photo.objects.push_back(obj);
  }
  for (const auto& obj : photo.objects) draw_object(photo.image, obj, rng, light);
  add_noise(photo.image, rng);
  return photo;
}

SyntheticDataset generate_synthetic_dataset(const SyntheticOptions& options) {
  validate(options);
  SyntheticDataset data;
  data.class_names = synthetic_class_names(options.num_classes);
  data.photos.reserve(static_cast<std::size_t>(options.num_photos));
  for (int i = 0; i < options.num_photos; ++i)
    data.photos.push_back(generate_synthetic_photo(options, i));
  return data;
}

SyntheticOptions synthetic_learning_options() {
  SyntheticOptions o;
  o.seed = 2024;
  o.num_photos = 256;
  o.width = 112;
  o.height = 112;
  o.num_classes = 1;
  o.max_objects = 1;
  o.min_object_size = 0.45;
  o.max_object_size = 0.7;
  return o;
}

}  // namespace sam3::train
