// Photos, classes and annotations of the Project (see project.h).
#include <nlohmann/json.hpp>

#include <cmath>

#include "core/project/geometry.h"
#include "core/project/project_impl.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace {

constexpr const char* kPhotoCols =
    "id, original_name, stored_name, sha256, byte_size, width, height, orientation, format, "
    "status, split, confirmed_negative, verdict, note";
constexpr const char* kAnnCols =
    "id, photo_id, class_id, kind, geometry, bbox_x, bbox_y, bbox_w, bbox_h, area, metrics_origin, "
    "source, score, attributes";

Photo read_photo(const Statement& s) {
  Photo p;
  p.id = s.int64(0);
  p.original_name = s.text(1);
  p.stored_name = s.text(2);
  p.sha256 = s.text(3);
  p.byte_size = s.int64(4);
  p.width = static_cast<int>(s.int64(5));
  p.height = static_cast<int>(s.int64(6));
  p.orientation = static_cast<int>(s.int64(7));
  p.format = s.text(8);
  p.status = static_cast<PhotoStatus>(s.int64(9));
  p.split = static_cast<Split>(s.int64(10));
  p.confirmed_negative = s.int64(11) != 0;
  p.verdict = static_cast<Verdict>(s.int64(12));
  p.note = s.text(13);
  return p;
}

// Binds the columns after id (2..14) in kPhotoCols order.
void bind_photo(Statement& s, const Photo& p) {
  s.bind(1, p.original_name).bind(2, p.stored_name).bind(3, p.sha256).bind(4, p.byte_size);
  s.bind(5, p.width).bind(6, p.height).bind(7, p.orientation).bind(8, p.format);
  s.bind(9, static_cast<int>(p.status)).bind(10, static_cast<int>(p.split));
  s.bind(11, p.confirmed_negative ? 1 : 0).bind(12, static_cast<int>(p.verdict)).bind(13, p.note);
}

std::string attributes_json(const std::map<std::string, std::string>& attrs) {
  return attrs.empty() ? "{}" : nlohmann::json(attrs).dump();
}

Annotation read_annotation(const Statement& s) {
  Annotation a;
  a.id = s.int64(0);
  a.photo_id = s.int64(1);
  a.class_id = s.int64(2);
  a.kind = static_cast<ShapeKind>(s.int64(3));
  a.rings = decode_rings(s.blob(4));
  a.bbox = {s.real(5), s.real(6), s.real(7), s.real(8)};
  a.area = s.real(9);
  a.metrics_origin = static_cast<MetricsOrigin>(s.int64(10));
  a.source = static_cast<Source>(s.int64(11));
  if (!s.is_null(12)) a.score = s.real(12);
  std::string attrs = s.text(13);
  if (attrs != "{}")
    a.attributes = nlohmann::json::parse(attrs).get<std::map<std::string, std::string>>();
  return a;
}

void check_annotation(const Annotation& a) {
  if (a.kind == ShapeKind::Polygon) {
    if (a.rings.empty() || a.rings[0].size() < 3)
      throw InvalidInput("annotation polygon needs at least 3 points in its outer ring");
    for (const Ring& r : a.rings)
      for (const Point& p : r)
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
          throw InvalidInput("annotation polygon has a non-finite coordinate");
  } else {
    for (double v : a.bbox)
      if (!std::isfinite(v)) throw InvalidInput("annotation box has a non-finite coordinate");
    if (a.bbox[2] < 0 || a.bbox[3] < 0) throw InvalidInput("annotation box has negative size");
  }
}

// Binds columns 2..14 of kAnnCols (everything after id) at positions 1..13.
void bind_annotation(Statement& s, const Annotation& a) {
  s.bind(1, a.photo_id).bind(2, a.class_id).bind(3, static_cast<int>(a.kind));
  if (a.kind == ShapeKind::Polygon) {
    std::string blob = encode_rings(a.rings);
    s.bind_blob(4, blob.data(), blob.size());
  } else {
    s.bind_null(4);
  }
  s.bind(5, a.bbox[0]).bind(6, a.bbox[1]).bind(7, a.bbox[2]).bind(8, a.bbox[3]);
  s.bind(9, a.area.value_or(0.0)).bind(10, static_cast<int>(a.metrics_origin));
  s.bind(11, static_cast<int>(a.source)).bind(12, a.score);
  s.bind(13, attributes_json(a.attributes));
}

}  // namespace

