#include "core/util/image_io.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#ifdef SAM3_IMAGEIO_PROBE
#include "core/project/image_probe.h"
#endif

namespace sam3 {

Image decode_image(const std::string& bytes, const std::filesystem::path& name_for_errors) {
  if (bytes.empty()) throw FormatError(name_for_errors, "", "empty file, not an image");
#ifdef SAM3_IMAGEIO_PROBE
  // Decompression-bomb guard: the header of a photo format must give a pixel size within
  // project::kMaxPhotoPixels before OpenCV allocates anything (other formats meet OpenCV's own
  // limit of 2^30 pixels).
  if (!project::detect_format(bytes).empty()) {
    std::string why;
    if (!project::probe_image(bytes, &why))
      throw FormatError(name_for_errors, "", "not decoded: " + why);
  }
#endif
  cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
  cv::Mat bgr;
  try {
    bgr = cv::imdecode(raw, cv::IMREAD_COLOR);  // applies EXIF orientation
  } catch (const cv::Exception& e) {
    throw FormatError(name_for_errors, "", std::string("cannot decode image: ") + e.what());
  }
  if (bgr.empty())
    throw FormatError(name_for_errors, "", "not a decodable image (JPEG, PNG, BMP, TIFF, WebP)");
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  Image out;
  out.width = rgb.cols;
  out.height = rgb.rows;
  out.rgb.assign(rgb.data, rgb.data + rgb.total() * 3);
  return out;
}

Image load_image(const std::filesystem::path& file) {
  return decode_image(read_file(file), file);
}

void save_image(const Image& image, const std::filesystem::path& file) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
    throw InvalidInput("save_image: image buffer does not match its size for " + file.string());
  cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::vector<std::uint8_t> buf;
  std::string ext = file.extension().string();
  if (ext.empty()) ext = ".png";
  if (!cv::imencode(ext, bgr, buf)) throw IoError(file, "cannot encode image as " + ext);
  write_file_atomic(file, std::string_view(reinterpret_cast<const char*>(buf.data()), buf.size()));
}

}  // namespace sam3
