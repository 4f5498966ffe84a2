#pragma once
// A seeded generator of rendered electrical panels with fuse-cutout-like objects and their exact
// polygons: the learning proof of the trainer and the GUI's demo project use it. Plain C++, no
// OpenCV, no LibTorch. The same options and seed give byte-identical photos on every platform.
//
// Each photo: a panel background (random base colour, seams, distractor boxes, lighting gradient,
// pixel noise); 0..max_objects non-overlapping objects drawn exactly inside their polygon (so the
// polygon is the object's exact mask), each fully inside the photo. A "negative" photo has none.
// Classes: "fuse cutout" (elongated tilted body with end caps) and, when num_classes is 2,
// "insulator" (a round ridged disc stack seen from the front).
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/image_io.h"

namespace sam3::train {

// Pixels of the photo: x right, y down, origin at the top-left corner of the top-left pixel.
struct PixelBox {
  double x = 0, y = 0, w = 0, h = 0;  // COCO [x, y, w, h]
};

struct SyntheticObject {
  int class_index = 0;                        // index into SyntheticDataset::class_names
  std::vector<std::vector<double>> polygons;  // each flat [x0, y0, x1, y1, ...], pixels
  PixelBox box;                               // tight bounds of the polygons
};

struct SyntheticPhoto {
  std::string file_name;  // "synthetic_000042.png"
  Image image;            // 8-bit RGB
  std::vector<SyntheticObject> objects;
};

struct SyntheticOptions {
  std::uint64_t seed = 1;
  int num_photos = 64;
  int width = 160;
  int height = 120;
  int num_classes = 2;              // 1: fuse cutouts only; 2: and insulators
  int max_objects = 3;              // per positive photo, >= 1
  double negative_fraction = 0.15;  // share of photos with no object, in [0, 1]
  double min_object_size = 0.30;    // object length as a fraction of min(width, height)
  double max_object_size = 0.55;
};

struct SyntheticDataset {
  std::vector<std::string> class_names;  // also the text prompts
  std::vector<SyntheticPhoto> photos;
};

// Class names for `num_classes` (1 or 2).
std::vector<std::string> synthetic_class_names(int num_classes);

// Photo `index` of the dataset with these options (independent of the other photos, so a
// dataset can be generated lazily). Throws InvalidInput for out-of-range options.
SyntheticPhoto generate_synthetic_photo(const SyntheticOptions& options, int index);

// All num_photos photos.
SyntheticDataset generate_synthetic_dataset(const SyntheticOptions& options);

// The data of the held-out learning proof (issue 6; trainer_learning_slow_test.cpp and
// tests/bench/learning_bench.cpp): 256 panels of 112 x 112 (sam3-tiny's input, 8 x 8 patches of
// 14 px), one class, one fuse cutout of 0.45-0.7 of the side per positive photo (50-84 px tall,
// 20-72 px wide: 1.4-6 patches), 15 % negatives. Its held-out split (SyntheticSource) has
// kSyntheticLearningValidPhotos photos drawn with another seed.
SyntheticOptions synthetic_learning_options();
inline constexpr int kSyntheticLearningValidPhotos = 32;

}  // namespace sam3::train