std::int64_t Project::add_photo(const Photo& p) {
  return write([&] {
    if (photo_by_hash(p.sha256))
      throw InvalidInput("photo " + p.original_name + " is already in the project (sha256 " +
                         p.sha256 + ")");
    if (!impl_->insert_photo)
      impl_->insert_photo = std::make_unique<Statement>(
          *impl_->db,
          "INSERT INTO photos(original_name, stored_name, sha256, byte_size, width, height, "
          "orientation, format, status, split, confirmed_negative, verdict, note) "
          "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_photo(*impl_->insert_photo, p);
    impl_->insert_photo->run();
    return impl_->db->last_insert_id();
  });
}

std::optional<Photo> Project::photo(std::int64_t id) const {
  Statement s(*impl_->db, std::string("SELECT ") + kPhotoCols + " FROM photos WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_photo(s);
}

std::optional<Photo> Project::photo_by_hash(const std::string& sha256) const {
  Statement s(*impl_->db, std::string("SELECT ") + kPhotoCols + " FROM photos WHERE sha256 = ?");
  s.bind(1, sha256);
  if (!s.step()) return std::nullopt;
  return read_photo(s);
}

std::vector<Photo> Project::photos() const {
  Statement s(*impl_->db, std::string("SELECT ") + kPhotoCols + " FROM photos ORDER BY id");
  std::vector<Photo> out;
  while (s.step()) out.push_back(read_photo(s));
  return out;
}

std::int64_t Project::photo_count() const {
  Statement s(*impl_->db, "SELECT count(*) FROM photos");
  s.step();
  return s.int64(0);
}

void Project::update_photo(const Photo& p) {
  write([&] {
    Statement s(*impl_->db,
                "UPDATE photos SET original_name=?, stored_name=?, sha256=?, byte_size=?, width=?, "
                "height=?, orientation=?, format=?, status=?, split=?, confirmed_negative=?, "
                "verdict=?, note=? WHERE id=?");
    bind_photo(s, p);
    s.bind(14, p.id).run();
    if (impl_->db->changes() != 1)
      throw InvalidInput("update_photo: no photo with id " + std::to_string(p.id));
  });
}

void Project::remove_photo(std::int64_t id) {
  write([&] {
    auto p = photo(id);
    if (!p) throw InvalidInput("remove_photo: no photo with id " + std::to_string(id));
    Statement s(*impl_->db, "DELETE FROM photos WHERE id = ?");
    s.bind(1, id).run();
    impl_->remove_after_commit.push_back(photo_path(*p));
  });
}

std::int64_t Project::add_class(ClassInfo c) {
  if (c.name.empty()) throw InvalidInput("add_class: class name is empty");
  if (c.prompt.empty()) c.prompt = c.name;
  return write([&] {
    if (class_by_name(c.name)) throw InvalidInput("class '" + c.name + "' exists already");
    Statement s(*impl_->db, "INSERT INTO classes(name, color, prompt) VALUES(?,?,?)");
    s.bind(1, c.name).bind(2, c.color).bind(3, c.prompt).run();
    return impl_->db->last_insert_id();
  });
}

std::vector<ClassInfo> Project::classes() const {
  Statement s(*impl_->db, "SELECT id, name, color, prompt FROM classes ORDER BY id");
  std::vector<ClassInfo> out;
  while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3)});
  return out;
}

