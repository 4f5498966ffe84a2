// COCOeval.evaluate() of pycocotools (cocoapi master 8c9bcc3, cocoeval.py): _prepare, computeIoU
// and evaluateImg, reproduced step by step (stable sorts, maxDets truncation before IoU, gt
// reordered by ignore flag, greedy matching with the 1-1e-10 cap, unmatched out-of-range detections
// ignored).
#include <algorithm>
#include <numeric>

#include "core/eval/coco_eval_internal.h"
#include "core/util/errors.h"

namespace sam3::eval {

std::string to_string(IouType type) {
  return type == IouType::BBox ? "bbox" : "segm";
}

IouType iou_type_from_string(const std::string& name) {
  if (name == "bbox") return IouType::BBox;
  if (name == "segm") return IouType::Segm;
  throw InvalidInput("unknown iou type \"" + name + "\" (expected bbox or segm)");
}

CocoParams CocoParams::defaults() {
  CocoParams p;
  // np.linspace(.5, .95, 10): i * ((.95 - .5) / 9) + .5, last element set to stop.
  const double iou_step = (0.95 - 0.5) / 9;
  for (int i = 0; i < 10; i++) p.iou_thresholds.push_back(i * iou_step + 0.5);
  p.iou_thresholds.back() = 0.95;
  // np.linspace(0, 1, 101): i * 0.01 + 0, last element 1.
  const double rec_step = 1.0 / 100;
  for (int i = 0; i < 101; i++) p.recall_thresholds.push_back(i * rec_step + 0.0);
  p.recall_thresholds.back() = 1.0;
  p.max_dets = {1, 10, 100};
  p.area_ranges = {
      {0.0, 1e5 * 1e5}, {0.0, 32.0 * 32}, {32.0 * 32, 96.0 * 96}, {96.0 * 96, 1e5 * 1e5}};
  p.area_labels = {"all", "small", "medium", "large"};
  return p;
}

namespace detail {

Geometry gt_geometry(const GroundTruth& gt, const GtAnnotation& a, IouType type) {
  const std::string where = "annotations[" + std::to_string(a.index) + "]";
  if (type == IouType::BBox) {
    if (!a.bbox)
      throw FormatError(gt.file, where, "missing key \"bbox\", needed for iou-type bbox");
    return {*a.bbox, {}};
  }
  const CocoImage& image = gt.images[*gt.image_index(a.image_id)];
  Rle rle;
  if (const auto* polygons = std::get_if<Polygons>(&a.segmentation))
    rle = rle_from_polygons(*polygons, image.height, image.width);
  else if (const auto* r = std::get_if<Rle>(&a.segmentation))
    rle = *r;
  else
    throw FormatError(gt.file, where, "no segmentation, needed for iou-type segm");
  const BBox box = rle_to_bbox(rle);
  return {box, std::move(rle)};
}

Geometry dt_geometry(const GroundTruth& gt, const Detection& d, IouType type) {
  if (type == IouType::BBox) return {d.bbox, {}};
  const CocoImage& image = gt.images[*gt.image_index(d.image_id)];
  Rle rle = std::holds_alternative<Polygons>(d.segmentation)
                ? rle_from_polygons(std::get<Polygons>(d.segmentation), image.height, image.width)
                : std::get<Rle>(d.segmentation);
  const BBox box = rle_to_bbox(rle);
  return {box, std::move(rle)};
}

double geometry_iou(const Geometry& dt, const Geometry& gt, bool gt_crowd, IouType type) {
  return type == IouType::BBox ? bbox_iou(dt.box, gt.box, gt_crowd)
                               : rle_iou(dt.rle, dt.box, gt.rle, gt.box, gt_crowd);
}

namespace {

// Ground truths and detections of one (image, category), in file order (pycocotools' _gts/_dts).
struct Cell {
  std::vector<const GtAnnotation*> gts;
  std::vector<const Detection*> dts;
};

// computeIoU: detections sorted by score (stable) and cut at maxDet; ious[d][g], gt in file order.
std::vector<double> compute_ious(const GroundTruth& gt, const Cell& cell, IouType type) {
  const std::size_t D = cell.dts.size(), G = cell.gts.size();
  std::vector<double> ious(D * G, 0.0);
  if (D == 0 || G == 0) return ious;
  std::vector<Geometry> g(G);
  for (std::size_t j = 0; j < G; j++) g[j] = gt_geometry(gt, *cell.gts[j], type);
  for (std::size_t i = 0; i < D; i++) {
    const Geometry d = dt_geometry(gt, *cell.dts[i], type);
    for (std::size_t j = 0; j < G; j++) {
      const bool crowd = cell.gts[j]->iscrowd;
      ious[i * G + j] = geometry_iou(d, g[j], crowd, type);
    }
  }
  return ious;
}

ImageEval evaluate_image(const Cell& cell, const std::vector<double>& ious,
                         const std::array<double, 2>& range, const CocoParams& params) {
  const std::size_t G = cell.gts.size(), D = cell.dts.size(), T = params.iou_thresholds.size();
  std::vector<std::uint8_t> ignore(G);
  for (std::size_t j = 0; j < G; j++) {
    const double area = cell.gts[j]->area;
    ignore[j] = cell.gts[j]->iscrowd || area < range[0] || area > range[1];
  }
  std::vector<std::size_t> order(G);  // gt sorted with ignored last (mergesort: stable)
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ignore[a] < ignore[b]; });
  ImageEval e;
  e.dt_scores.reserve(D);
  for (const Detection* d : cell.dts) e.dt_scores.push_back(d->score);
  e.dt_matches.assign(T * D, 0);
  e.dt_ignore.assign(T * D, 0);
  std::vector<std::int64_t> gt_matched(T * G, 0);
  for (std::size_t j = 0; j < G; j++) e.gt_not_ignored += ignore[j] == 0;
  for (std::size_t t = 0; t < T && G > 0 && D > 0; t++) {
    for (std::size_t i = 0; i < D; i++) {
      double best = std::min(params.iou_thresholds[t], 1 - 1e-10);
      std::ptrdiff_t m = -1;
      for (std::size_t s = 0; s < G; s++) {
        const std::size_t j = order[s];
        if (gt_matched[t * G + s] > 0 && !cell.gts[j]->iscrowd) continue;
        if (m > -1 && ignore[order[static_cast<std::size_t>(m)]] == 0 && ignore[j] == 1) break;
        if (ious[i * G + j] < best) continue;
        best = ious[i * G + j];
        m = static_cast<std::ptrdiff_t>(s);
      }
      if (m == -1) continue;
      const std::size_t j = order[static_cast<std::size_t>(m)];
      e.dt_ignore[t * D + i] = ignore[j];
      e.dt_matches[t * D + i] = cell.gts[j]->id;
      gt_matched[t * G + static_cast<std::size_t>(m)] = cell.dts[i]->id;
    }
  }
  for (std::size_t i = 0; i < D; i++) {
    const double area = cell.dts[i]->area;
    if (!(area < range[0] || area > range[1])) continue;
    for (std::size_t t = 0; t < T; t++)
      if (e.dt_matches[t * D + i] == 0) e.dt_ignore[t * D + i] = 1;
  }
  return e;
}

}  // namespace

