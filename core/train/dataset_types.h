#pragma once
// Plain annotation types shared by the sample sources, augmentation and the dataset.
#include <string>
#include <vector>

#include "core/train/synthetic_data.h"

namespace sam3::train {

// One object of a photo: its class and exact outline in pixels of the photo it belongs to.
struct SourceAnnotation {
  int class_index = 0;
  std::vector<std::vector<double>> polygons;  // each flat [x0, y0, ...]; may be empty (box only)
  PixelBox box;
};

struct SourcePhoto {
  std::string key;  // unique within its split (file name)
  int width = 0, height = 0;
  std::vector<SourceAnnotation> annotations;
};

enum class Split { Train, Valid };
const char* to_string(Split split);

}  // namespace sam3::train
