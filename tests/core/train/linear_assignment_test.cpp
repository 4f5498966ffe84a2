// linear_sum_assignment against an independent brute-force oracle (every injective map of the
// smaller side into the larger one) on random matrices of both orientations, plus bad input.
#include "core/train/linear_assignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "core/util/errors.h"

namespace sam3::train {
namespace {

struct Best {
  double cost = std::numeric_limits<double>::infinity();
  std::vector<std::int64_t> cols;  // per row, -1 = unmatched
};

// Enumerates every assignment by recursion over rows; unmatched rows only while rows > cols.
void brute(const std::vector<double>& c, std::int64_t nr, std::int64_t nc, std::int64_t row,
           std::int64_t skipped, std::vector<char>& used, std::vector<std::int64_t>& cur,
           double acc, Best& best) {
  if (row == nr) {
    if (acc < best.cost) best = {acc, cur};
    return;
  }
  for (std::int64_t j = 0; j < nc; ++j) {
    if (used[j]) continue;
    used[j] = 1;
    cur[row] = j;
    brute(c, nr, nc, row + 1, skipped, used, cur, acc + c[row * nc + j], best);
    used[j] = 0;
  }
  if (skipped < nr - std::min(nr, nc)) {
    cur[row] = -1;
    brute(c, nr, nc, row + 1, skipped + 1, used, cur, acc, best);
  }
}

Best brute_force(const std::vector<double>& c, std::int64_t nr, std::int64_t nc) {
  Best best;
  std::vector<char> used(nc, 0);
  std::vector<std::int64_t> cur(nr, -1);
  brute(c, nr, nc, 0, 0, used, cur, 0.0, best);
  return best;
}

TEST(LinearAssignment, MatchesBruteForceOnRandomRectangularMatrices) {
  std::mt19937 rng(1234);
  std::uniform_real_distribution<double> value(-5.0, 10.0);
  int checked = 0;
  for (std::int64_t nr = 1; nr <= 6; ++nr) {
    for (std::int64_t nc = 1; nc <= 6; ++nc) {
      for (int trial = 0; trial < 15; ++trial) {
        std::vector<double> c(nr * nc);
        for (auto& x : c) x = value(rng);
        const Assignment a = linear_sum_assignment(c, nr, nc);
        const Best best = brute_force(c, nr, nc);
        ASSERT_EQ(a.rows.size(), static_cast<size_t>(std::min(nr, nc)));
        ASSERT_TRUE(std::is_sorted(a.rows.begin(), a.rows.end()));
        double total = 0.0;
        std::vector<std::int64_t> cols(nr, -1);
        for (size_t k = 0; k < a.rows.size(); ++k) {
          total += c[a.rows[k] * nc + a.cols[k]];
          cols[a.rows[k]] = a.cols[k];
        }
        EXPECT_NEAR(total, best.cost, 1e-9) << nr << "x" << nc << " trial " << trial;
        EXPECT_EQ(cols, best.cols) << nr << "x" << nc << " trial " << trial;  // unique optimum
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 36 * 15);
}

TEST(LinearAssignment, IntegerCostsWithTiesReachTheOptimum) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(0, 3);
  for (int trial = 0; trial < 200; ++trial) {
    const std::int64_t nr = 1 + trial % 5, nc = 1 + (trial / 5) % 5;
    std::vector<double> c(nr * nc);
    for (auto& x : c) x = value(rng);
    const Assignment a = linear_sum_assignment(c, nr, nc);
    double total = 0.0;
    std::vector<char> used(nc, 0);
    for (size_t k = 0; k < a.rows.size(); ++k) {
      ASSERT_FALSE(used[a.cols[k]]);
      used[a.cols[k]] = 1;
      total += c[a.rows[k] * nc + a.cols[k]];
    }
    EXPECT_EQ(total, brute_force(c, nr, nc).cost);
  }
}

TEST(LinearAssignment, HandCases) {
  // scipy docs example: rows 0,1,2 -> cols 1,0,2, total 5.
  const Assignment a = linear_sum_assignment({4, 1, 3, 2, 0, 5, 3, 2, 2}, 3, 3);
  EXPECT_EQ(a.rows, (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(a.cols, (std::vector<std::int64_t>{1, 0, 2}));
  // 3 rows, 1 column: the cheapest row wins; rows reported are original row indices.
  const Assignment tall = linear_sum_assignment({5, 1, 3}, 3, 1);
  EXPECT_EQ(tall.rows, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(tall.cols, (std::vector<std::int64_t>{0}));
  // Wide: 1 row, 4 columns.
  const Assignment wide = linear_sum_assignment({3, 2, 9, -1}, 1, 4);
  EXPECT_EQ(wide.cols, (std::vector<std::int64_t>{3}));
}

TEST(LinearAssignment, EmptyMatricesGiveEmptyAssignments) {
  EXPECT_TRUE(linear_sum_assignment(std::vector<double>{}, 0, 5).rows.empty());
  EXPECT_TRUE(linear_sum_assignment(std::vector<double>{}, 4, 0).cols.empty());
  EXPECT_TRUE(linear_sum_assignment(torch::zeros({0, 3})).rows.empty());
}

TEST(LinearAssignment, PlusInfinityForbidsPairs) {
  const double inf = std::numeric_limits<double>::infinity();
  const Assignment a = linear_sum_assignment({inf, 1, 2, inf}, 2, 2);
  EXPECT_EQ(a.cols, (std::vector<std::int64_t>{1, 0}));
  EXPECT_THROW(linear_sum_assignment({inf, inf, 1, 2}, 2, 2), InvalidInput);
}

TEST(LinearAssignment, RejectsNaNAndMinusInfinityNamingTheEntry) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  try {
    linear_sum_assignment({1, 2, 3, nan, 5, 6}, 2, 3);
    FAIL() << "NaN accepted";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("cost[1][0] is NaN"), std::string::npos) << e.what();
  }
  try {
    linear_sum_assignment({1, -std::numeric_limits<double>::infinity()}, 1, 2);
    FAIL() << "-inf accepted";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("cost[0][1] is -inf"), std::string::npos) << e.what();
  }
}

TEST(LinearAssignment, RejectsBadShapes) {
  EXPECT_THROW(linear_sum_assignment({1, 2, 3}, 2, 2), InvalidInput);
  EXPECT_THROW(linear_sum_assignment(torch::zeros({2, 2, 2})), InvalidInput);
  EXPECT_THROW(linear_sum_assignment(torch::zeros({2, 2}, torch::kLong)), InvalidInput);
}

TEST(LinearAssignment, TensorOverloadAgreesWithVectorOverload) {
  torch::manual_seed(3);
  const torch::Tensor c = torch::rand({5, 8});
  const Assignment a = linear_sum_assignment(c);
  const torch::Tensor cd = c.to(torch::kFloat64).contiguous();
  std::vector<double> v(cd.data_ptr<double>(), cd.data_ptr<double>() + cd.numel());
  const Assignment b = linear_sum_assignment(v, 5, 8);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
}

}  // namespace
}  // namespace sam3::train
