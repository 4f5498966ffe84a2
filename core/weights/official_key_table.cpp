// The sam3.pt -> our-key table. sam3.pt holds the official *video* model's state dict
// (`build_sam3_video_model`, sam3-spec.md §C.1): the image detector under `detector.` with our
// keys unchanged, plus parts the image model never uses.
#include <algorithm>

#include "core/weights/key_mapping.h"

namespace sam3::weights {
namespace {

constexpr const char* kDetectorPrefix = "detector.";

// Known-unused parts of the video checkpoint, matched after the prefix is stripped (the tracker
// is matched before stripping).
constexpr const char* kIgnoredTopPrefixes[] = {"tracker."};
constexpr const char* kIgnoredPrefixes[] = {"backbone.vision_backbone.sam2_convs."};
constexpr const char* kRecomputedSuffixes[] = {".freqs_cis"};  // complex RoPE tables

bool starts_with(const std::string& s, const char* p) {
  return s.rfind(p, 0) == 0;
}
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

MappingPlan plan_official_mapping(const std::vector<KeyShape>& source) {
  const bool prefixed = std::any_of(source.begin(), source.end(), [](const KeyShape& k) {
    return starts_with(k.key, kDetectorPrefix);
  });
  MappingPlan plan;
  for (const auto& ks : source) {
    if (std::any_of(std::begin(kIgnoredTopPrefixes), std::end(kIgnoredTopPrefixes),
                    [&](const char* p) { return starts_with(ks.key, p); })) {
      plan.ignored.push_back(ks.key);
      continue;
    }
    if (prefixed && !starts_with(ks.key, kDetectorPrefix)) {
      plan.unmapped.push_back(ks.key);
      continue;
    }
    const std::string key =
        prefixed ? ks.key.substr(std::char_traits<char>::length(kDetectorPrefix)) : ks.key;
    const bool unused = std::any_of(std::begin(kIgnoredPrefixes), std::end(kIgnoredPrefixes),
                                    [&](const char* p) { return starts_with(key, p); }) ||
                        std::any_of(std::begin(kRecomputedSuffixes), std::end(kRecomputedSuffixes),
                                    [&](const char* s) { return ends_with(key, s); });
    if (unused) {
      plan.ignored.push_back(ks.key);
      continue;
    }
    plan.tensors.push_back({key, {ks.key}, MapOp::Copy, ks.shape});
  }
  std::sort(plan.tensors.begin(), plan.tensors.end(),
            [](const auto& a, const auto& b) { return a.target < b.target; });
  return plan;
}

}  // namespace sam3::weights
