#pragma once
// Helpers shared by the importers and exporters of core/project (private to the library).
#include <filesystem>
#include <string>
#include <vector>

#include "core/project/interchange.h"

namespace sam3::project {

// Why a file name from an annotation file may not be used ("is absolute", "leaves its folder
// (..)"), or empty when it is a safe relative path.
std::string unsafe_name_reason(const std::string& name);
// Drops Roboflow's generated suffix: "fuse neutral-xzg2yturox8qwldmiogk" -> "fuse neutral".
std::string roboflow_clean_name(const std::string& name);
// train/valid/test (val, validation too) -> Split; anything else -> Split::None.
Split split_from_folder(const std::string& folder);
// Sub-folders of `dir` in the order train, valid, test, then the others by name.
std::vector<std::filesystem::path> split_folders(const std::filesystem::path& dir);
// Adds an Info issue for photo files in `dir` that `d` does not list.
void report_unlisted_photos(Dataset& d, const std::filesystem::path& dir);
// Appends `part` to `all` (classes united by name, in first-seen order).
void merge_dataset(Dataset& all, Dataset part);
bool is_photo_file(const std::filesystem::path& file);

// Export helpers: a unique file name per photo ("name.jpg", "name_2.jpg", ...) in photo order,
// and the destination split folder name of a photo ("train" for Split::None).
std::vector<std::string> unique_file_names(const std::vector<Photo>& photos);
const char* export_split_folder(Split s);
std::string class_color_default(std::size_t index);
void copy_photo(Project& project, const Photo& p, const std::filesystem::path& dest);
// Reports `done` of `total` to `progress` (if set); throws Cancelled when it returns false.
void report_progress(const ProgressFn& progress, std::size_t done, std::size_t total);
// Every annotation an export writes: all but pending model proposals (source = model); accepted
// proposals (source = accepted) are exported like human shapes.
std::vector<Annotation> exportable_annotations(Project& project);

}  // namespace sam3::project

namespace sam3::project {
// True for a labelme file: a JSON object with "shapes" and "imagePath".
bool is_labelme_json(const std::filesystem::path& file);
}  // namespace sam3::project
