#pragma once
// Photo import from folders or file lists (needs OpenCV: target sam3_project_photos).
// The format is found from the content (magic bytes), never the extension. Each photo is decoded
// once to prove it readable; a photo with an EXIF orientation other than 1 is stored with the
// rotation baked into its pixels (re-encoded, full resolution) and the tag recorded. Duplicates
// (same SHA-256 of the file's bytes) and unreadable files are reported and skipped. One
// transaction: the import lands whole, or the project and photos/ are left as they were.
#include <filesystem>
#include <vector>

#include "core/project/interchange.h"

namespace sam3::project {

struct PhotoImportOptions {
  bool recursive = true;
  Split split = Split::None;
  ProgressFn progress = {};  // per file; false cancels: nothing is committed (interchange.h)
};

ImportReport import_photo_folder(Project& project, const std::filesystem::path& dir,
                                 const PhotoImportOptions& options = {});
ImportReport import_photo_files(Project& project, const std::vector<std::filesystem::path>& files,
                                const PhotoImportOptions& options = {});

}  // namespace sam3::project
