#pragma once
// Training augmentation as in the official SAM3 fine-tuning configs (sam3-spec §D.5):
// RandomResizeAPI(square) to a random size of {480, 512, ..., 992}, PadToSizeAPI(1008) with the
// image at a random offset, then (our options) horizontal flip and colour jitter. For a model
// whose image_size S is not 1008 the sizes are scaled by S / 1008 (sam3-tiny: 53..110 of 112).
// Geometry is exact: boxes and polygons go through the same affine map as the pixels, in
// continuous pixel coordinates (the image spans [0, w] x [0, h]). Plain C++, no LibTorch.
#include <vector>

#include "core/train/dataset_types.h"
#include "core/train/raster.h"
#include "core/util/image_io.h"

namespace sam3::train {

struct AugmentOptions {
  int image_size = 1008;  // S: output side
  bool random_resize = true;
  bool random_pad = true;  // false: the resized photo sits at the top-left corner
  int min_size = 480;      // official sizes, at reference_size
  int max_size = 992;
  int size_step = 32;
  int reference_size = 1008;
  double hflip_probability = 0.0;
  double brightness = 0.0;  // factor drawn from [1 - b, 1 + b]
  double contrast = 0.0;    // blend with the mean grey, factor in [1 - c, 1 + c]
  double saturation = 0.0;  // blend with each pixel's grey, factor in [1 - s, 1 + s]
};

// The square sizes the random resize picks from, scaled to image_size (rounded, clamped to
// [1, S], duplicates removed, ascending). Throws InvalidInput for inconsistent options.
std::vector<int> resize_choices(const AugmentOptions& options);

// Where the photo landed: x' = scale_x * x + offset_x (mirrored inside the resized square first
// when flipped), y' = scale_y * y + offset_y.
struct PlacedGeometry {
  int resized = 0;  // side of the resized square
  double scale_x = 1, scale_y = 1;
  int offset_x = 0, offset_y = 0;
  bool flipped = false;
};

struct AugmentedPhoto {
  Image image;                                // S x S, zero outside the resized photo
  std::vector<SourceAnnotation> annotations;  // in pixels of `image`; empty boxes dropped
  PlacedGeometry geometry;
};

// Applies the random transform drawn from `rng` to a photo and its annotations.
AugmentedPhoto augment_photo(const Image& photo, const std::vector<SourceAnnotation>& annotations,
                             const AugmentOptions& options, Rng& rng);

// Validation transform: a plain resize to S x S, no padding, no randomness.
AugmentedPhoto resize_photo(const Image& photo, const std::vector<SourceAnnotation>& annotations,
                            int image_size);

// Maps annotations with a placement (exposed for tests and the dataset).
std::vector<SourceAnnotation> place_annotations(const std::vector<SourceAnnotation>& annotations,
                                                const PlacedGeometry& g);

}  // namespace sam3::train
