#pragma once
// The inspection report (inspection_report.h) as CSV (RFC 4180: one row per photo, a column per
// class) and as one printable HTML page (summary, per-class totals, a row per photo with its
// thumbnail). Every text from the project is escaped. Texts shown to people come in HtmlLabels,
// so that the ui passes translated ones; the CSV header is fixed English (for spreadsheets and
// scripts). The write_* functions are atomic (core/util/atomic_file.h) and throw IoError.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/report/inspection_report.h"

namespace sam3::report {

// A CSV field: quoted (with inner quotes doubled) when it holds a comma, quote, CR or LF, or
// begins or ends with a space.
std::string csv_field(std::string_view text);
// &, <, >, " and ' as entities.
std::string html_escape(std::string_view text);

// Header: photo_id,file_name,split,status,verdict,note,confirmed_negative,<class names...>,
// total_objects,unreviewed_detections. Lines end with CRLF as RFC 4180 says.
std::string report_csv(const InspectionReport& report);

struct HtmlLabels {
  std::string title = "Inspection report";
  std::string created = "Created";
  std::string project = "Project";
  std::string summary = "Summary";
  std::string per_class = "Objects per class";
  std::string per_photo = "Photos";
  std::string photos = "Photos";
  std::string photo = "Photo";
  std::string klass = "Class";
  std::string objects = "Objects";
  std::string photos_with = "Photos with it";
  std::string verdict = "Verdict";
  std::string note = "Note";
  std::string split = "Split";
  std::string status = "Status";
  std::string unreviewed = "Unreviewed detections";
  std::string negative = "Confirmed negative";
  std::string empty = "This report holds no photo.";
  std::map<std::string, std::string> verdicts{
      {"none", "Not inspected"}, {"ok", "Pass"}, {"defect", "Fail"}, {"unsure", "Needs review"}};
};

struct HtmlOptions {
  HtmlLabels labels;
  // Photo id -> image source for its thumbnail (a path relative to the HTML file, or a resource
  // name the ui registers); photos without one get no image.
  std::map<std::int64_t, std::string> thumbnails;
  int thumbnail_width = 160;  // CSS pixels
};

std::string report_html(const InspectionReport& report, const HtmlOptions& options = {});

void write_report_csv(const InspectionReport& report, const std::filesystem::path& file);
void write_report_html(const InspectionReport& report, const std::filesystem::path& file,
                       const HtmlOptions& options = {});

}  // namespace sam3::report
