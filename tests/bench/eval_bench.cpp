// COCO evaluation speed on the largest reference case (../shared/reference/coco-eval/large:
// 400 photos, 1416 ground truths, 1959 detections). "Full" times what pycocotools' users time:
// read both files, evaluate, accumulate and summarize; "EvaluateOnly" leaves the reading out.
// Compare with tests/bench/pycocotools_timing.py on the same machine (docs/performance.md). For
// bbox the detections keep their polygons here (more to read than pycocotools is given).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "core/eval/coco_eval.h"
#include "tests/support/test_paths.h"

namespace fs = std::filesystem;
using namespace sam3::eval;

namespace {

fs::path large_case() {
  return fs::path(::sam3::test::shared_dir()) / "reference" / "coco-eval" / "large";
}

void Full(benchmark::State& state, IouType type) {
  if (!fs::exists(large_case())) {
    state.SkipWithError("../shared/reference/coco-eval/large is absent");
    return;
  }
  for (auto _ : state) {
    const GroundTruth gt = load_ground_truth(large_case() / "gt.json");
    const auto dts = load_detections(large_case() / "dt.json", gt);
    auto result = evaluate_coco(gt, dts, type);
    benchmark::DoNotOptimize(result.stats);
  }
}

void EvaluateOnly(benchmark::State& state, IouType type) {
  if (!fs::exists(large_case())) {
    state.SkipWithError("../shared/reference/coco-eval/large is absent");
    return;
  }
  const GroundTruth gt = load_ground_truth(large_case() / "gt.json");
  const auto dts = load_detections(large_case() / "dt.json", gt);
  for (auto _ : state) {
    auto result = evaluate_coco(gt, dts, type);
    benchmark::DoNotOptimize(result.stats);
  }
}

}  // namespace

BENCHMARK_CAPTURE(Full, bbox, IouType::BBox)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Full, segm, IouType::Segm)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EvaluateOnly, bbox, IouType::BBox)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EvaluateOnly, segm, IouType::Segm)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
