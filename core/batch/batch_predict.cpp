#include "core/batch/batch_predict.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/batch/overlay.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace sam3::batch {
namespace {

bool is_image_file(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::set<std::string> kExts{".jpg", ".jpeg", ".png", ".bmp",
                                           ".tif", ".tiff", ".webp"};
  return kExts.count(ext) > 0;
}

std::vector<std::filesystem::path> folder_files(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw IoError(dir, "not a folder that can be read");
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && is_image_file(it->path())) files.push_back(it->path());
  if (ec) throw IoError(dir, "cannot list the folder: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// <stem>_overlay.png, with the image id appended when two photos share a stem.
std::filesystem::path overlay_path(const BatchOptions& options, const BatchPhoto& photo,
                                   std::set<std::string>& used) {
  std::string stem = std::filesystem::path(photo.file_name.empty() ? photo.file.filename().string()
                                                                   : photo.file_name)
                         .stem()
                         .string();
  if (!used.insert(stem).second) {
    stem += "_" + std::to_string(photo.image_id);
    used.insert(stem);
  }
  return options.overlay_dir / (stem + "_overlay.png");
}

}  // namespace

std::vector<BatchPhoto> folder_photos(const std::filesystem::path& dir) {
  const auto files = folder_files(dir);
  if (files.empty())
    throw InvalidInput("no photo (.jpg .jpeg .png .bmp .tif .tiff .webp) in " + dir.string());
  return photos_from_paths(files);
}

std::vector<BatchPhoto> photos_from_paths(const std::vector<std::filesystem::path>& paths) {
  std::vector<BatchPhoto> out;
  for (const auto& p : paths) {
    std::error_code ec;
    const auto files = std::filesystem::is_directory(p, ec) ? folder_files(p)
                                                            : std::vector<std::filesystem::path>{p};
    for (const auto& f : files)
      out.push_back({f, static_cast<std::int64_t>(out.size()) + 1, f.filename().string()});
  }
  return out;
}

std::vector<BatchPrompt> numbered_prompts(const std::vector<std::string>& texts) {
  std::vector<BatchPrompt> out;
  for (const auto& t : texts) out.push_back({t, static_cast<std::int64_t>(out.size()) + 1});
  return out;
}

BatchSummary run_batch(Predictor& predictor, const std::vector<BatchPhoto>& photos,
                       const std::vector<BatchPrompt>& prompts, const BatchOptions& options,
                       const BatchProgress& progress) {
  if (photos.empty()) throw InvalidInput("batch prediction: no photo to predict");
  if (prompts.empty()) throw InvalidInput("batch prediction: no prompt (add a class or --prompt)");
  std::vector<std::string> texts;
  for (const auto& p : prompts) texts.push_back(p.text);
  if (!options.overlay_dir.empty()) std::filesystem::create_directories(options.overlay_dir);
  BatchSummary summary;
  auto results = nlohmann::ordered_json::array();
  std::set<std::string> used;
  for (const auto& photo : photos) {
    const Image image = load_image(photo.file);
    predictor.set_image(image);
    const auto dets = predictor.predict(texts);
    for (const auto& d : dets)
      results.push_back(result_entry(
          d, photo.image_id, prompts.at(static_cast<std::size_t>(d.prompt_index)).category_id,
          photo.file_name));
    summary.detections += dets.size();
    if (!options.overlay_dir.empty()) {
      const auto out = overlay_path(options, photo, used);
      save_image(draw_overlay(image, dets), out);
      summary.overlays.push_back(out);
    }
    ++summary.photos_done;
    if (progress && !progress(summary.photos_done, photos.size(), photo) &&
        summary.photos_done < photos.size()) {
      summary.cancelled = true;
      return summary;
    }
  }
  summary.results_json = results.dump(2);
  if (!options.results_file.empty())
    write_file_atomic(options.results_file, summary.results_json + "\n");
  return summary;
}

}  // namespace sam3::batch
