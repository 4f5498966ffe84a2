#include "core/batch/overlay.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace sam3::batch {
namespace {

constexpr std::array<std::array<std::uint8_t, 3>, 6> kPalette{{{255, 112, 67},
                                                               {41, 182, 246},
                                                               {102, 187, 106},
                                                               {255, 202, 40},
                                                               {171, 71, 188},
                                                               {236, 64, 122}}};

void blend(Image& img, int x, int y, const std::array<std::uint8_t, 3>& c, float alpha) {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  auto* px = &img.rgb[(static_cast<std::size_t>(y) * img.width + x) * 3];
  for (int k = 0; k < 3; ++k)
    px[k] = static_cast<std::uint8_t>(std::lround(px[k] * (1 - alpha) + c[k] * alpha));
}

bool inside(const BinaryMask& m, int x, int y) {
  return x >= 0 && y >= 0 && x < m.width && y < m.height &&
         m.data[static_cast<std::size_t>(y) * m.width + x];
}

void draw_box(Image& img, const std::array<float, 4>& b, const std::array<std::uint8_t, 3>& c) {
  const int thickness = std::max(1, std::min(img.width, img.height) / 300);
  const int x0 = static_cast<int>(b[0]), y0 = static_cast<int>(b[1]);
  const int x1 = static_cast<int>(b[2]), y1 = static_cast<int>(b[3]);
  for (int t = 0; t < thickness; ++t) {
    for (int x = x0; x <= x1; ++x) {
      blend(img, x, y0 + t, c, 1.f);
      blend(img, x, y1 - t, c, 1.f);
    }
    for (int y = y0; y <= y1; ++y) {
      blend(img, x0 + t, y, c, 1.f);
      blend(img, x1 - t, y, c, 1.f);
    }
  }
}

}  // namespace

Image draw_overlay(const Image& photo, const std::vector<Detection>& detections) {
  Image out = photo;
  for (const auto& d : detections) {
    const auto& c = kPalette[static_cast<std::size_t>(d.prompt_index) % kPalette.size()];
    const auto& m = d.mask;
    if (m.width == out.width && m.height == out.height) {
      for (int y = 0; y < m.height; ++y) {
        for (int x = 0; x < m.width; ++x) {
          if (!inside(m, x, y)) continue;
          const bool edge = !inside(m, x - 1, y) || !inside(m, x + 1, y) || !inside(m, x, y - 1) ||
                            !inside(m, x, y + 1);
          blend(out, x, y, c, edge ? 1.f : 0.4f);
        }
      }
    }
    draw_box(out, d.box_xyxy, c);
  }
  return out;
}

}  // namespace sam3::batch
