#pragma once
// Batch prediction: text prompts over a list of photos with one Predictor, writing a COCO results
// JSON (boxes in pixels of the original photo, RLE masks) and, optionally, one overlay image per
// photo with the masks drawn (overlay.h). Photos come from files, a folder (folder_photos) or a
// project split (project_batch.h). Runs on the calling thread (the CLI, or the ui's worker).
// Errors: IoError / FormatError naming the photo that cannot be read, InvalidInput for an empty
// photo list or prompt list; on failure or cancel no results file is written (overlays already
// written stay).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/batch/coco_result.h"
#include "core/inference/predictor.h"

namespace sam3::batch {

struct BatchPhoto {
  std::filesystem::path file;
  std::int64_t image_id = 0;  // the results' image_id
  std::string file_name;      // written beside each result ("file_name") and names the overlay
};

struct BatchPrompt {
  std::string text;              // what the model sees
  std::int64_t category_id = 0;  // the results' category_id
};

// Image files (.jpg .jpeg .png .bmp .tif .tiff .webp, any case) directly in `dir`, sorted by name,
// image ids 1..N. IoError when `dir` is not a readable folder; InvalidInput when it holds none.
std::vector<BatchPhoto> folder_photos(const std::filesystem::path& dir);
// The given files (a folder among them expands as folder_photos does), ids 1..N in that order.
std::vector<BatchPhoto> photos_from_paths(const std::vector<std::filesystem::path>& paths);
// Prompts with category ids 1..N in the given order.
std::vector<BatchPrompt> numbered_prompts(const std::vector<std::string>& texts);

struct BatchOptions {
  std::filesystem::path results_file;  // empty: not written (the caller takes summary.results)
  std::filesystem::path overlay_dir;   // empty: no overlays; <stem>_overlay.png per photo
};

struct BatchSummary {
  std::size_t photos_done = 0;
  std::size_t detections = 0;
  bool cancelled = false;
  std::vector<std::filesystem::path> overlays;  // written, in photo order
  std::string results_json;                     // the COCO results (also when not written)
};

// (photos done, total, the photo just done); returning false cancels after that photo.
using BatchProgress =
    std::function<bool(std::size_t done, std::size_t total, const BatchPhoto& photo)>;

BatchSummary run_batch(Predictor& predictor, const std::vector<BatchPhoto>& photos,
                       const std::vector<BatchPrompt>& prompts, const BatchOptions& options,
                       const BatchProgress& progress = {});

}  // namespace sam3::batch
