// Smart polygon outlines of the Project (see project.h, types.h SmartOutline).
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/project/geometry.h"
#include "core/project/project_impl.h"
#include "core/util/errors.h"

namespace sam3::project {

namespace {

std::string tolerances_text(const std::vector<double>& tolerances) {
  return nlohmann::json(tolerances).dump();
}

}  // namespace

void Project::set_smart_outline(const SmartOutline& o) {
  const std::string where = "smart outline of photo " + std::to_string(o.photo_id);
  if (o.width <= 0 || o.height <= 0)
    throw InvalidInput(where + ": size " + std::to_string(o.width) + "x" +
                       std::to_string(o.height) + " is not positive");
  for (std::size_t i = 0; i < o.regions.size(); ++i)
    if (o.regions[i].rings.empty() || o.regions[i].rings[0].size() < 3)
      throw InvalidInput(where + ": region " + std::to_string(i) + " has no outer ring");
  for (double t : o.tolerances)
    if (!std::isfinite(t) || t < 0)
      throw InvalidInput(where + ": tolerance " + std::to_string(t) + " is not >= 0");
  if (!photo(o.photo_id)) throw InvalidInput(where + ": no such photo");
  write([&] {
    Statement del(*impl_->db, "DELETE FROM smart_outlines WHERE photo_id = ?");
    del.bind(1, o.photo_id).run();
    Statement s(*impl_->db,
                "INSERT INTO smart_outlines(photo_id, width, height, tolerances, saved_at) "
                "VALUES(?,?,?,?,?)");
    s.bind(1, o.photo_id).bind(2, o.width).bind(3, o.height);
    s.bind(4, tolerances_text(o.tolerances)).bind(5, now_iso8601()).run();
    for (std::size_t i = 0; i < o.regions.size(); ++i) {
      const std::string blob = encode_rings(o.regions[i].rings);
      Statement r(*impl_->db,
                  "INSERT INTO smart_outline_regions(photo_id, region, rings, pixel_area) "
                  "VALUES(?,?,?,?)");
      r.bind(1, o.photo_id).bind(2, static_cast<std::int64_t>(i));
      r.bind_blob(3, blob.data(), blob.size()).bind(4, o.regions[i].pixel_area).run();
    }
  });
}

std::optional<SmartOutline> Project::smart_outline(std::int64_t photo_id) const {
  Statement s(*impl_->db,
              "SELECT width, height, tolerances FROM smart_outlines WHERE photo_id = ?");
  s.bind(1, photo_id);
  if (!s.step()) return std::nullopt;
  SmartOutline o;
  o.photo_id = photo_id;
  o.width = static_cast<int>(s.int64(0));
  o.height = static_cast<int>(s.int64(1));
  const std::string place = "smart_outlines, photo " + std::to_string(photo_id);
  const nlohmann::json t = nlohmann::json::parse(s.text(2), nullptr, false);
  if (t.is_discarded() || !t.is_array())
    throw FormatError(impl_->db->file(), place, "tolerances are not a JSON array");
  for (const auto& v : t) {
    if (!v.is_number()) throw FormatError(impl_->db->file(), place, "a tolerance is no number");
    o.tolerances.push_back(v.get<double>());
  }
  Statement r(*impl_->db,
              "SELECT region, rings, pixel_area FROM smart_outline_regions WHERE photo_id = ? "
              "ORDER BY region");
  r.bind(1, photo_id);
  while (r.step()) {
    if (r.int64(0) != static_cast<std::int64_t>(o.regions.size()))
      throw FormatError(impl_->db->file(), place, "region numbers have a gap");
    o.regions.push_back({decode_rings(r.blob(1)), r.int64(2)});
  }
  return o;
}

bool Project::add_smart_tolerance(std::int64_t photo_id, double tolerance) {
  if (!std::isfinite(tolerance) || tolerance < 0)
    throw InvalidInput("smart outline tolerance " + std::to_string(tolerance) + " is not >= 0");
  return write([&] {
    auto o = smart_outline(photo_id);
    if (!o) return false;
    for (double t : o->tolerances)
      if (t == tolerance) return true;
    o->tolerances.push_back(tolerance);
    Statement s(*impl_->db, "UPDATE smart_outlines SET tolerances = ? WHERE photo_id = ?");
    s.bind(1, tolerances_text(o->tolerances)).bind(2, photo_id).run();
    return true;
  });
}

}  // namespace sam3::project
