#pragma once
// The order in which the review goes through the photos. Pure functions; ties keep photo order.
#include <cstddef>
#include <limits>
#include <vector>

namespace sam3::review {

enum class QueueOrder {
  PhotoOrder = 0,    // as given
  Uncertainty = 1,   // the photo whose closest score is nearest the threshold first
  Disagreement = 2,  // most false positives + misses first (labelled photos only)
};

struct QueueItem {
  bool predicted = false;     // the model has run on the photo
  std::vector<float> scores;  // every kept detection's score (any threshold)
  int disagreement = -1;      // false positives + misses at the threshold; -1: not labelled
};

// min |score - threshold| over the scores; +infinity without scores.
double uncertainty(const std::vector<float>& scores, double threshold);

// A permutation of the item indices. Uncertainty: predicted photos with detections by
// uncertainty ascending, then predicted photos without detections, then unpredicted ones.
// Disagreement: predicted labelled photos by disagreement descending, then the rest.
std::vector<std::size_t> order_queue(const std::vector<QueueItem>& items, QueueOrder order,
                                     double threshold);

}  // namespace sam3::review
