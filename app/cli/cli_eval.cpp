// sam3studio-cli eval: COCO bbox/segm evaluation (pycocotools' numbers) and image-level metrics.
//   eval --gt GT.json --dt DT.json --iou-type bbox|segm     12 stats as a JSON array on stdout
//        --table                                           readable table instead
//        --detail FILE                                     per-category AP and PR arrays (JSON)
//        --image-level [--threshold T] [--target-recall R] [--category ID]
//                                                          photo/instance metrics, sweep, operating
//                                                          point
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/eval/coco_eval.h"
#include "core/eval/image_metrics.h"
#include "core/util/atomic_file.h"

namespace {

using nlohmann::json;
namespace ev = sam3::eval;

struct EvalArgs {
  std::string gt, dt, iou_type = "bbox", detail;
  bool table = false, image_level = false;
  double threshold = 0.5, target_recall = 0.95;
  std::int64_t category = 0;
  bool category_given = false;
};

std::string fixed(double v, int digits = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

json detail_json(const ev::CocoEvalResult& r) {
  json categories = json::array();
  for (const auto& c : ev::per_category_ap(r))
    categories.push_back({{"id", c.category_id},
                          {"name", c.name},
                          {"ap", c.ap},
                          {"ap50", c.ap50},
                          {"ap75", c.ap75},
                          {"ar100", c.ar100}});
  json curves = json::array();  // area all, maxDets 100: one precision curve per category and IoU
  for (std::size_t k = 0; k < r.K(); k++) {
    for (std::size_t t = 0; t < r.T(); t++) {
      std::vector<double> p, s;
      for (std::size_t q = 0; q < r.R(); q++) {
        p.push_back(r.precision_at(t, q, k, 0, r.M() - 1));
        s.push_back(r.score_at(t, q, k, 0, r.M() - 1));
      }
      curves.push_back({{"category_id", r.category_ids[k]},
                        {"iou_threshold", r.params.iou_thresholds[t]},
                        {"recall", r.recall_at(t, k, 0, r.M() - 1)},
                        {"precision", p},
                        {"scores", s}});
    }
  }
  json stats = json::object();
  for (std::size_t i = 0; i < 12; i++) stats[ev::kStatNames[i]] = r.stats[i];
  return {{"iou_type", ev::to_string(r.iou_type)},
          {"stats", r.stats},
          {"stats_named", stats},
          {"categories", categories},
          {"iou_thresholds", r.params.iou_thresholds},
          {"recall_thresholds", r.params.recall_thresholds},
          {"area_labels", r.params.area_labels},
          {"max_dets", r.params.max_dets},
          {"pr_curves", curves},
          {"precision", {{"shape", {r.T(), r.R(), r.K(), r.A(), r.M()}}, {"data", r.precision}}},
          {"recall", {{"shape", {r.T(), r.K(), r.A(), r.M()}}, {"data", r.recall}}},
          {"scores", {{"shape", {r.T(), r.R(), r.K(), r.A(), r.M()}}, {"data", r.scores}}}};
}

void print_table(const ev::CocoEvalResult& r) {
  std::cout << "COCO " << ev::to_string(r.iou_type) << " evaluation\n";
  for (std::size_t i = 0; i < 12; i++)
    std::cout << "  " << ev::kStatNames[i]
              << std::string(50 - std::string(ev::kStatNames[i]).size(), ' ')
              << (r.stats[i] < 0 ? "   n/a" : fixed(r.stats[i])) << '\n';
  std::cout << "\n  category                        AP    AP50    AP75   AR100\n";
  for (const auto& c : ev::per_category_ap(r)) {
    std::string name = std::to_string(c.category_id) + " " + c.name;
    name.resize(28, ' ');
    std::cout << "  " << name;
    for (double v : {c.ap, c.ap50, c.ap75, c.ar100})
      std::cout << "  " << (v < 0 ? "   n/a" : fixed(v));
    std::cout << '\n';
  }
}

json metrics_json(const ev::ImageLevelMetrics& m) {
  return {{"threshold", m.threshold},
          {"photos",
           {{"tp", m.tp},
            {"fp", m.fp},
            {"fn", m.fn},
            {"tn", m.tn},
            {"accuracy", m.accuracy},
            {"precision", m.precision},
            {"recall", m.recall},
            {"specificity", m.specificity},
            {"f1", m.f1}}},
          {"instances",
           {{"tp", m.instance_tp},
            {"fp", m.instance_fp},
            {"fn", m.instance_fn},
            {"precision", m.instance_precision},
            {"recall", m.instance_recall},
            {"f1", m.instance_f1}}}};
}

int run_image_level(const EvalArgs& a, const ev::GroundTruth& gt,
                    const std::vector<ev::Detection>& dts) {
  ev::ImageLevelOptions options;
  options.iou_type = ev::iou_type_from_string(a.iou_type);
  if (a.category_given) options.category_id = a.category;
  const ev::ImageLevelEvaluator evaluator(gt, dts, options);
  const auto thresholds = ev::ImageLevelEvaluator::default_thresholds();
  const auto at = evaluator.at(a.threshold);
  const auto op = evaluator.recommend(thresholds, a.target_recall);
  if (a.table) {
    std::cout << "threshold " << fixed(a.threshold, 2) << ": photos TP " << at.tp << "  FP "
              << at.fp << "  FN " << at.fn << "  TN " << at.tn << "  accuracy "
              << fixed(at.accuracy) << "  precision " << fixed(at.precision) << "  recall "
              << fixed(at.recall) << "  specificity " << fixed(at.specificity) << "  F1 "
              << fixed(at.f1) << "\n  instances (IoU 0.5) TP " << at.instance_tp << "  FP "
              << at.instance_fp << "  FN " << at.instance_fn << '\n'
              << "recommended threshold " << fixed(op.threshold, 2)
              << (op.meets_target
                      ? " (highest with photo recall >= " + fixed(a.target_recall, 2) + ")"
                      : " (max F1: no threshold reaches the target recall)")
              << '\n';
    return 0;
  }
  json sweep = json::array();
  for (const auto& m : evaluator.sweep(thresholds)) sweep.push_back(metrics_json(m));
  json photos = json::array();
  for (const auto& p : evaluator.photos(a.threshold))
    photos.push_back({{"image_id", p.image_id},
                      {"file_name", p.file_name},
                      {"positive", p.positive},
                      {"has_detection", p.has_detection},
                      {"max_score", p.max_score},
                      {"outcome", ev::to_string(p.outcome)}});
  json out = metrics_json(at);
  out["iou_type"] = a.iou_type;
  out["operating_point"] = {{"threshold", op.threshold},
                            {"target_recall", op.target_recall},
                            {"meets_target", op.meets_target},
                            {"metrics", metrics_json(op.metrics)}};
  out["sweep"] = sweep;
  out["per_photo"] = photos;
  std::cout << out.dump() << '\n';
  return 0;
}

int run_eval(const EvalArgs& a) {
  const auto iou_type = ev::iou_type_from_string(a.iou_type);
  const ev::GroundTruth gt = ev::load_ground_truth(a.gt);
  const std::vector<ev::Detection> dts = ev::load_detections(a.dt, gt);
  if (a.image_level) return run_image_level(a, gt, dts);
  const ev::CocoEvalResult result = ev::evaluate_coco(gt, dts, iou_type);
  if (!a.detail.empty()) sam3::write_file_atomic(a.detail, detail_json(result).dump(1) + "\n");
  if (a.table)
    print_table(result);
  else
    std::cout << json(result.stats).dump() << '\n';
  return 0;
}

sam3::cli::Runner add_eval(CLI::App& app, CLI::App*& sub) {
  sub = app.add_subcommand("eval", "COCO bbox/segm evaluation (pycocotools' numbers) of results");
  auto args = std::make_shared<EvalArgs>();
  sub->add_option("--gt", args->gt, "COCO ground truth JSON")->required()->check(CLI::ExistingFile);
  sub->add_option("--dt", args->dt, "COCO results JSON (list of detections)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--iou-type", args->iou_type, "bbox or segm")
      ->check(CLI::IsMember({"bbox", "segm"}))
      ->capture_default_str();
  sub->add_flag("--table", args->table, "print a readable table instead of JSON");
  sub->add_option("--detail", args->detail, "write per-category AP and precision/recall arrays");
  sub->add_flag("--image-level", args->image_level,
                "photo-level TP/FP/FN/TN, instance TP/FP/FN at IoU 0.5, sweep, operating point");
  sub->add_option("--threshold", args->threshold, "score threshold for --image-level")
      ->capture_default_str();
  sub->add_option("--target-recall", args->target_recall,
                  "photo recall the recommended threshold keeps")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  CLI::Option* category =
      sub->add_option("--category", args->category, "image-level metrics for one category id only");
  return [args, category] {
    args->category_given = category->count() > 0;
    return run_eval(*args);
  };
}

}  // namespace

SAM3_CLI_COMMAND(eval, add_eval);
