// Port of Sam3Processor's image transform (facebookresearch/sam3 @ 99d02f2); see preprocess.h.
#include "core/model/preprocess.h"

#include <string>

#include "core/util/errors.h"

namespace sam3::model {

torch::Tensor preprocess_image(const RgbView& image, int size, const std::vector<double>& mean,
                               const std::vector<double>& std, const torch::Device& device) {
  if (image.pixels == nullptr || image.width <= 0 || image.height <= 0) {
    throw sam3::InvalidInput("preprocess_image: empty image (" + std::to_string(image.width) + "x" +
                             std::to_string(image.height) + ")");
  }
  if (size <= 0) throw sam3::InvalidInput("preprocess_image: size must be positive");
  if (mean.size() != 3 || std.size() != 3 || std[0] <= 0 || std[1] <= 0 || std[2] <= 0) {
    throw sam3::InvalidInput("preprocess_image: mean and std need 3 values each, std > 0");
  }
  const std::size_t row = static_cast<std::size_t>(image.width) * 3;
  const std::size_t stride = image.row_stride == 0 ? row : image.row_stride;
  if (stride < row) {
    throw sam3::InvalidInput("preprocess_image: row stride " + std::to_string(stride) +
                             " is shorter than a row of " + std::to_string(row) + " bytes");
  }
  const auto u8 = torch::TensorOptions().dtype(torch::kUInt8);
  // [H, W, 3] with the caller's stride, copied so that the caller's buffer may go away.
  const torch::Tensor hwc =
      torch::from_blob(const_cast<std::uint8_t*>(image.pixels), {image.height, image.width, 3},
                       {static_cast<int64_t>(stride), 3, 1}, u8)
          .clone();
  torch::Tensor x = hwc.to(device).permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat);
  if (image.height != size || image.width != size) {
    const std::vector<int64_t> out{size, size};
    x = torch::_upsample_bilinear2d_aa(x, at::IntArrayRef(out), /*align_corners=*/false);
    x = x.round().clamp(0, 255);  // torchvision casts the resized image back to uint8
  }
  const auto fopts = torch::TensorOptions().dtype(torch::kFloat).device(device);
  const torch::Tensor m = torch::tensor({mean[0], mean[1], mean[2]}, fopts).view({1, 3, 1, 1});
  const torch::Tensor s = torch::tensor({std[0], std[1], std[2]}, fopts).view({1, 3, 1, 1});
  return (x / 255.0 - m) / s;
}

torch::Tensor preprocess_image(const sam3::Image& image, const ModelConfig& config,
                               const torch::Device& device) {
  if (image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
    throw sam3::InvalidInput(
        "preprocess_image: image holds " + std::to_string(image.rgb.size()) +
        " bytes, expected width*height*3 = " +
        std::to_string(static_cast<std::size_t>(image.width) * image.height * 3));
  }
  return preprocess_image(RgbView{image.rgb.data(), image.width, image.height, 0},
                          config.image_size, config.image_mean, config.image_std, device);
}

}  // namespace sam3::model
