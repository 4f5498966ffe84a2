#include "core/report/inspection_report.h"

#include <system_error>

#include "core/project/project.h"
#include "core/util/errors.h"

namespace sam3::report {

int ReportPhoto::total_objects() const {
  int n = 0;
  for (const auto& entry : objects) n += entry.second;
  return n;
}

int ReportPhoto::count(std::int64_t class_id) const {
  const auto it = objects.find(class_id);
  return it == objects.end() ? 0 : it->second;
}

namespace {

ReportPhoto photo_row(const project::Project& store, const project::Photo& p) {
  ReportPhoto r;
  r.id = p.id;
  r.file_name = p.original_name.empty() ? p.stored_name : p.original_name;
  r.file = store.photo_path(p);
  r.width = p.width;
  r.height = p.height;
  r.split = project::to_string(p.split);
  r.status = project::to_string(p.status);
  r.verdict = project::to_string(p.verdict);
  r.note = p.note;
  r.confirmed_negative = p.confirmed_negative;
  return r;
}

}  // namespace

InspectionReport build_report(const std::filesystem::path& dir, const ReportOptions& options) {
  const bool all = options.split == "all";
  const project::Split want =
      all ? project::Split::None : project::split_from_string(options.split);
  const project::Project store = project::Project::open(dir);
  InspectionReport report;
  report.project_dir = dir;
  report.project_name = store.meta("name", dir.filename().string());
  report.created = project::now_iso8601();
  for (const auto& c : store.classes()) report.classes.push_back({c.id, c.name, c.color, 0, 0});
  for (const auto v : {project::Verdict::None, project::Verdict::Ok, project::Verdict::Defect,
                       project::Verdict::Unsure})
    report.verdicts[project::to_string(v)] = 0;
  std::map<std::int64_t, std::size_t> row_of;
  for (const auto& p : store.photos()) {
    if (!all && p.split != want) continue;
    ReportPhoto row = photo_row(store, p);
    std::error_code ec;
    if (options.require_files && !std::filesystem::is_regular_file(row.file, ec))
      throw IoError(row.file, "the stored photo of '" + row.file_name + "' (photo " +
                                  std::to_string(p.id) + ") is missing");
    ++report.verdicts[row.verdict];
    row_of[p.id] = report.photos.size();
    report.photos.push_back(std::move(row));
  }
  for (const auto& a : store.all_annotations()) {
    const auto it = row_of.find(a.photo_id);
    if (it == row_of.end()) continue;
    ReportPhoto& row = report.photos[it->second];
    if (a.source == project::Source::Model)
      ++row.unreviewed;
    else
      ++row.objects[a.class_id];
  }
  for (auto& c : report.classes)
    for (const auto& p : report.photos) {
      const int n = p.count(c.id);
      c.objects += n;
      c.photos += n > 0 ? 1 : 0;
    }
  return report;
}

}  // namespace sam3::report
