// The HF and sam3.pt rename tables, checked mechanically against the probed key lists of the
// official and HF models (../shared/reference/sam3-keys, sam3-spec.md §0 [PROBE]).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/weights/key_mapping.h"
#include "core/weights/safetensors.h"
#include "tests/support/test_paths.h"

namespace sam3::weights {
namespace {

const std::filesystem::path kKeys =
    std::filesystem::path(::sam3::test::shared_dir()) / "reference/sam3-keys";

struct TsvEntry {
  Shape shape;
  std::string dtype;
  bool buffer = false;
};

// "key<TAB>(1, 577, 1024)<TAB>float32<TAB>P"
std::map<std::string, TsvEntry> read_tsv(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::map<std::string, TsvEntry> out;
  std::string line;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string key, shape, dtype, kind;
    std::getline(row, key, '\t');
    std::getline(row, shape, '\t');
    std::getline(row, dtype, '\t');
    std::getline(row, kind, '\t');
    TsvEntry e;
    e.dtype = dtype;
    e.buffer = kind == "B";
    std::string digits;
    for (char c : shape + ",") {
      if (c >= '0' && c <= '9') {
        digits += c;
      } else if (c == ',' && !digits.empty()) {
        e.shape.push_back(std::stoll(digits));
        digits.clear();
      }
    }
    out[key] = e;
  }
  return out;
}

std::vector<KeyShape> as_key_shapes(const std::map<std::string, TsvEntry>& tsv) {
  std::vector<KeyShape> out;
  for (const auto& [k, e] : tsv) out.push_back({k, e.shape});
  return out;
}

// Our keys = the official image model's, less the recomputed complex RoPE tables.
std::map<std::string, Shape> our_keys() {
  std::map<std::string, Shape> out;
  for (const auto& [k, e] : read_tsv(kKeys / "official_image.keys.tsv"))
    if (e.dtype != "complex64") out[k] = e.shape;
  return out;
}

std::map<std::string, Shape> planned(const MappingPlan& plan) {
  std::map<std::string, Shape> out;
  for (const auto& t : plan.tensors) EXPECT_TRUE(out.emplace(t.target, t.shape).second) << t.target;
  return out;
}

#define SKIP_WITHOUT_SHARED()                                      \
  if (!std::filesystem::exists(kKeys / "official_image.keys.tsv")) \
  GTEST_SKIP() << "../shared/reference/sam3-keys is absent; key lists unavailable"

TEST(HfKeyMapping, MapsEveryHfImageKeyOntoTheOfficialParameterSet) {
  SKIP_WITHOUT_SHARED();
  const auto hf = read_tsv(kKeys / "hf_sam3model.keys.tsv");
  ASSERT_EQ(hf.size(), 1468u);
  const MappingPlan plan = plan_hf_mapping(as_key_shapes(hf));
  EXPECT_TRUE(plan.unmapped.empty()) << plan.unmapped.front();
  EXPECT_TRUE(plan.ignored.empty());
  auto expected = our_keys();
  ASSERT_EQ(expected.size(), 1102u);
  // What HF does not carry: the six point-prompt projections of the geometry encoder.
  ASSERT_EQ(plan.not_in_source.size(), 6u);
  for (const auto& k : plan.not_in_source) EXPECT_EQ(expected.erase(k), 1u) << k;
  EXPECT_EQ(planned(plan), expected);  // same keys, identical shapes (pos_embed back to 577 rows)
  const auto got = planned(plan);
  EXPECT_EQ(got.at("backbone.vision_backbone.trunk.pos_embed"), (Shape{1, 577, 1024}));
  EXPECT_EQ(got.at("backbone.language_backbone.encoder.text_projection"), (Shape{1024, 512}));
  // 32 ViT qkv + 24 text + 3x2 geometry + 6x2 encoder + 6x3 decoder + 1 mask = 93 fused pairs
  const auto fused = std::count_if(plan.tensors.begin(), plan.tensors.end(),
                                   [](const auto& t) { return t.op == MapOp::FuseQkv; });
  EXPECT_EQ(fused, 2 * (32 + 24 + 6 + 12 + 18 + 1));
}

TEST(HfKeyMapping, VideoLayoutFileGivesTheSameSetAndIgnoresTheTracker) {
  SKIP_WITHOUT_SHARED();
  const auto hf_video = read_tsv(kKeys / "hf_sam3videomodel.keys.tsv");
  const MappingPlan video = plan_hf_mapping(as_key_shapes(hf_video));
  const MappingPlan image =
      plan_hf_mapping(as_key_shapes(read_tsv(kKeys / "hf_sam3model.keys.tsv")));
  EXPECT_TRUE(video.unmapped.empty());
  EXPECT_EQ(planned(video), planned(image));
  EXPECT_EQ(video.ignored.size(), 307u + 22u);  // tracker_model.*, tracker_neck.*
  for (const auto& k : video.ignored)
    EXPECT_TRUE(k.rfind("tracker_model.", 0) == 0 || k.rfind("tracker_neck.", 0) == 0) << k;
}

TEST(OfficialKeyMapping, Sam3PtLayoutGivesExactlyTheImageModelKeys) {
  SKIP_WITHOUT_SHARED();
  const auto video = read_tsv(kKeys / "official_video.keys.tsv");
  ASSERT_EQ(video.size(), 1465u);
  const MappingPlan plan = plan_official_mapping(as_key_shapes(video));
  EXPECT_TRUE(plan.unmapped.empty());
  EXPECT_TRUE(plan.not_in_source.empty());
  EXPECT_EQ(planned(plan), our_keys());
  std::size_t tracker = 0, sam2 = 0, rope = 0;
  for (const auto& k : plan.ignored) {
    tracker += k.rfind("tracker.", 0) == 0;
    sam2 += k.find(".sam2_convs.") != std::string::npos;
    rope += k.find(".freqs_cis") != std::string::npos;
  }
  EXPECT_EQ(tracker, 309u);
  EXPECT_EQ(sam2, 22u);
  EXPECT_EQ(rope, 32u);
  EXPECT_EQ(plan.ignored.size(), tracker + sam2 + rope);
}

TEST(OfficialKeyMapping, BareImageStateDictMapsToItself) {
  const MappingPlan plan =
      plan_official_mapping({{"backbone.vision_backbone.trunk.pos_embed", {1, 5, 2}},
                             {"backbone.vision_backbone.trunk.blocks.0.attn.freqs_cis", {4, 2}}});
  ASSERT_EQ(plan.tensors.size(), 1u);
  EXPECT_EQ(plan.tensors[0].target, "backbone.vision_backbone.trunk.pos_embed");
  EXPECT_EQ(plan.ignored,
            std::vector<std::string>{"backbone.vision_backbone.trunk.blocks.0.attn.freqs_cis"});
}

TEST(OfficialKeyMapping, ForeignTopLevelKeysAreUnmappedNotDropped) {
  const MappingPlan plan =
      plan_official_mapping({{"detector.a.weight", {2}}, {"optimizer.x", {1}}});
  EXPECT_EQ(plan.unmapped, std::vector<std::string>{"optimizer.x"});
}

TEST(HfKeyMapping, IncompleteQkvIsReportedNotFused) {
  const MappingPlan plan =
      plan_hf_mapping({{"detr_encoder.layers.0.self_attn.q_proj.weight", {4, 4}},
                       {"detr_encoder.layers.0.self_attn.k_proj.weight", {4, 4}},
                       {"detr_encoder.layers.0.self_attn.v_proj.weight", {5, 4}},
                       {"detr_encoder.layers.0.self_attn.q_proj.bias", {4}},
                       {"something.unknown", {1}}});
  EXPECT_TRUE(plan.tensors.empty());
  EXPECT_EQ(plan.unmapped.size(), 5u);
  ASSERT_EQ(plan.notes.size(), 2u);
  EXPECT_NE(plan.notes[0].find("in_proj_bias': k missing, v missing"), std::string::npos)
      << plan.notes[0];
  EXPECT_NE(plan.notes[1].find("shapes differ"), std::string::npos) << plan.notes[1];
}

// The HF fixture was converted from tiny_hf.official.safetensors by an independent Python
// re-implementation of convert_sam3_to_hf.py (tests/reference/make_weights_fixtures.py).
TEST(HfKeyMapping, InvertsTheHfConversionOnRealTensors) {
  const std::filesystem::path dir =
      std::filesystem::path(::sam3::test::source_dir()) / "tests/data/weights";
  const SafetensorsFile hf = read_safetensors(dir / "tiny_hf.safetensors");
  const SafetensorsFile official = read_safetensors(dir / "tiny_hf.official.safetensors");
  const MappingPlan plan = plan_hf_mapping(key_shapes(hf.tensors));
  EXPECT_TRUE(plan.unmapped.empty());
  EXPECT_EQ(plan.ignored.size(), 2u);
  const NamedTensors mapped = apply_mapping(plan, hf.tensors);
  ASSERT_EQ(mapped.size(), official.tensors.size());
  for (const auto& [key, want] : official.tensors) {
    ASSERT_TRUE(mapped.count(key)) << key;
    const torch::Tensor& got = mapped.at(key);
    ASSERT_EQ(got.sizes(), want.sizes()) << key;
    if (key == "backbone.vision_backbone.trunk.pos_embed") {  // cls row comes back as zeros
      EXPECT_TRUE(torch::equal(got.slice(1, 1), want.slice(1, 1))) << key;
      EXPECT_EQ(got.select(1, 0).abs().sum().item<float>(), 0.0f);
    } else {
      EXPECT_TRUE(torch::equal(got, want)) << key;
    }
  }
}

}  // namespace
}  // namespace sam3::weights
