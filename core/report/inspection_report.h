#pragma once
// The inspection report of a project: every photo (in store order, optionally one split) with its
// verdict (Photo::verdict), note, status, split and the count of objects per class, plus totals
// per class and per verdict. Objects are the human and accepted-model annotations; unreviewed
// model detections are counted apart. Plain data, built from the store in one read; the writers
// (report_writers.h) turn it into CSV and printable HTML. Thread-safe: pure functions.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sam3::report {

struct ReportClass {
  std::int64_t id = 0;
  std::string name;
  std::string color;  // #rrggbb
  int objects = 0;    // over the photos of the report
  int photos = 0;     // photos with at least one object of the class
};

struct ReportPhoto {
  std::int64_t id = 0;
  std::string file_name;       // as the user knew it
  std::filesystem::path file;  // the stored photo (exists: checked when the report is built)
  int width = 0, height = 0;
  std::string split;    // train | valid | test | none
  std::string status;   // unlabeled | in_progress | done | reviewed
  std::string verdict;  // none | ok | defect | unsure
  std::string note;
  bool confirmed_negative = false;
  std::map<std::int64_t, int> objects;  // class id -> count (classes with none are absent)
  int unreviewed = 0;                   // model detections not yet accepted or rejected
  int total_objects() const;
  int count(std::int64_t class_id) const;  // 0 when absent
};

struct InspectionReport {
  std::string project_name;
  std::filesystem::path project_dir;
  std::string created;               // ISO 8601 UTC
  std::vector<ReportClass> classes;  // id order
  std::vector<ReportPhoto> photos;
  std::map<std::string, int> verdicts;  // verdict name -> photos (every name present, 0 allowed)
};

struct ReportOptions {
  std::string split = "all";  // all | train | valid | test | none
  bool require_files = true;  // an IoError names the first stored photo file that is missing
};

// Reads the project at `dir`. IoError / FormatError from the store; IoError naming the photo file
// when require_files and a stored photo is missing; InvalidInput for an unknown split.
InspectionReport build_report(const std::filesystem::path& dir, const ReportOptions& options = {});

}  // namespace sam3::report
