#pragma once
// The photos of one split of a project store and the project's classes as prompts, for
// batch_predict.h: image_id = the photo's id in the store, category_id = the class id, prompt =
// the class's SAM3 prompt (its name when empty). Only in builds with the project store
// (SAM3_BATCH_HAVE_PROJECT). Throws IoError / FormatError from the store, InvalidInput for an
// unknown split name ("none" takes the photos of no split) or a project without classes.
#include <filesystem>
#include <string>
#include <vector>

#include "core/batch/batch_predict.h"

namespace sam3::batch {

struct ProjectBatch {
  std::vector<BatchPhoto> photos;
  std::vector<BatchPrompt> prompts;
};

// split: train | valid | test | none | all.
ProjectBatch project_batch(const std::filesystem::path& project, const std::string& split);

}  // namespace sam3::batch
