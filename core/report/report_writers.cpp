#include "core/report/report_writers.h"

#include <cctype>
#include <sstream>

#include "core/util/atomic_file.h"

namespace sam3::report {
namespace {

std::string label_of(const std::map<std::string, std::string>& names, const std::string& key) {
  const auto it = names.find(key);
  return it == names.end() ? key : it->second;
}

// Colour for a class swatch: only #rrggbb passes (the store's value is not trusted in CSS).
std::string safe_color(const std::string& c) {
  if (c.size() != 7 || c[0] != '#') return "#888888";
  for (std::size_t i = 1; i < 7; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(c[i]))) return "#888888";
  return c;
}

void summary_html(std::ostringstream& o, const InspectionReport& r, const HtmlLabels& l) {
  o << "<h2>" << html_escape(l.summary) << "</h2>\n<table class=\"summary\">\n";
  o << "<tr><th>" << html_escape(l.photos) << "</th><td>" << r.photos.size() << "</td></tr>\n";
  for (const char* v : {"ok", "defect", "unsure", "none"}) {
    const auto it = r.verdicts.find(v);
    o << "<tr><th>" << html_escape(label_of(l.verdicts, v)) << "</th><td>"
      << (it == r.verdicts.end() ? 0 : it->second) << "</td></tr>\n";
  }
  o << "</table>\n<h2>" << html_escape(l.per_class) << "</h2>\n<table class=\"classes\">\n";
  o << "<tr><th>" << html_escape(l.klass) << "</th><th>" << html_escape(l.objects) << "</th><th>"
    << html_escape(l.photos_with) << "</th></tr>\n";
  for (const auto& c : r.classes)
    o << "<tr><td><span class=\"swatch\" style=\"background:" << safe_color(c.color) << "\"></span>"
      << html_escape(c.name) << "</td><td>" << c.objects << "</td><td>" << c.photos
      << "</td></tr>\n";
  o << "</table>\n";
}

void photo_row_html(std::ostringstream& o, const InspectionReport& r, const ReportPhoto& p,
                    const HtmlOptions& opt) {
  const HtmlLabels& l = opt.labels;
  o << "<tr class=\"verdict-" << html_escape(p.verdict) << "\"><td class=\"thumb\">";
  const auto t = opt.thumbnails.find(p.id);
  if (t != opt.thumbnails.end())
    o << "<img src=\"" << html_escape(t->second) << "\" width=\"" << opt.thumbnail_width
      << "\" alt=\"" << html_escape(p.file_name) << "\">";
  o << "</td><td><b>" << html_escape(p.file_name) << "</b><br>" << html_escape(l.split) << ": "
    << html_escape(p.split) << "<br>" << html_escape(l.status) << ": " << html_escape(p.status);
  if (p.confirmed_negative) o << "<br><i>" << html_escape(l.negative) << "</i>";
  o << "</td><td class=\"verdict\">" << html_escape(label_of(l.verdicts, p.verdict)) << "</td><td>";
  for (const auto& c : r.classes)
    if (p.count(c.id) > 0) o << html_escape(c.name) << ": " << p.count(c.id) << "<br>";
  if (p.unreviewed > 0) o << "<i>" << html_escape(l.unreviewed) << ": " << p.unreviewed << "</i>";
  o << "</td><td class=\"note\">" << html_escape(p.note) << "</td></tr>\n";
}

}  // namespace

std::string csv_field(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string report_csv(const InspectionReport& r) {
  std::ostringstream o;
  o << "photo_id,file_name,split,status,verdict,note,confirmed_negative";
  for (const auto& c : r.classes) o << ',' << csv_field(c.name);
  o << ",total_objects,unreviewed_detections\r\n";
  for (const auto& p : r.photos) {
    o << p.id << ',' << csv_field(p.file_name) << ',' << p.split << ',' << p.status << ','
      << p.verdict << ',' << csv_field(p.note) << ',' << (p.confirmed_negative ? "yes" : "no");
    for (const auto& c : r.classes) o << ',' << p.count(c.id);
    o << ',' << p.total_objects() << ',' << p.unreviewed << "\r\n";
  }
  return o.str();
}

std::string report_html(const InspectionReport& r, const HtmlOptions& opt) {
  const HtmlLabels& l = opt.labels;
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>" << html_escape(l.title)
    << " — " << html_escape(r.project_name) << "</title>\n<style>\n"
    << "body{font-family:sans-serif;font-size:10pt;margin:1.5em}\n"
    << "table{border-collapse:collapse;margin-bottom:1em}\n"
    << "th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}\n"
    << "th{background:#eee}\n.swatch{display:inline-block;width:10px;height:10px;margin-right:4px}"
       "\n"
    << "tr{page-break-inside:avoid}\n.verdict-defect .verdict{color:#b00020;font-weight:bold}\n"
    << ".verdict-ok .verdict{color:#1b5e20}\n.note{max-width:20em;white-space:pre-wrap}\n"
    << "@media print{body{margin:0}}\n</style></head><body>\n";
  o << "<h1>" << html_escape(l.title) << "</h1>\n<p>" << html_escape(l.project) << ": <b>"
    << html_escape(r.project_name) << "</b><br>" << html_escape(l.created) << ": "
    << html_escape(r.created) << "</p>\n";
  summary_html(o, r, l);
  o << "<h2>" << html_escape(l.per_photo) << "</h2>\n";
  if (r.photos.empty()) {
    o << "<p>" << html_escape(l.empty) << "</p>\n";
  } else {
    o << "<table class=\"photos\">\n<tr><th></th><th>" << html_escape(l.photo) << "</th><th>"
      << html_escape(l.verdict) << "</th><th>" << html_escape(l.objects) << "</th><th>"
      << html_escape(l.note) << "</th></tr>\n";
    for (const auto& p : r.photos) photo_row_html(o, r, p, opt);
    o << "</table>\n";
  }
  o << "</body></html>\n";
  return o.str();
}

void write_report_csv(const InspectionReport& report, const std::filesystem::path& file) {
  write_file_atomic(file, report_csv(report));
}

void write_report_html(const InspectionReport& report, const std::filesystem::path& file,
                       const HtmlOptions& options) {
  write_file_atomic(file, report_html(report, options));
}

}  // namespace sam3::report
