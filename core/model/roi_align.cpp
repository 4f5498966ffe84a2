// RoIAlign (torchvision semantics, see roi_align.h). Bilinear sampling at the RoI grid is
// separable: every sample value is wy^T F wx with wy / wx holding at most two non-zero weights, and
// the "outside the map" test is a product of a y test and an x test. So each RoI becomes
// Wy [Ny, H] @ F [C, H, W] @ Wx^T [W, Nx], then a mean over the sub-samples of each bin.
// The weight matrices are computed in float exactly as torchvision's kernel computes positions.
#include "core/model/roi_align.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/util/torch_compat.h"

namespace sam3::model {

namespace {

// Interpolation weights of `samples` sample positions along one axis of length `size`.
// Row s holds the weights of sample s; rows of samples outside [-1, size] are all zero.
torch::Tensor axis_weights(float start, float bin_size, int64_t pooled, int64_t grid,
                           int64_t size) {
  std::vector<float> w(static_cast<size_t>(pooled * grid * size), 0.0f);
  for (int64_t p = 0; p < pooled; ++p) {
    for (int64_t i = 0; i < grid; ++i) {
      float pos = start + static_cast<float>(p) * bin_size +
                  static_cast<float>(i + .5f) * bin_size / static_cast<float>(grid);
      if (pos < -1.0f || pos > static_cast<float>(size)) continue;
      if (pos <= 0) pos = 0;
      int64_t low = static_cast<int64_t>(pos);
      int64_t high;
      if (low >= size - 1) {
        high = low = size - 1;
        pos = static_cast<float>(low);
      } else {
        high = low + 1;
      }
      const float l = pos - static_cast<float>(low);
      const size_t row = static_cast<size_t>((p * grid + i) * size);
      w[row + static_cast<size_t>(low)] += 1.0f - l;
      w[row + static_cast<size_t>(high)] += l;
    }
  }
  return torch::from_blob(w.data(), {pooled * grid, size}, torch::kFloat).clone();
}

}  // namespace

torch::Tensor roi_align(const torch::Tensor& input, const torch::Tensor& rois,
                        const RoiAlignOptions& o) {
  TORCH_CHECK(input.dim() == 4, "roi_align: input must be [N, C, H, W], got ", input.sizes());
  TORCH_CHECK(rois.dim() == 2 && rois.size(1) == 5, "roi_align: rois must be [K, 5], got ",
              rois.sizes());
  TORCH_CHECK(o.output_h > 0 && o.output_w > 0, "roi_align: output size must be positive");
  const int64_t N = input.size(0), C = input.size(1), H = input.size(2), W = input.size(3);
  const int64_t K = rois.size(0);
  if (K == 0) return torch::zeros({0, C, o.output_h, o.output_w}, input.options());
  // Like torchvision's autocast registration: computed in fp32, returned in the input dtype.
  sam3::compat::CudaAutocastGuard fp32_island(false);
  const torch::Tensor x = input.to(torch::kFloat);
  const torch::Tensor r = rois.detach().to(torch::kCPU, torch::kFloat).contiguous();
  const float* rp = r.data_ptr<float>();
  const float scale = static_cast<float>(o.spatial_scale);
  const float offset = o.aligned ? 0.5f : 0.0f;
  std::vector<torch::Tensor> outputs;
  outputs.reserve(static_cast<size_t>(K));
  for (int64_t k = 0; k < K; ++k) {
    const float* row = rp + k * 5;
    const auto b = static_cast<int64_t>(row[0]);
    TORCH_CHECK(b >= 0 && b < N, "roi_align: roi ", k, " has batch index ", row[0], " outside [0, ",
                N, ")");
    const float x1 = row[1] * scale - offset, y1 = row[2] * scale - offset;
    float roi_w = row[3] * scale - offset - x1;
    float roi_h = row[4] * scale - offset - y1;
    if (!o.aligned) {
      roi_w = std::max(roi_w, 1.0f);
      roi_h = std::max(roi_h, 1.0f);
    }
    const float bin_h = roi_h / static_cast<float>(o.output_h);
    const float bin_w = roi_w / static_cast<float>(o.output_w);
    const int64_t grid_h = o.sampling_ratio > 0
                               ? o.sampling_ratio
                               : static_cast<int64_t>(std::ceil(roi_h / o.output_h));
    const int64_t grid_w = o.sampling_ratio > 0
                               ? o.sampling_ratio
                               : static_cast<int64_t>(std::ceil(roi_w / o.output_w));
    if (grid_h <= 0 || grid_w <= 0) {  // empty RoI with aligned=true: torchvision outputs 0
      outputs.push_back(torch::zeros({C, o.output_h, o.output_w}, x.options()));
      continue;
    }
    const auto opts = x.options();
    const torch::Tensor wy = axis_weights(y1, bin_h, o.output_h, grid_h, H).to(opts);
    const torch::Tensor wx = axis_weights(x1, bin_w, o.output_w, grid_w, W).to(opts);
    const torch::Tensor samples = torch::matmul(torch::matmul(wy, x[b]), wx.t());
    outputs.push_back(samples.view({C, o.output_h, grid_h, o.output_w, grid_w})
                          .sum({2, 4})
                          .div(static_cast<double>(grid_h * grid_w)));
  }
  return torch::stack(outputs, 0).to(input.scalar_type());
}

}  // namespace sam3::model
