// Shortest augmenting path LSAP (see linear_assignment.h). Variable names follow Crouse's
// pseudo-code: u/v are the dual variables of rows/columns, path[j] the row preceding column j on
// the current shortest path tree, SR/SC the rows/columns scanned in this augmentation.
#include "core/train/linear_assignment.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/util/errors.h"

namespace sam3::train {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Solver {
  std::int64_t nr, nc;
  const std::vector<double>& cost;  // nr x nc, nr <= nc
  std::vector<double> u, v, shortest;
  std::vector<std::int64_t> path, col4row, row4col, remaining;
  std::vector<char> sr, sc;

  Solver(const std::vector<double>& c, std::int64_t rows, std::int64_t cols)
      : nr(rows),
        nc(cols),
        cost(c),
        u(rows, 0.0),
        v(cols, 0.0),
        shortest(cols, kInf),
        path(cols, -1),
        col4row(rows, -1),
        row4col(cols, -1),
        remaining(cols),
        sr(rows, 0),
        sc(cols, 0) {}

  // Dijkstra-like search from free row i to the nearest free column; returns it, or -1 when every
  // remaining column is at infinite reduced distance.
  std::int64_t augmenting_path(std::int64_t i, double& min_val) {
    min_val = 0.0;
    std::int64_t num_remaining = nc;
    for (std::int64_t it = 0; it < nc; ++it) remaining[it] = nc - it - 1;
    std::fill(sr.begin(), sr.end(), 0);
    std::fill(sc.begin(), sc.end(), 0);
    std::fill(shortest.begin(), shortest.end(), kInf);
    std::int64_t sink = -1;
    while (sink == -1) {
      std::int64_t index = -1;
      double lowest = kInf;
      sr[i] = 1;
      for (std::int64_t it = 0; it < num_remaining; ++it) {
        const std::int64_t j = remaining[it];
        const double r = min_val + cost[i * nc + j] - u[i] - v[j];
        if (r < shortest[j]) {
          path[j] = i;
          shortest[j] = r;
        }
        if (shortest[j] < lowest || (shortest[j] == lowest && row4col[j] == -1)) {
          lowest = shortest[j];
          index = it;
        }
      }
      min_val = lowest;
      if (min_val == kInf) return -1;
      const std::int64_t j = remaining[index];
      if (row4col[j] == -1) {
        sink = j;
      } else {
        i = row4col[j];
      }
      sc[j] = 1;
      remaining[index] = remaining[--num_remaining];
    }
    return sink;
  }

  void solve() {
    for (std::int64_t cur = 0; cur < nr; ++cur) {
      double min_val = 0.0;
      const std::int64_t sink = augmenting_path(cur, min_val);
      if (sink < 0) throw InvalidInput("linear_sum_assignment: cost matrix is infeasible");
      u[cur] += min_val;
      for (std::int64_t i = 0; i < nr; ++i) {
        if (sr[i] && i != cur) u[i] += min_val - shortest[col4row[i]];
      }
      for (std::int64_t j = 0; j < nc; ++j) {
        if (sc[j]) v[j] -= min_val - shortest[j];
      }
      std::int64_t j = sink;
      while (true) {
        const std::int64_t i = path[j];
        row4col[j] = i;
        std::swap(col4row[i], j);
        if (i == cur) break;
      }
    }
  }
};

void check_entries(const std::vector<double>& cost, std::int64_t rows, std::int64_t cols) {
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t c = 0; c < cols; ++c) {
      const double x = cost[r * cols + c];
      if (std::isnan(x) || x == -kInf) {
        throw InvalidInput("linear_sum_assignment: cost[" + std::to_string(r) + "][" +
                           std::to_string(c) + "] is " + (std::isnan(x) ? "NaN" : "-inf") +
                           " (only finite costs and +inf for forbidden pairs are allowed)");
      }
    }
  }
}

}  // namespace

Assignment linear_sum_assignment(const std::vector<double>& cost, std::int64_t rows,
                                 std::int64_t cols) {
  if (rows < 0 || cols < 0 || static_cast<std::int64_t>(cost.size()) != rows * cols) {
    throw InvalidInput("linear_sum_assignment: " + std::to_string(cost.size()) + " costs for a " +
                       std::to_string(rows) + " x " + std::to_string(cols) + " matrix");
  }
  check_entries(cost, rows, cols);
  Assignment out;
  if (rows == 0 || cols == 0) return out;
  const bool transpose = cols < rows;
  std::vector<double> transposed;
  if (transpose) {
    transposed.resize(cost.size());
    for (std::int64_t r = 0; r < rows; ++r) {
      for (std::int64_t c = 0; c < cols; ++c) transposed[c * rows + r] = cost[r * cols + c];
    }
  }
  Solver solver(transpose ? transposed : cost, transpose ? cols : rows, transpose ? rows : cols);
  solver.solve();
  const std::int64_t n = solver.nr;
  out.rows.resize(n);
  out.cols.resize(n);
  if (!transpose) {
    std::iota(out.rows.begin(), out.rows.end(), 0);
    out.cols = solver.col4row;
    return out;
  }
  // Solved cols x rows: solver row k is original column k, matched to original row col4row[k].
  std::vector<std::int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::int64_t a, std::int64_t b) { return solver.col4row[a] < solver.col4row[b]; });
  for (std::int64_t k = 0; k < n; ++k) {
    out.rows[k] = solver.col4row[order[k]];
    out.cols[k] = order[k];
  }
  return out;
}

Assignment linear_sum_assignment(const torch::Tensor& cost) {
  if (!cost.defined() || cost.dim() != 2 || !cost.is_floating_point()) {
    throw InvalidInput("linear_sum_assignment: expected a 2-D floating cost tensor");
  }
  const torch::Tensor c = cost.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  const double* data = c.data_ptr<double>();
  std::vector<double> values(data, data + c.numel());
  return linear_sum_assignment(values, c.size(0), c.size(1));
}

}  // namespace sam3::train
