#include "core/review/review_queue.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

namespace sam3::review {

double uncertainty(const std::vector<float>& scores, double threshold) {
  double best = std::numeric_limits<double>::infinity();
  for (float s : scores) best = std::min(best, std::abs(static_cast<double>(s) - threshold));
  return best;
}

std::vector<std::size_t> order_queue(const std::vector<QueueItem>& items, QueueOrder order,
                                     double threshold) {
  std::vector<std::size_t> idx(items.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  if (order == QueueOrder::PhotoOrder) return idx;
  // (group, key): smaller first; stable sort keeps photo order within equal keys.
  std::vector<std::pair<int, double>> key(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const QueueItem& it = items[i];
    if (order == QueueOrder::Uncertainty) {
      if (!it.predicted)
        key[i] = {2, 0.0};
      else if (it.scores.empty())
        key[i] = {1, 0.0};
      else
        key[i] = {0, uncertainty(it.scores, threshold)};
    } else {
      if (it.predicted && it.disagreement >= 0)
        key[i] = {0, -static_cast<double>(it.disagreement)};
      else
        key[i] = {1, 0.0};
    }
  }
  std::stable_sort(idx.begin(), idx.end(),
                   [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  return idx;
}

}  // namespace sam3::review
