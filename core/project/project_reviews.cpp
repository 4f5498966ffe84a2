// Review decisions and training runs of the Project (see project.h).
#include "core/project/project_impl.h"
#include "core/util/errors.h"

namespace sam3::project {

std::int64_t Project::add_review(ReviewDecision d) {
  d.decided_at = now_iso8601();
  return write([&] {
    Statement s(*impl_->db,
                "INSERT INTO review_decisions(photo_id, annotation_id, run_id, decision, note, "
                "decided_at) VALUES(?,?,?,?,?,?)");
    s.bind(1, d.photo_id).bind(2, d.annotation_id).bind(3, d.run_id);
    s.bind(4, static_cast<int>(d.decision)).bind(5, d.note).bind(6, d.decided_at).run();
    return impl_->db->last_insert_id();
  });
}

std::vector<ReviewDecision> Project::reviews(std::int64_t photo_id) const {
  Statement s(*impl_->db,
              "SELECT id, photo_id, annotation_id, run_id, decision, note, decided_at "
              "FROM review_decisions WHERE photo_id = ? ORDER BY id");
  s.bind(1, photo_id);
  std::vector<ReviewDecision> out;
  while (s.step()) {
    ReviewDecision d;
    d.id = s.int64(0);
    d.photo_id = s.int64(1);
    if (!s.is_null(2)) d.annotation_id = s.int64(2);
    if (!s.is_null(3)) d.run_id = s.int64(3);
    d.decision = static_cast<Decision>(s.int64(4));
    d.note = s.text(5);
    d.decided_at = s.text(6);
    out.push_back(std::move(d));
  }
  return out;
}

std::int64_t Project::add_run(Run r) {
  if (r.name.empty()) throw InvalidInput("add_run: run name is empty");
  if (r.folder.empty()) r.folder = r.name;
  r.created_at = now_iso8601();
  return write([&] {
    Statement s(
        *impl_->db,
        "INSERT INTO runs(name, folder, status, config_yaml, created_at) VALUES(?,?,?,?,?)");
    s.bind(1, r.name).bind(2, r.folder).bind(3, r.status).bind(4, r.config_yaml);
    s.bind(5, r.created_at).run();
    return impl_->db->last_insert_id();
  });
}

void Project::update_run(const Run& r) {
  write([&] {
    Statement s(*impl_->db, "UPDATE runs SET name=?, folder=?, status=?, config_yaml=? WHERE id=?");
    s.bind(1, r.name).bind(2, r.folder).bind(3, r.status).bind(4, r.config_yaml).bind(5, r.id);
    s.run();
    if (impl_->db->changes() != 1)
      throw InvalidInput("update_run: no run with id " + std::to_string(r.id));
  });
}

std::vector<Run> Project::runs() const {
  Statement s(*impl_->db,
              "SELECT id, name, folder, status, config_yaml, created_at FROM runs ORDER BY id");
  std::vector<Run> out;
  while (s.step())
    out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
  return out;
}

}  // namespace sam3::project
