#pragma once
// Plain C++ raster helpers of the training data path (no OpenCV, so a GPU server without it can
// train): polygon filling, bilinear resizing of 8-bit RGB images, and a seeded PRNG whose stream
// is the same on every platform (std:: distributions are implementation-defined).
#include <cstdint>
#include <span>
#include <vector>

#include "core/util/image_io.h"

namespace sam3::train {

// SplitMix64: small, fast, identical everywhere. Not for cryptography.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();                      // [0, 1)
  double uniform(double lo, double hi);  // [lo, hi)
  int integer(int lo, int hi);           // [lo, hi] inclusive; lo <= hi
  bool chance(double p) { return uniform() < p; }

 private:
  std::uint64_t state_;
};

// A 64-bit mix of several values (seed derivation: run seed, epoch, index, ...).
std::uint64_t mix_seed(std::initializer_list<std::uint64_t> values);

// Sets mask[y * width + x] = value for every pixel whose centre (x + 0.5, y + 0.5) lies inside the
// polygon (even-odd rule). xy: flat [x0, y0, x1, y1, ...] in pixels, >= 3 points; pixels outside
// the image are clipped. mask.size() must be width * height (InvalidInput otherwise).
void fill_polygon(std::vector<std::uint8_t>& mask, int width, int height,
                  std::span<const double> xy, std::uint8_t value = 1);

// Union of several polygons (one object with several parts) as a 0/1 mask of width * height.
std::vector<std::uint8_t> rasterize_polygons(const std::vector<std::vector<double>>& polygons,
                                             int width, int height);

// Bilinear resize with half-pixel centres (align_corners = false, no antialiasing), rounded to
// the nearest integer. Throws InvalidInput for an empty source or a size < 1.
Image resize_bilinear(const Image& source, int width, int height);

// Area of a polygon (shoelace), absolute value, in square pixels.
double polygon_area(std::span<const double> xy);

}  // namespace sam3::train
