#include "core/project/split.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "core/project/sqlite_db.h"
#include "core/util/errors.h"

namespace sam3::project {

namespace {

void shuffle(std::vector<Photo>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

std::set<std::int64_t> annotated_photos(Project& project) {
  std::set<std::int64_t> ids;
  Statement s(project.db(), "SELECT DISTINCT photo_id FROM annotations");
  while (s.step()) ids.insert(s.int64(0));
  return ids;
}

// Splits `group` by ratios: valid and test take their rounded share, train the rest.
void assign_group(std::vector<Photo>& group, const SplitRatios& r, double sum,
                  std::mt19937_64& rng) {
  shuffle(group, rng);
  auto n = static_cast<double>(group.size());
  auto n_valid = static_cast<std::size_t>(std::lround(n * r.valid / sum));
  auto n_test =
      std::min(group.size() - n_valid, static_cast<std::size_t>(std::lround(n * r.test / sum)));
  for (std::size_t i = 0; i < group.size(); ++i)
    group[i].split = i < n_valid ? Split::Valid : i < n_valid + n_test ? Split::Test : Split::Train;
}

}  // namespace

SplitCounts count_splits(Project& project) {
  SplitCounts c;
  Statement s(project.db(), "SELECT split, count(*) FROM photos GROUP BY split");
  while (s.step()) {
    int n = static_cast<int>(s.int64(1));
    switch (static_cast<Split>(s.int64(0))) {
      case Split::Train:
        c.train = n;
        break;
      case Split::Valid:
        c.valid = n;
        break;
      case Split::Test:
        c.test = n;
        break;
      case Split::None:
        c.none = n;
        break;
    }
  }
  return c;
}

SplitCounts assign_splits(Project& project, const SplitRatios& r, std::uint64_t seed,
                          bool only_unassigned) {
  if (r.train < 0 || r.valid < 0 || r.test < 0 || !std::isfinite(r.train + r.valid + r.test))
    throw InvalidInput("split ratios must be finite and not negative");
  double sum = r.train + r.valid + r.test;
  if (sum <= 0) throw InvalidInput("split ratios add up to zero");
  auto annotated = annotated_photos(project);
  std::vector<Photo> positives, negatives, unlabeled;
  for (Photo& p : project.photos()) {
    if (only_unassigned && p.split != Split::None) continue;
    if (annotated.count(p.id))
      positives.push_back(std::move(p));
    else if (p.confirmed_negative || p.status >= PhotoStatus::Done)
      negatives.push_back(std::move(p));
    else
      unlabeled.push_back(std::move(p));
  }
  std::mt19937_64 rng(seed);
  assign_group(positives, r, sum, rng);
  assign_group(negatives, r, sum, rng);
  for (Photo& p : unlabeled) p.split = Split::None;
  project.batch([&] {
    for (auto* group : {&positives, &negatives, &unlabeled})
      for (const Photo& p : *group) project.update_photo(p);
  });
  return count_splits(project);
}

int ensure_valid_split(Project& project, double fraction, std::uint64_t seed) {
  if (!(fraction > 0 && fraction < 1)) throw InvalidInput("valid fraction must be in (0, 1)");
  SplitCounts c = count_splits(project);
  if (c.valid > 0 || c.train == 0) return 0;
  auto annotated = annotated_photos(project);
  std::vector<Photo> positives, negatives;
  for (Photo& p : project.photos())
    if (p.split == Split::Train)
      (annotated.count(p.id) ? positives : negatives).push_back(std::move(p));
  std::mt19937_64 rng(seed);
  int moved = 0;
  project.batch([&] {
    for (auto* group : {&positives, &negatives}) {
      shuffle(*group, rng);
      auto n = static_cast<std::size_t>(std::lround(static_cast<double>(group->size()) * fraction));
      if (group == &positives && n == 0 && c.train >= 2 && !group->empty()) n = 1;
      for (std::size_t i = 0; i < n && i < group->size(); ++i) {
        (*group)[i].split = Split::Valid;
        project.update_photo((*group)[i]);
        ++moved;
      }
    }
  });
  return moved;
}

}  // namespace sam3::project
