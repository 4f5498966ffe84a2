#pragma once
// Rectangular linear sum assignment (minimum-cost matching of rows to columns), the shortest
// augmenting path algorithm of Jonker-Volgenant as refined by Crouse (IEEE TAES 2016), the method
// of scipy.optimize.linear_sum_assignment, with the same visiting order so that ties resolve alike.
// Exact for finite costs (double arithmetic). Either side may be the larger one.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace sam3::train {

// min(rows, cols) pairs, sorted by row: rows[k] is matched to cols[k].
struct Assignment {
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> cols;
};

// cost: rows x cols, row-major. +inf forbids a pair. Throws InvalidInput for a size mismatch, a NaN
// or -inf entry (naming row and column) and for an infeasible matrix (no full matching avoids
// +inf). An empty matrix (rows or cols 0) gives an empty assignment.
Assignment linear_sum_assignment(const std::vector<double>& cost, std::int64_t rows,
                                 std::int64_t cols);

// cost: a 2-D floating tensor on any device (copied to CPU double).
Assignment linear_sum_assignment(const torch::Tensor& cost);

}  // namespace sam3::train