std::optional<ClassInfo> Project::class_by_name(const std::string& name) const {
  Statement s(*impl_->db, "SELECT id, name, color, prompt FROM classes WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return ClassInfo{s.int64(0), s.text(1), s.text(2), s.text(3)};
}

void Project::update_class(const ClassInfo& c) {
  if (c.name.empty()) throw InvalidInput("update_class: class name is empty");
  write([&] {
    auto other = class_by_name(c.name);
    if (other && other->id != c.id) throw InvalidInput("class '" + c.name + "' exists already");
    Statement s(*impl_->db, "UPDATE classes SET name=?, color=?, prompt=? WHERE id=?");
    s.bind(1, c.name).bind(2, c.color).bind(3, c.prompt.empty() ? c.name : c.prompt);
    s.bind(4, c.id).run();
    if (impl_->db->changes() != 1)
      throw InvalidInput("update_class: no class with id " + std::to_string(c.id));
  });
}

void Project::remove_class(std::int64_t id) {
  write([&] {
    Statement n(*impl_->db, "SELECT count(*) FROM annotations WHERE class_id = ?");
    n.bind(1, id).step();
    if (n.int64(0) > 0)
      throw InvalidInput("class " + std::to_string(id) + " is used by " +
                         std::to_string(n.int64(0)) +
                         " annotations; reassign or delete them first");
    Statement s(*impl_->db, "DELETE FROM classes WHERE id = ?");
    s.bind(1, id).run();
  });
}

std::int64_t Project::add_annotation(Annotation a) {
  check_annotation(a);
  if (!a.area) compute_metrics(a);
  return write([&] {
    if (!impl_->insert_annotation)
      impl_->insert_annotation = std::make_unique<Statement>(
          *impl_->db,
          "INSERT INTO annotations(photo_id, class_id, kind, geometry, bbox_x, bbox_y, bbox_w, "
          "bbox_h, area, metrics_origin, source, score, attributes) "
          "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_annotation(*impl_->insert_annotation, a);
    impl_->insert_annotation->run();
    return impl_->db->last_insert_id();
  });
}

std::vector<Annotation> Project::annotations(std::int64_t photo_id) const {
  Statement s(*impl_->db, std::string("SELECT ") + kAnnCols +
                              " FROM annotations WHERE photo_id = ? ORDER BY id");
  s.bind(1, photo_id);
  std::vector<Annotation> out;
  while (s.step()) out.push_back(read_annotation(s));
  return out;
}

std::vector<Annotation> Project::all_annotations() const {
  Statement s(*impl_->db,
              std::string("SELECT ") + kAnnCols + " FROM annotations ORDER BY photo_id, id");
  std::vector<Annotation> out;
  while (s.step()) out.push_back(read_annotation(s));
  return out;
}

std::vector<Annotation> Project::class_annotations(std::int64_t class_id) const {
  Statement s(*impl_->db, std::string("SELECT ") + kAnnCols +
                              " FROM annotations WHERE class_id = ? ORDER BY id");
  s.bind(1, class_id);
  std::vector<Annotation> out;
  while (s.step()) out.push_back(read_annotation(s));
  return out;
}

std::vector<std::int64_t> Project::photos_with_class(std::int64_t class_id) const {
  Statement s(*impl_->db,
              "SELECT DISTINCT photo_id FROM annotations WHERE class_id = ? ORDER BY photo_id");
  s.bind(1, class_id);
  std::vector<std::int64_t> out;
  while (s.step()) out.push_back(s.int64(0));
  return out;
}

std::int64_t Project::annotation_count() const {
  Statement s(*impl_->db, "SELECT count(*) FROM annotations");
  s.step();
  return s.int64(0);
}

void Project::update_annotation(Annotation a) {
  check_annotation(a);
  if (!a.area) compute_metrics(a);
  write([&] {
    Statement s(*impl_->db,
                "UPDATE annotations SET photo_id=?, class_id=?, kind=?, geometry=?, bbox_x=?, "
                "bbox_y=?, bbox_w=?, bbox_h=?, area=?, metrics_origin=?, source=?, score=?, "
                "attributes=? WHERE id=?");
    bind_annotation(s, a);
    s.bind(14, a.id).run();
    if (impl_->db->changes() != 1)
      throw InvalidInput("update_annotation: no annotation with id " + std::to_string(a.id));
  });
}

void Project::remove_annotation(std::int64_t id) {
  write([&] {
    Statement s(*impl_->db, "DELETE FROM annotations WHERE id = ?");
    s.bind(1, id).run();
    if (impl_->db->changes() != 1)
      throw InvalidInput("remove_annotation: no annotation with id " + std::to_string(id));
  });
}

}  // namespace sam3::project
