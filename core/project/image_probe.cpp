#include "core/project/image_probe.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>

namespace sam3::project {
namespace {

struct Reader {
  std::string_view b;
  bool big_endian = false;
  bool has(std::size_t off, std::size_t n) const { return off <= b.size() && n <= b.size() - off; }
  std::uint32_t u8(std::size_t o) const { return static_cast<unsigned char>(b[o]); }
  std::uint32_t u16(std::size_t o) const {
    return big_endian ? (u8(o) << 8) | u8(o + 1) : u8(o) | (u8(o + 1) << 8);
  }
  std::uint32_t u32(std::size_t o) const {
    return big_endian ? (u16(o) << 16) | u16(o + 2) : u16(o) | (u16(o + 2) << 16);
  }
};

bool starts_with(std::string_view b, std::string_view magic) {
  return b.size() >= magic.size() && std::memcmp(b.data(), magic.data(), magic.size()) == 0;
}

// Reads width (256), height (257) and orientation (274) from IFD0 of a TIFF structure.
struct TiffTags {
  int width = 0, height = 0, orientation = 1;
};
bool parse_tiff(std::string_view b, TiffTags& out) {
  Reader r{b};
  if (!r.has(0, 8)) return false;
  if (starts_with(b, "MM\0*"))
    r.big_endian = true;
  else if (!starts_with(b, std::string_view("II*\0", 4)))
    return false;
  std::uint32_t ifd = r.u32(4);
  if (!r.has(ifd, 2)) return false;
  std::uint32_t n = r.u16(ifd);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::size_t e = ifd + 2 + 12 * i;
    if (!r.has(e, 12)) return false;
    std::uint32_t tag = r.u16(e), type = r.u16(e + 2);
    std::uint32_t value = type == 3 ? r.u16(e + 8) : type == 4 ? r.u32(e + 8) : 0;
    if (tag == 256) out.width = static_cast<int>(value);
    if (tag == 257) out.height = static_cast<int>(value);
    if (tag == 274 && type == 3) out.orientation = (value >= 1 && value <= 8) ? int(value) : 1;
  }
  return true;
}

bool probe_jpeg(std::string_view b, ImageProbe& p, std::string& why) {
  Reader r{b, true};
  std::size_t o = 2;
  while (r.has(o, 4)) {
    if (r.u8(o) != 0xFF) {
      why = "corrupt JPEG marker stream";
      return false;
    }
    std::uint32_t m = r.u8(o + 1);
    if (m == 0xFF) {  // fill byte
      ++o;
      continue;
    }
    if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
      o += 2;
      continue;
    }
    std::uint32_t len = r.u16(o + 2);
    if (len < 2 || !r.has(o + 2, len)) break;
    std::string_view seg = b.substr(o + 4, len - 2);
    if (m == 0xE1 && starts_with(seg, std::string_view("Exif\0\0", 6))) {
      TiffTags t;
      if (parse_tiff(seg.substr(6), t)) p.orientation = t.orientation;
    }
    bool sof = (m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (sof && seg.size() >= 5) {
      p.height = static_cast<int>(r.u16(o + 5));
      p.width = static_cast<int>(r.u16(o + 7));
      return p.width > 0 && p.height > 0 ? true : (why = "JPEG frame has zero size", false);
    }
    if (m == 0xDA) break;  // scan data before any frame header
    o += 2 + len;
  }
  why = "truncated JPEG: no frame header";
  return false;
}

bool probe_webp(std::string_view b, ImageProbe& p, std::string& why) {
  Reader r{b};
  if (!r.has(12, 18)) return (why = "truncated WebP", false);
  std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 " && r.u8(23) == 0x9d && r.u8(24) == 0x01 && r.u8(25) == 0x2a) {
    p.width = static_cast<int>(r.u16(26) & 0x3fff);
    p.height = static_cast<int>(r.u16(28) & 0x3fff);
  } else if (chunk == "VP8L" && r.u8(20) == 0x2f) {
    std::uint32_t v = r.u32(21);
    p.width = static_cast<int>((v & 0x3fff) + 1);
    p.height = static_cast<int>(((v >> 14) & 0x3fff) + 1);
  } else if (chunk == "VP8X") {
    p.width = static_cast<int>((r.u32(24) & 0xffffff) + 1);
    p.height = static_cast<int>((r.u32(27) & 0xffffff) + 1);
  } else {
    return (why = "unknown WebP chunk", false);
  }
  return true;
}

}  // namespace

std::string detect_format(std::string_view b) {
  if (starts_with(b, "\xFF\xD8\xFF")) return "jpeg";
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return "png";
  if (starts_with(b, "BM") && b.size() >= 26) return "bmp";
  if (starts_with(b, std::string_view("II*\0", 4)) || starts_with(b, std::string_view("MM\0*", 4)))
    return "tiff";
  if (starts_with(b, "RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP") return "webp";
  return {};
}

std::optional<ImageProbe> probe_image(std::string_view b, std::string* reason) {
  std::string why;
  ImageProbe p;
  p.format = detect_format(b);
  bool ok = false;
  Reader r{b};
  if (p.format.empty()) {
    why = b.empty() ? "empty file" : "not a JPEG, PNG, BMP, TIFF or WebP file (magic bytes)";
  } else if (p.format == "jpeg") {
    ok = probe_jpeg(b, p, why);
  } else if (p.format == "png") {
    r.big_endian = true;
    ok = r.has(16, 8) && b.substr(12, 4) == "IHDR";
    if (ok)
      p.width = int(r.u32(16)), p.height = int(r.u32(20));
    else
      why = "truncated PNG header";
  } else if (p.format == "bmp") {
    p.width = static_cast<int>(static_cast<std::int32_t>(r.u32(18)));
    std::int32_t h = static_cast<std::int32_t>(r.u32(22));  // negative: rows stored top-down
    p.height = h < 0 ? static_cast<int>(std::min<std::int64_t>(-std::int64_t{h}, INT32_MAX)) : h;
    ok = true;
  } else if (p.format == "tiff") {
    TiffTags t;
    ok = parse_tiff(b, t);
    p.width = t.width, p.height = t.height, p.orientation = t.orientation;
    if (!ok) why = "truncated TIFF header";
  } else {
    ok = probe_webp(b, p, why);
  }
  if (ok && (p.width <= 0 || p.height <= 0)) ok = false, why = "header gives no pixel size";
  if (ok && std::int64_t{p.width} * p.height > kMaxPhotoPixels) {
    ok = false;
    why = "header claims " + std::to_string(p.width) + "x" + std::to_string(p.height) +
          " pixels, more than the limit of " + std::to_string(kMaxPhotoPixels) +
          " (refused before decoding)";
  }
  if (!ok) {
    if (reason) *reason = why;
    return std::nullopt;
  }
  return p;
}

int exif_orientation(std::string_view bytes) {
  auto p = probe_image(bytes);
  return p ? p->orientation : 1;
}

std::string extension_for(const std::string& format) {
  if (format == "jpeg") return ".jpg";
  if (format == "tiff") return ".tif";
  return format.empty() ? std::string() : "." + format;
}

}  // namespace sam3::project
