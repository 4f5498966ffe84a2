// SmartPolygonTool: the accepted polygons' outlines in the project, so that the Simplify slider
// still changes them after the project was closed and opened again.
#include <algorithm>

#include "core/util/errors.h"
#include "ui/project_document.h"
#include "ui/smart/smart_polygon_tool.h"

namespace sam3::ui {
namespace {

polygon::Ring toPolygon(const project::Ring& r) {
  polygon::Ring out;
  out.reserve(r.size());
  for (const auto& p : r) out.push_back({p.x, p.y});
  return out;
}

}  // namespace

void SmartPolygonTool::saveOutline(qint64 photo, const polygon::TracedMask& mask) {
  project::SmartOutline o;
  o.photo_id = photo;
  o.width = mask.width();
  o.height = mask.height();
  const auto shapes = regionsToShapes(mask.regions());  // every region, exact outline
  for (std::size_t i = 0; i < shapes.size(); ++i)
    o.regions.push_back({shapes[i].rings, mask.regions()[i].pixel_area});
  o.tolerances = {m_tolerance};
  try {
    m_doc->store().set_smart_outline(o);
  } catch (const sam3::Error& e) {
    m_doc->reportError(tr("The smart polygon was added, but its outline could not be saved: "
                          "after closing the project, Simplify will not change it. %1")
                           .arg(QString::fromStdString(e.what())));
  }
}

SmartPolygonTool::Accepted* SmartPolygonTool::acceptedOn(qint64 photo) {
  if (const auto it = m_accepted.find(photo); it != m_accepted.end()) return &it->second;
  if (!m_doc || photo == 0) return nullptr;
  std::optional<project::SmartOutline> saved;
  std::shared_ptr<const polygon::TracedMask> mask;
  try {
    saved = m_doc->store().smart_outline(photo);
    if (!saved || saved->tolerances.empty()) return nullptr;
    std::vector<polygon::Region> regions;
    for (const auto& r : saved->regions) {
      polygon::Region region;
      region.outer = toPolygon(r.rings.at(0));
      for (std::size_t h = 1; h < r.rings.size(); ++h)
        region.holes.push_back(toPolygon(r.rings[h]));
      region.pixel_area = r.pixel_area;
      regions.push_back(std::move(region));
    }
    mask = std::make_shared<const polygon::TracedMask>(
        polygon::TracedMask::from_regions(saved->width, saved->height, std::move(regions)));
  } catch (const std::exception& e) {
    m_doc->reportError(tr("The saved outline of the smart polygon on this photo is unreadable: %1")
                           .arg(QString::fromStdString(e.what())));
    return nullptr;
  }
  // Each region's shape is the one whose rings a saved simplification gave that region.
  Accepted last;
  last.mask = mask;
  const auto annotations = m_doc->annotations(photo);
  std::vector<std::vector<project::Annotation>> byTolerance;
  for (double t : saved->tolerances)
    byTolerance.push_back(regionsToShapes(mask->polygons(regionOptions(t))));
  const std::size_t regionCount = byTolerance.front().size();
  bool any = false;
  for (std::size_t i = 0; i < regionCount; ++i) {
    qint64 id = 0;
    for (const auto& shapes : byTolerance)
      for (const auto& a : annotations)
        if (!id && a.kind == project::ShapeKind::Polygon && a.rings == shapes[i].rings &&
            !last.ids.contains(a.id))
          id = a.id;
    last.ids << id;
    if (!id) continue;
    any = true;
    for (const auto& shapes : byTolerance) {
      auto& produced = last.produced[id];
      if (std::find(produced.begin(), produced.end(), shapes[i].rings) == produced.end())
        produced.push_back(shapes[i].rings);
    }
  }
  if (!any) return nullptr;
  return &(m_accepted[photo] = std::move(last));
}

}  // namespace sam3::ui
