#pragma once
// Overlay drawing for batch prediction: masks filled in translucent colour per prompt,
// outlines and boxes opaque, so inspectors see masks, not only boxes.
#include <vector>

#include "core/inference/predictor.h"
#include "core/util/image_io.h"

namespace sam3::batch {

Image draw_overlay(const Image& photo, const std::vector<Detection>& detections);

}  // namespace sam3::batch
