// Queue orders with hand-computed keys (threshold 0.5).
#include <gtest/gtest.h>

#include <cmath>

#include "core/review/review_queue.h"

using namespace sam3::review;

namespace {

std::vector<QueueItem> items() {
  return {
      {true, {0.9f, 0.1f}, 2},   // uncertainty 0.4
      {true, {0.55f}, -1},       // 0.05, not labelled
      {false, {}, 3},            // not predicted: its disagreement is not known
      {true, {}, 0},             // predicted, nothing found, labelled and agreeing
      {true, {0.45f, 0.3f}, 5},  // 0.05: tie with item 1, which comes first
  };
}

}  // namespace

TEST(ReviewQueue, UncertaintyIsTheScoreNearestTheThreshold) {
  EXPECT_NEAR(uncertainty({0.9f, 0.1f}, 0.5), 0.4, 1e-6);
  EXPECT_NEAR(uncertainty({0.45f, 0.3f}, 0.5), 0.05, 1e-6);
  EXPECT_TRUE(std::isinf(uncertainty({}, 0.5)));
}

TEST(ReviewQueue, Orders) {
  EXPECT_EQ(order_queue(items(), QueueOrder::PhotoOrder, 0.5),
            (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(order_queue(items(), QueueOrder::Uncertainty, 0.5),
            (std::vector<std::size_t>{1, 4, 0, 3, 2}));
  EXPECT_EQ(order_queue(items(), QueueOrder::Disagreement, 0.5),
            (std::vector<std::size_t>{4, 0, 3, 1, 2}));
  // Another threshold reorders by uncertainty: at 0.1, item 0 (0.0) comes first.
  EXPECT_EQ(order_queue(items(), QueueOrder::Uncertainty, 0.1).front(), 0u);
  EXPECT_TRUE(order_queue({}, QueueOrder::Uncertainty, 0.5).empty());
}
