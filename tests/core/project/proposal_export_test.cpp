// Pending model proposals (source = model, from text pre-labelling) stay out of every export;
// accepted ones (source = accepted) are exported like human shapes.
#include <gtest/gtest.h>

#include "core/project/interchange.h"
#include "core/project/project.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;
constexpr const char* kStamp = "2026-03-01T10:00:00+00:00";
using Exporter = ExportReport (*)(Project&, const fs::path&, const ExportOptions&);

// A model proposal over part of the photo (every format can write a polygon).
Annotation proposal(const Photo& photo, std::int64_t class_id, double score) {
  Annotation a;
  a.photo_id = photo.id;
  a.class_id = class_id;
  a.kind = ShapeKind::Polygon;
  a.rings = {{{1, 1}, {3, 1}, {3, 2}, {1, 2}}};
  a.source = Source::Model;
  a.score = score;
  return a;
}

Project golden_project(const ScratchDir& tmp, const std::string& name) {
  Project p = Project::create(tmp / name, "proposals");
  commit_dataset(p, parse_source(testing::golden("coco") / "input"));
  return p;
}

using Case = std::pair<const char*, Exporter>;
class ProposalExport : public ::testing::TestWithParam<Case> {};

TEST_P(ProposalExport, PendingProposalsLeaveTheExportUnchanged) {
  const auto [name, exporter] = GetParam();
  ScratchDir tmp;
  Project plain = golden_project(tmp, "plain");
  const ExportReport want = exporter(plain, tmp / "plain-out", {kStamp, true});
  Project with = golden_project(tmp, "with");
  const auto class_id = with.classes().front().id;
  for (const Photo& ph : with.photos()) with.add_annotation(proposal(ph, class_id, 0.9));
  ASSERT_GT(with.all_annotations().size(), plain.all_annotations().size());
  const ExportReport got = exporter(with, tmp / "with-out", {kStamp, true});
  EXPECT_EQ(got.annotations, want.annotations) << name;
  EXPECT_EQ(got.images, want.images) << name;
  auto a = testing::tree(tmp / "plain-out"), b = testing::tree(tmp / "with-out");
  EXPECT_EQ(a.size(), b.size()) << name;
  for (const auto& [rel, bytes] : a)
    EXPECT_TRUE(b.count(rel) && b[rel] == bytes) << name << " " << rel;
}

TEST_P(ProposalExport, AcceptedProposalIsExported) {
  const auto [name, exporter] = GetParam();
  ScratchDir tmp;
  Project p = golden_project(tmp, "p");
  const int before = exporter(p, tmp / "before", {kStamp, true}).annotations;
  const auto class_id = p.classes().front().id;
  Annotation a = proposal(p.photos().front(), class_id, 0.8);
  a.id = p.add_annotation(a);
  EXPECT_EQ(exporter(p, tmp / "pending", {kStamp, true}).annotations, before) << name;
  a.source = Source::Accepted;
  p.update_annotation(a);
  EXPECT_EQ(exporter(p, tmp / "accepted", {kStamp, true}).annotations, before + 1) << name;
}

INSTANTIATE_TEST_SUITE_P(Exporters, ProposalExport,
                         ::testing::Values(Case{"coco", &export_coco},
                                           Case{"roboflow", &export_roboflow},
                                           Case{"yolo", &export_yolo}, Case{"voc", &export_voc},
                                           Case{"labelme", &export_labelme}),
                         [](const auto& param) { return std::string(param.param.first); });

}  // namespace
}  // namespace sam3::project
