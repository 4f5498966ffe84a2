#pragma once
// Train/valid/test split management. Deterministic: the same project and seed give the same split
// on every machine (mt19937_64 and an explicit Fisher-Yates shuffle, no std::shuffle).
#include <cstdint>

#include "core/project/project.h"

namespace sam3::project {

struct SplitRatios {
  double train = 0.8;
  double valid = 0.2;
  double test = 0.0;
};

struct SplitCounts {
  int train = 0, valid = 0, test = 0, none = 0;
};

// Assigns a split to every labelled photo (annotated, or a confirmed negative); unlabeled photos
// get none. Positives and negatives are shuffled separately so every split keeps its share of
// negatives. With only_unassigned, photos already in a split keep it. One transaction.
// Throws InvalidInput for negative ratios or a zero sum.
SplitCounts assign_splits(Project& project, const SplitRatios& ratios, std::uint64_t seed,
                          bool only_unassigned = false);

// The seed pipeline's rule: when photos are in train and none in valid, moves `fraction` of the
// train photos (at least one, when train has two or more) to valid, negatives in proportion.
// Returns how many moved.
int ensure_valid_split(Project& project, double fraction = 0.2, std::uint64_t seed = 0);

SplitCounts count_splits(Project& project);

}  // namespace sam3::project
