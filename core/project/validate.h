#pragma once
// Dataset validation: what the seed's validator reported (counts, classes, annotations per image,
// area range, images without annotations, invalid or empty polygons, missing files) plus
// duplicates and class/prompt problems.
#include <map>
#include <string>
#include <vector>

#include "core/project/interchange.h"
#include "core/project/project.h"

namespace sam3::project {

struct ClassStats {
  std::string name;
  std::string prompt;
  int annotations = 0;
  int photos = 0;
};

struct ValidationReport {
  int photos = 0;
  int annotations = 0;
  std::map<std::string, int> photos_per_split;  // train, valid, test, none
  std::vector<ClassStats> classes;
  int min_per_image = 0, max_per_image = 0;
  double mean_per_image = 0;
  double min_area = 0, max_area = 0;  // pixels², over all annotations
  int confirmed_negatives = 0;
  std::vector<std::string> images_without_annotations;  // original names (negatives excluded)
  std::vector<Issue> problems;
  int errors() const;
};

// `check_files`: report photos whose file is missing from <project>/photos.
ValidationReport validate_project(Project& project, bool check_files = true);
// As JSON (keys as in the struct; problems as {severity, file, where, message}).
std::string to_json(const ValidationReport& report);

}  // namespace sam3::project
