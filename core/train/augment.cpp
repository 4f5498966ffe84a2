#include "core/train/augment.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/errors.h"

namespace sam3::train {
namespace {

std::uint8_t clamp_byte(double v) {
  return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

// Colour jitter in the order brightness, contrast, saturation (torchvision's fixed order).
void jitter(Image& img, double brightness, double contrast, double saturation) {
  if (brightness != 1.0)
    for (auto& v : img.rgb) v = clamp_byte(v * brightness);
  if (contrast != 1.0) {
    double mean = 0;
    const std::size_t n = img.rgb.size() / 3;
    for (std::size_t i = 0; i < n; ++i)
      mean += 0.299 * img.rgb[3 * i] + 0.587 * img.rgb[3 * i + 1] + 0.114 * img.rgb[3 * i + 2];
    mean /= static_cast<double>(std::max<std::size_t>(n, 1));
    for (auto& v : img.rgb) v = clamp_byte(mean + contrast * (v - mean));
  }
  if (saturation != 1.0)
    for (std::size_t i = 0; i + 2 < img.rgb.size(); i += 3) {
      const double g = 0.299 * img.rgb[i] + 0.587 * img.rgb[i + 1] + 0.114 * img.rgb[i + 2];
      for (int c = 0; c < 3; ++c)
        img.rgb[i + c] = clamp_byte(g + saturation * (img.rgb[i + c] - g));
    }
}

double factor(Rng& rng, double amount) {
  const double f = rng.uniform(1.0 - amount, 1.0 + amount);  // always drawn: a fixed stream
  return amount > 0 ? f : 1.0;
}

void validate(const AugmentOptions& o) {
  if (o.image_size < 1 || o.reference_size < 1 || o.size_step < 1 || o.min_size < 1 ||
      o.min_size > o.max_size)
    throw InvalidInput("augmentation: sizes must be positive with min_size <= max_size");
  if (!(o.hflip_probability >= 0 && o.hflip_probability <= 1))
    throw InvalidInput("augmentation: hflip_probability must be within [0, 1]");
  for (double a : {o.brightness, o.contrast, o.saturation})
    if (!(a >= 0 && a < 1)) throw InvalidInput("augmentation: colour jitter must be within [0, 1)");
}

}  // namespace

std::vector<int> resize_choices(const AugmentOptions& options) {
  validate(options);
  std::vector<int> sizes;
  const double ratio = static_cast<double>(options.image_size) / options.reference_size;
  for (int s = options.min_size; s <= options.max_size; s += options.size_step)
    sizes.push_back(std::clamp(static_cast<int>(std::lround(s * ratio)), 1, options.image_size));
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

std::vector<SourceAnnotation> place_annotations(const std::vector<SourceAnnotation>& annotations,
                                                const PlacedGeometry& g) {
  auto map_x = [&](double x) {
    const double sx = g.scale_x * x;
    return (g.flipped ? g.resized - sx : sx) + g.offset_x;
  };
  auto map_y = [&](double y) { return g.scale_y * y + g.offset_y; };
  std::vector<SourceAnnotation> out;
  for (const auto& a : annotations) {
    SourceAnnotation m{a.class_index, {}, {}};
    for (const auto& poly : a.polygons) {
      std::vector<double> p(poly.size());
      for (std::size_t i = 0; i + 1 < poly.size(); i += 2) {
        p[i] = map_x(poly[i]);
        p[i + 1] = map_y(poly[i + 1]);
      }
      m.polygons.push_back(std::move(p));
    }
    const double x0 = map_x(a.box.x), x1 = map_x(a.box.x + a.box.w);
    m.box = {std::min(x0, x1), map_y(a.box.y), std::abs(x1 - x0), g.scale_y * a.box.h};
    if (m.box.w > 0 && m.box.h > 0) out.push_back(std::move(m));  // FilterEmptyTargets
  }
  return out;
}

AugmentedPhoto augment_photo(const Image& photo, const std::vector<SourceAnnotation>& annotations,
                             const AugmentOptions& options, Rng& rng) {
  const std::vector<int> sizes = resize_choices(options);
  const int S = options.image_size;
  const int size =
      options.random_resize
          ? sizes[static_cast<std::size_t>(rng.integer(0, static_cast<int>(sizes.size()) - 1))]
          : S;
  PlacedGeometry g;
  g.resized = size;
  g.scale_x = static_cast<double>(size) / photo.width;
  g.scale_y = static_cast<double>(size) / photo.height;
  g.flipped = rng.uniform() < options.hflip_probability;
  const double b = factor(rng, options.brightness), c = factor(rng, options.contrast),
               s = factor(rng, options.saturation);
  g.offset_x = rng.integer(0, S - size);
  g.offset_y = rng.integer(0, S - size);
  if (!options.random_pad) g.offset_x = g.offset_y = 0;

  Image resized = resize_bilinear(photo, size, size);
  jitter(resized, b, c, s);
  AugmentedPhoto out;
  out.image = Image{S, S, std::vector<std::uint8_t>(static_cast<std::size_t>(S) * S * 3, 0)};
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const int src_x = g.flipped ? size - 1 - x : x;
      const auto* src = &resized.rgb[(static_cast<std::size_t>(y) * size + src_x) * 3];
      auto* dst =
          &out.image.rgb[(static_cast<std::size_t>(y + g.offset_y) * S + x + g.offset_x) * 3];
      std::copy(src, src + 3, dst);
    }
  out.annotations = place_annotations(annotations, g);
  out.geometry = g;
  return out;
}

AugmentedPhoto resize_photo(const Image& photo, const std::vector<SourceAnnotation>& annotations,
                            int image_size) {
  if (image_size < 1) throw InvalidInput("resize_photo: image_size must be positive");
  PlacedGeometry g;
  g.resized = image_size;
  g.scale_x = static_cast<double>(image_size) / photo.width;
  g.scale_y = static_cast<double>(image_size) / photo.height;
  return AugmentedPhoto{resize_bilinear(photo, image_size, image_size),
                        place_annotations(annotations, g), g};
}

}  // namespace sam3::train