EvalImages evaluate_images(const GroundTruth& gt, const std::vector<Detection>& detections,
                           IouType iou_type, const CocoParams& params,
                           const std::vector<std::int64_t>& category_ids) {
  std::vector<std::int64_t> image_ids;
  for (const auto& img : gt.images) image_ids.push_back(img.id);
  std::sort(image_ids.begin(), image_ids.end());
  const std::size_t I = image_ids.size(), K = category_ids.size(), A = params.area_ranges.size();
  // Position of an id in a sorted list; ids come checked from the readers, but in-memory data
  // may not, so an unknown one is an error rather than an out-of-range write.
  auto pos = [](const std::vector<std::int64_t>& ids, std::int64_t id, const char* what) {
    auto it = std::lower_bound(ids.begin(), ids.end(), id);
    if (it == ids.end() || *it != id)
      throw InvalidInput(std::string("unknown ") + what + " id " + std::to_string(id));
    return static_cast<std::size_t>(it - ids.begin());
  };
  std::vector<Cell> cells(K * I);  // [K][I]
  for (const auto& a : gt.annotations)
    cells[pos(category_ids, a.category_id, "category") * I + pos(image_ids, a.image_id, "image")]
        .gts.push_back(&a);
  for (const auto& d : detections)
    cells[pos(category_ids, d.category_id, "category") * I + pos(image_ids, d.image_id, "image")]
        .dts.push_back(&d);

  const auto max_det = static_cast<std::size_t>(params.max_dets.back());
  EvalImages out{K, A, I, std::vector<std::optional<ImageEval>>(K * A * I)};
  for (std::size_t k = 0; k < K; k++) {
    for (std::size_t i = 0; i < I; i++) {
      Cell& cell = cells[k * I + i];
      if (cell.gts.empty() && cell.dts.empty()) continue;
      std::stable_sort(cell.dts.begin(), cell.dts.end(),
                       [](const Detection* a, const Detection* b) { return a->score > b->score; });
      if (cell.dts.size() > max_det) cell.dts.resize(max_det);
      const std::vector<double> ious = compute_ious(gt, cell, iou_type);
      for (std::size_t a = 0; a < A; a++)
        out.items[(k * A + a) * I + i] = evaluate_image(cell, ious, params.area_ranges[a], params);
    }
  }
  return out;
}

}  // namespace detail

CocoEvalResult evaluate_coco(const GroundTruth& gt, const std::vector<Detection>& detections,
                             IouType iou_type) {
  CocoEvalResult result;
  result.iou_type = iou_type;
  result.params = CocoParams::defaults();
  std::vector<std::size_t> order(gt.categories.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return gt.categories[a].id < gt.categories[b].id;
  });
  for (std::size_t c : order) {
    result.category_ids.push_back(gt.categories[c].id);
    result.category_names.push_back(gt.categories[c].name);
  }
  const auto evals =
      detail::evaluate_images(gt, detections, iou_type, result.params, result.category_ids);
  detail::accumulate(evals, result);
  return result;
}

}  // namespace sam3::eval
