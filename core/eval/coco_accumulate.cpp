// COCOeval.accumulate() and summarize() of pycocotools (cocoapi master 8c9bcc3): detections of all
// images merged in a stable score order, cumulative TP/FP, interpolated precision at 101 recall
// points, and the 12 stats as np.mean over entries > -1 (numpy's pairwise summation).
#include <algorithm>
#include <cfloat>
#include <numeric>

#include "core/eval/coco_eval_internal.h"

namespace sam3::eval {

namespace {

// numpy/core/src/umath/loops_utils.h: pairwise_sum with 8 accumulators, blocks of 128.
double pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; i++) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (int j = 0; j < 8; j++) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; j++) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

}  // namespace

double numpy_sum(const double* a, std::size_t n) {
  // add.reduce starts from 0 and adds the pairwise sum of each buffer of 8192 elements (numpy's
  // default ufunc buffer size), so long arrays are summed chunk by chunk.
  constexpr std::size_t kBuffer = 8192;
  double res = 0.;
  for (std::size_t i = 0; i < n; i += kBuffer) res += pairwise_sum(a + i, std::min(kBuffer, n - i));
  return res;
}

namespace detail {
namespace {

struct Merged {  // one (k, a, m) over all images, sorted by score
  std::vector<double> scores;
  std::vector<std::int64_t> matches;  // [T][N]
  std::vector<std::uint8_t> ignore;   // [T][N]
  std::size_t npig = 0;
};

Merged merge_images(const EvalImages& evals, std::size_t k, std::size_t a, std::size_t max_det,
                    std::size_t T) {
  Merged out;
  std::vector<const ImageEval*> used;
  for (std::size_t i = 0; i < evals.I; i++) {
    const auto& e = evals.at(k, a, i);
    if (!e) continue;
    used.push_back(&*e);
    out.npig += e->gt_not_ignored;
  }
  std::vector<std::pair<const ImageEval*, std::size_t>> refs;  // (image, detection) in concat order
  for (const ImageEval* e : used) {
    const std::size_t n = std::min(max_det, e->dt_scores.size());
    for (std::size_t d = 0; d < n; d++) refs.emplace_back(e, d);
  }
  std::stable_sort(refs.begin(), refs.end(), [](const auto& x, const auto& y) {
    return x.first->dt_scores[x.second] > y.first->dt_scores[y.second];
  });
  const std::size_t N = refs.size();
  out.scores.assign(N, 0.0);
  out.matches.assign(T * N, 0);
  out.ignore.assign(T * N, 0);
  for (std::size_t n = 0; n < N; n++) {
    const auto& [e, d] = refs[n];
    const std::size_t D = e->dt_scores.size();
    out.scores[n] = e->dt_scores[d];
    for (std::size_t t = 0; t < T; t++) {
      out.matches[t * N + n] = e->dt_matches[t * D + d];
      out.ignore[t * N + n] = e->dt_ignore[t * D + d];
    }
  }
  return out;
}

// One IoU threshold of one (k, a, m): recall and the 101 interpolated precisions and scores.
void precision_curve(const Merged& merged, std::size_t t, const std::vector<double>& rec_thrs,
                     double& recall, double* q, double* ss, std::size_t stride) {
  const std::size_t N = merged.scores.size();
  std::vector<double> rc(N), pr(N);
  double tp = 0, fp = 0;
  for (std::size_t n = 0; n < N; n++) {
    if (!merged.ignore[t * N + n]) (merged.matches[t * N + n] != 0 ? tp : fp) += 1;
    rc[n] = tp / static_cast<double>(merged.npig);
    pr[n] = tp / (fp + tp + DBL_EPSILON);
  }
  recall = N ? rc[N - 1] : 0;
  for (std::size_t i = N; i-- > 1;)
    if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
  for (std::size_t r = 0; r < rec_thrs.size(); r++) {
    const auto pi =
        static_cast<std::size_t>(std::lower_bound(rc.begin(), rc.end(), rec_thrs[r]) - rc.begin());
    // pycocotools stops at the first recall point past the end and leaves zeros behind it.
    if (pi >= N) {
      for (; r < rec_thrs.size(); r++) q[r * stride] = ss[r * stride] = 0;
      return;
    }
    q[r * stride] = pr[pi];
    ss[r * stride] = merged.scores[pi];
  }
}

double mean_of_valid(const std::vector<double>& values) {
  std::vector<double> valid;
  for (double v : values)
    if (v > -1) valid.push_back(v);
  if (valid.empty()) return -1;
  return numpy_sum(valid.data(), valid.size()) / static_cast<double>(valid.size());
}

// _summarize(ap, iouThr, areaRng, maxDets): mean over the selected entries > -1.
double summarize(const CocoEvalResult& r, bool ap, double iou_thr, std::size_t a, std::size_t m) {
  std::vector<double> values;
  for (std::size_t t = 0; t < r.T(); t++) {
    if (iou_thr >= 0 && r.params.iou_thresholds[t] != iou_thr) continue;
    if (ap) {
      for (std::size_t q = 0; q < r.R(); q++)
        for (std::size_t k = 0; k < r.K(); k++) values.push_back(r.precision_at(t, q, k, a, m));
    } else {
      for (std::size_t k = 0; k < r.K(); k++) values.push_back(r.recall_at(t, k, a, m));
    }
  }
  return mean_of_valid(values);
}

}  // namespace

void accumulate(const EvalImages& evals, CocoEvalResult& r) {
  const std::size_t T = r.T(), R = r.R(), K = r.K(), A = r.A(), M = r.M();
  r.precision.assign(T * R * K * A * M, -1.0);
  r.recall.assign(T * K * A * M, -1.0);
  r.scores.assign(T * R * K * A * M, -1.0);
  for (std::size_t k = 0; k < K; k++) {
    for (std::size_t a = 0; a < A; a++) {
      for (std::size_t m = 0; m < M; m++) {
        const auto max_det = static_cast<std::size_t>(r.params.max_dets[m]);
        const Merged merged = merge_images(evals, k, a, max_det, T);
        if (merged.npig == 0) continue;  // also when no image has gt or dt for this category
        for (std::size_t t = 0; t < T; t++) {
          const std::size_t base = (((t * R) * K + k) * A + a) * M + m;
          precision_curve(merged, t, r.params.recall_thresholds,
                          r.recall[((t * K + k) * A + a) * M + m], &r.precision[base],
                          &r.scores[base], K * A * M);
        }
      }
    }
  }
  // _summarizeDets(): area index 0..3 = all, small, medium, large; maxDets index 0..2 = 1, 10, 100.
  r.stats = {
      summarize(r, true, -1, 0, 2),  summarize(r, true, 0.5, 0, 2), summarize(r, true, 0.75, 0, 2),
      summarize(r, true, -1, 1, 2),  summarize(r, true, -1, 2, 2),  summarize(r, true, -1, 3, 2),
      summarize(r, false, -1, 0, 0), summarize(r, false, -1, 0, 1), summarize(r, false, -1, 0, 2),
      summarize(r, false, -1, 1, 2), summarize(r, false, -1, 2, 2), summarize(r, false, -1, 3, 2)};
}

}  // namespace detail

std::vector<CategoryAp> per_category_ap(const CocoEvalResult& r) {
  std::vector<CategoryAp> out;
  const std::size_t a = 0, m = r.M() - 1;
  for (std::size_t k = 0; k < r.K(); k++) {
    CategoryAp c;
    c.category_id = r.category_ids[k];
    c.name = r.category_names[k];
    std::vector<double> all, at50, at75, rec;
    for (std::size_t t = 0; t < r.T(); t++) {
      for (std::size_t q = 0; q < r.R(); q++) {
        const double p = r.precision_at(t, q, k, a, m);
        all.push_back(p);
        if (r.params.iou_thresholds[t] == 0.5) at50.push_back(p);
        if (r.params.iou_thresholds[t] == 0.75) at75.push_back(p);
      }
      rec.push_back(r.recall_at(t, k, a, m));
    }
    c.ap = detail::mean_of_valid(all);
    c.ap50 = detail::mean_of_valid(at50);
    c.ap75 = detail::mean_of_valid(at75);
    c.ar100 = detail::mean_of_valid(rec);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace sam3::eval
