// sam3/model/utils/sam1_utils.py and sam3/perflib/connected_components.py @ 99d02f2; see
// sam1_utils.h.
#include "core/model/sam1_utils.h"

#include <vector>

namespace sam3::model {

torch::Tensor transform_coords(const torch::Tensor& coords, int64_t orig_h, int64_t orig_w,
                               int64_t resolution) {
  TORCH_CHECK(coords.size(-1) == 2, "coords must end in (x, y), got ", coords.sizes());
  TORCH_CHECK(orig_h > 0 && orig_w > 0, "original size must be positive");
  auto c = coords.to(torch::kFloat).clone();
  c.select(-1, 0).div_(static_cast<double>(orig_w));
  c.select(-1, 1).div_(static_cast<double>(orig_h));
  return c * static_cast<double>(resolution);
}

torch::Tensor connected_component_areas(const torch::Tensor& foreground) {
  TORCH_CHECK(foreground.dim() == 2, "connected components expect [H, W], got ",
              foreground.sizes());
  const auto fg = foreground.to(torch::kCPU).to(torch::kBool).contiguous();
  const int64_t h = fg.size(0), w = fg.size(1);
  const bool* in = fg.data_ptr<bool>();
  std::vector<int64_t> label(static_cast<size_t>(h * w), -1);
  std::vector<int64_t> sizes;
  std::vector<int64_t> stack;
  for (int64_t start = 0; start < h * w; ++start) {
    if (!in[start] || label[static_cast<size_t>(start)] >= 0) continue;
    const auto id = static_cast<int64_t>(sizes.size());
    int64_t count = 0;
    stack.assign(1, start);
    label[static_cast<size_t>(start)] = id;
    while (!stack.empty()) {
      const int64_t p = stack.back();
      stack.pop_back();
      ++count;
      const int64_t y = p / w, x = p % w;
      for (int64_t dy = -1; dy <= 1; ++dy) {
        for (int64_t dx = -1; dx <= 1; ++dx) {
          const int64_t ny = y + dy, nx = x + dx;
          if (ny < 0 || ny >= h || nx < 0 || nx >= w) continue;
          const int64_t q = ny * w + nx;
          if (!in[q] || label[static_cast<size_t>(q)] >= 0) continue;
          label[static_cast<size_t>(q)] = id;
          stack.push_back(q);
        }
      }
    }
    sizes.push_back(count);
  }
  auto out = torch::zeros({h, w}, torch::kLong);
  auto* o = out.data_ptr<int64_t>();
  for (int64_t p = 0; p < h * w; ++p)
    if (label[static_cast<size_t>(p)] >= 0)
      o[p] = sizes[static_cast<size_t>(label[static_cast<size_t>(p)])];
  return out.to(foreground.device());
}

namespace {

// Component areas of `select(mask)` for every [h, w] map of a [B, M, h, w] tensor.
torch::Tensor areas_per_map(const torch::Tensor& selected) {
  const auto flat = selected.flatten(0, 1);
  std::vector<torch::Tensor> areas;
  for (int64_t i = 0; i < flat.size(0); ++i) areas.push_back(connected_component_areas(flat[i]));
  return torch::stack(areas).reshape(selected.sizes());
}

}  // namespace

torch::Tensor postprocess_masks(const torch::Tensor& low_res, int64_t orig_h, int64_t orig_w,
                                const MaskPostprocess& o) {
  TORCH_CHECK(low_res.dim() == 4, "masks must be [B, M, h, w], got ", low_res.sizes());
  TORCH_CHECK(orig_h > 0 && orig_w > 0, "original size must be positive");
  auto masks = low_res.to(torch::kFloat);
  const auto original = masks;
  if (o.max_hole_area > 0) {
    const auto areas = areas_per_map(original <= o.mask_threshold);
    const auto is_hole = (areas > 0) & (areas <= o.max_hole_area);
    masks = torch::where(is_hole, torch::full_like(masks, o.mask_threshold + 10.0), masks);
  }
  if (o.max_sprinkle_area > 0) {
    const auto areas = areas_per_map(original > o.mask_threshold);
    const auto is_sprinkle = (areas > 0) & (areas <= o.max_sprinkle_area);
    masks = torch::where(is_sprinkle, torch::full_like(masks, o.mask_threshold - 10.0), masks);
  }
  namespace F = torch::nn::functional;
  return F::interpolate(masks, F::InterpolateFuncOptions()
                                   .size(std::vector<int64_t>{orig_h, orig_w})
                                   .mode(torch::kBilinear)
                                   .align_corners(false));
}

}  // namespace sam3::model
