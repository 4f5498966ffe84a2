#include "core/train/raster.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/errors.h"

namespace sam3::train {

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double Rng::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi) {
  return lo + (hi - lo) * uniform();
}

int Rng::integer(int lo, int hi) {
  if (hi < lo) throw InvalidInput("Rng::integer: empty range");
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  return lo + static_cast<int>(next() % span);
}

std::uint64_t mix_seed(std::initializer_list<std::uint64_t> values) {
  std::uint64_t h = 0x243F6A8885A308D3ull;
  for (std::uint64_t v : values) {
    Rng r(h ^ v);
    h = r.next();
  }
  return h;
}

void fill_polygon(std::vector<std::uint8_t>& mask, int width, int height,
                  std::span<const double> xy, std::uint8_t value) {
  if (width < 1 || height < 1 || mask.size() != static_cast<std::size_t>(width) * height)
    throw InvalidInput("fill_polygon: mask size " + std::to_string(mask.size()) + " is not " +
                       std::to_string(width) + "x" + std::to_string(height));
  if (xy.size() < 6 || xy.size() % 2 != 0)
    throw InvalidInput("fill_polygon: a polygon needs >= 3 points as x,y pairs, got " +
                       std::to_string(xy.size()) + " numbers");
  const std::size_t n = xy.size() / 2;
  std::vector<double> crossings;
  for (int y = 0; y < height; ++y) {
    const double cy = y + 0.5;
    crossings.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const double x0 = xy[2 * i], y0 = xy[2 * i + 1];
      const double x1 = xy[2 * ((i + 1) % n)], y1 = xy[2 * ((i + 1) % n) + 1];
      // Half-open rule: an edge counts when cy is in [min, max), so shared vertices count once.
      if ((y0 <= cy && cy < y1) || (y1 <= cy && cy < y0))
        crossings.push_back(x0 + (cy - y0) * (x1 - x0) / (y1 - y0));
    }
    std::sort(crossings.begin(), crossings.end());
    for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
      // Pixel x is inside when its centre x + 0.5 lies in [left, right).
      const int first = std::max(0, static_cast<int>(std::ceil(crossings[k] - 0.5)));
      const int last = std::min(width, static_cast<int>(std::ceil(crossings[k + 1] - 0.5)));
      for (int x = first; x < last; ++x) mask[static_cast<std::size_t>(y) * width + x] = value;
    }
  }
}

std::vector<std::uint8_t> rasterize_polygons(const std::vector<std::vector<double>>& polygons,
                                             int width, int height) {
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(width) * height, 0);
  for (const auto& p : polygons) fill_polygon(mask, width, height, p, 1);
  return mask;
}

Image resize_bilinear(const Image& source, int width, int height) {
  if (source.width < 1 || source.height < 1 ||
      source.rgb.size() != static_cast<std::size_t>(source.width) * source.height * 3)
    throw InvalidInput("resize_bilinear: empty or inconsistent source image");
  if (width < 1 || height < 1)
    throw InvalidInput("resize_bilinear: target size " + std::to_string(width) + "x" +
                       std::to_string(height) + " must be positive");
  Image out{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
  const double sx = static_cast<double>(source.width) / width;
  const double sy = static_cast<double>(source.height) / height;
  for (int y = 0; y < height; ++y) {
    const double fy = std::clamp((y + 0.5) * sy - 0.5, 0.0, source.height - 1.0);
    const int y0 = static_cast<int>(fy), y1 = std::min(y0 + 1, source.height - 1);
    const double wy = fy - y0;
    for (int x = 0; x < width; ++x) {
      const double fx = std::clamp((x + 0.5) * sx - 0.5, 0.0, source.width - 1.0);
      const int x0 = static_cast<int>(fx), x1 = std::min(x0 + 1, source.width - 1);
      const double wx = fx - x0;
      for (int c = 0; c < 3; ++c) {
        auto at = [&](int xx, int yy) {
          return static_cast<double>(
              source.rgb[(static_cast<std::size_t>(yy) * source.width + xx) * 3 + c]);
        };
        const double v = (1 - wy) * ((1 - wx) * at(x0, y0) + wx * at(x1, y0)) +
                         wy * ((1 - wx) * at(x0, y1) + wx * at(x1, y1));
        out.rgb[(static_cast<std::size_t>(y) * width + x) * 3 + c] =
            static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
      }
    }
  }
  return out;
}

double polygon_area(std::span<const double> xy) {
  const std::size_t n = xy.size() / 2;
  double a = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t j = (i + 1) % n;
    a += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
  }
  return std::abs(a) / 2;
}

}  // namespace sam3::train
