#pragma once
// Training samples from a project store (core/project): the SampleSource behind
// `sam3studio-cli train --project P`. Built only with the project store (library
// sam3_train_project; SAM3STUDIO_WITH_PROJECT), so that the engine builds without SQLite.
//
// What trains (read once, when the source is made; later edits of the project are not seen):
//  - classes: every class of the project in id order; the model sees its SAM3 prompt (its name
//    when the prompt is empty);
//  - photos: those whose split is the named train / valid split ("train", "valid", "test"); a
//    photo counts only when it is labelled — it has an annotation, or it is a confirmed negative,
//    or its status is done / reviewed (an unlabelled photo would teach that nothing is there);
//    each labelled photo gives one query per class, so every class absent from it is a negative;
//  - annotations: human and accepted-model ones (unreviewed model detections are left out);
//    polygons by their outer ring (holes are filled: the mask rasteriser takes a union), boxes
//    by their rectangle.
// Pixels: decode() reads the stored photo file with the injected decoder (OpenCV's in the app)
// and checks that its size is the one the store records. decode() is thread-safe when the
// decoder is; nothing else touches the database after construction.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/train/dataset.h"

namespace sam3::train {

using PhotoDecoder = std::function<Image(const std::filesystem::path& file)>;

class ProjectSource : public SampleSource {
 public:
  // Opens the project at `dir` (IoError / FormatError from the store). InvalidInput for an
  // unknown split name, a project without classes, or a decoder that is empty.
  ProjectSource(const std::filesystem::path& dir, const std::string& train_split,
                const std::string& valid_split, PhotoDecoder decoder);

  std::vector<std::string> class_names() const override { return names_; }
  std::vector<std::string> class_prompts() const override { return prompts_; }
  std::vector<SourcePhoto> photos(Split split) const override;
  // FormatError when the decoded size differs from the stored one.
  Image decode(Split split, std::size_t index) const override;
  std::string description() const override { return description_; }

  // Photos of a split left out because they are not labelled yet.
  std::size_t unlabelled_photos(Split split) const;

 private:
  struct Entry {
    SourcePhoto photo;
    std::filesystem::path file;
  };
  const std::vector<Entry>& entries(Split split) const;
  std::vector<std::string> names_, prompts_;
  std::vector<Entry> train_, valid_;
  std::size_t train_unlabelled_ = 0, valid_unlabelled_ = 0;
  PhotoDecoder decoder_;
  std::string description_;
};

}  // namespace sam3::train
