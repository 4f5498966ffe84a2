#pragma once
// One detection of the Predictor as a COCO result entry: image_id, category_id, bbox [x, y, w, h]
// in pixels, score, segmentation as compressed RLE (when the detection has a mask), the prompt and,
// when given, the photo's file name. Needs no image decoding (engine-only builds use it too).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/inference/predictor.h"

namespace sam3::batch {

nlohmann::ordered_json result_entry(const Detection& d, std::int64_t image_id,
                                    std::int64_t category_id, const std::string& file_name = {});

}  // namespace sam3::batch
