#include "core/batch/coco_result.h"

#include <vector>

#include "core/eval/rle.h"

namespace sam3::batch {

nlohmann::ordered_json result_entry(const Detection& d, std::int64_t image_id,
                                    std::int64_t category_id, const std::string& file_name) {
  const auto& b = d.box_xyxy;
  nlohmann::ordered_json j;
  j["image_id"] = image_id;
  j["category_id"] = category_id;
  j["bbox"] = {b[0], b[1], b[2] - b[0], b[3] - b[1]};
  j["score"] = d.score;
  if (!d.mask.data.empty()) {
    const auto h = static_cast<std::uint32_t>(d.mask.height);
    const auto w = static_cast<std::uint32_t>(d.mask.width);
    std::vector<std::uint8_t> column_major(d.mask.data.size());
    for (std::uint32_t y = 0; y < h; ++y)
      for (std::uint32_t x = 0; x < w; ++x) column_major[x * h + y] = d.mask.data[y * w + x];
    j["segmentation"] = {{"size", {h, w}},
                         {"counts", eval::rle_to_string(eval::rle_encode(column_major, h, w))}};
  }
  j["prompt"] = d.prompt;
  if (!file_name.empty()) j["file_name"] = file_name;
  return j;
}

}  // namespace sam3::batch
