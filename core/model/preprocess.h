#pragma once
// Image preprocessing of the official Sam3Processor (sam3/model/sam3_image_processor.py,
// facebookresearch/sam3 @ 99d02f2): torchvision v2 Resize((S, S)) of the uint8 image — bilinear,
// antialias on, aspect ratio not kept, result rounded back to uint8 — then /255 and
// Normalize(mean, std) (0.5 / 0.5 for SAM3, i.e. range [-1, 1]).
// Deliberate difference: the resize is always computed in float and rounded, which is what
// torchvision does for uint8 images on CUDA (the official processor's default device); its CPU
// uint8 kernel uses fixed-point arithmetic and can differ by one grey level.
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/model/model_config.h"
#include "core/util/image_io.h"

namespace sam3::model {

// A view of 8-bit RGB pixels, row-major; row_stride in bytes (0 = width * 3). Not owned.
struct RgbView {
  const std::uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  std::size_t row_stride = 0;
};

// -> [1, 3, size, size] float32 on `device`. Throws sam3::InvalidInput for an empty image, a null
// buffer, a stride shorter than a row, or a mean/std that is not 3 values (std > 0).
torch::Tensor preprocess_image(const RgbView& image, int size, const std::vector<double>& mean,
                               const std::vector<double>& std,
                               const torch::Device& device = torch::kCPU);
// With the size, mean and std of `config`.
torch::Tensor preprocess_image(const sam3::Image& image, const ModelConfig& config,
                               const torch::Device& device = torch::kCPU);

}  // namespace sam3::model
