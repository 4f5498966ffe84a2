// Key tables of the interactive model (core/weights/interactive_mapping.h) against the probed key
// lists of the official sam3.pt and HF Sam3VideoModel layouts, and strict loading of sam3-tiny
// weights from our, the official and the HF layout (HF names written by an independent converter
// in this file, from transformers' SAM2-style module names).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <regex>
#include <set>

#include "core/model/model_config.h"
#include "core/model/sam1_task_predictor.h"
#include "core/weights/interactive_mapping.h"
#include "core/weights/safetensors.h"
#include "core/weights/state_loader.h"
#include "tests/core/interactive/test_support.h"

namespace sam3::weights {
namespace {

using sam3::testing::read_keys;
using sam3::testing::shape_of;

#define REQUIRE_KEYS(var, file)                            \
  const auto var = read_keys(file);                        \
  if (!var)                                                \
  GTEST_SKIP() << "../shared/reference/sam3-keys/" << file \
               << " is absent (the shared folder is not here)"

// Our keys and shapes of the full-size tracker heads and SAM2 neck (the trunk keys are the image
// model's, checked by tests/core/model).
std::map<std::string, Shape> our_sam3_heads() {
  const auto c = model::model_config_by_name("sam3");
  model::Sam3TrackerBase tracker(c);
  std::map<std::string, Shape> out;
  for (const auto& p : tracker->named_parameters()) out["tracker." + p.key()] = shape_of(p.value());
  for (const auto& b : tracker->named_buffers()) out["tracker." + b.key()] = shape_of(b.value());
  torch::nn::ModuleList sam2;
  for (double s : c.neck.scale_factors)
    sam2->push_back(model::FpnLevel(c.vision.embed_dim, 256, s));
  for (const auto& p : sam2->named_parameters())
    out["backbone.vision_backbone.sam2_convs." + p.key()] = shape_of(p.value());
  return out;
}

std::vector<KeyShape> as_list(const std::map<std::string, Shape>& m) {
  std::vector<KeyShape> out;
  for (const auto& [k, s] : m) out.push_back({k, s});
  return out;
}

std::map<std::string, Shape> targets(const MappingPlan& plan) {
  std::map<std::string, Shape> out;
  for (const auto& t : plan.tensors) out[t.target] = t.shape;
  return out;
}

TEST(InteractiveKeys, OfficialVideoLayoutMapsOntoOurModule) {
  REQUIRE_KEYS(keys, "official_video.keys.tsv");
  const auto plan = plan_official_interactive_mapping(as_list(*keys));
  EXPECT_TRUE(plan.unmapped.empty()) << plan.unmapped.front();
  const auto mapped = targets(plan);
  for (const auto& [key, shape] : our_sam3_heads()) {
    ASSERT_TRUE(mapped.count(key)) << key << " is not in sam3.pt";
    EXPECT_EQ(mapped.at(key), shape) << key;
  }
  std::size_t trunk = 0, heads = 0;
  for (const auto& [key, shape] : mapped) {
    EXPECT_TRUE(is_interactive_key(key)) << key;
    trunk += key.rfind("backbone.vision_backbone.trunk.", 0) == 0;
    heads += key.rfind("backbone.vision_backbone.trunk.", 0) != 0;
  }
  EXPECT_EQ(heads, our_sam3_heads().size());  // nothing else
  EXPECT_EQ(trunk, 1 + 1 + 2 + 32 * 12u);     // patch, pos, ln_pre, 12 tensors per block
  // Everything else (text tower, detector heads and neck, video memory, freqs_cis) is ignored.
  EXPECT_EQ(plan.ignored.size() + plan.tensors.size(), keys->size());
}

TEST(InteractiveKeys, HfVideoLayoutMapsOntoTheSameKeysAndShapes) {
  REQUIRE_KEYS(official, "official_video.keys.tsv");
  REQUIRE_KEYS(hf, "hf_sam3videomodel.keys.tsv");
  const auto want = targets(plan_official_interactive_mapping(as_list(*official)));
  const auto plan = plan_hf_interactive_mapping(as_list(*hf));
  EXPECT_TRUE(plan.unmapped.empty()) << plan.unmapped.front();
  const auto got = targets(plan);
  EXPECT_EQ(got.size(), want.size());
  for (const auto& [key, shape] : want) {
    ASSERT_TRUE(got.count(key)) << key << " has no HF source";
    EXPECT_EQ(got.at(key), shape) << key;
  }
  for (const auto& [key, shape] : got) EXPECT_TRUE(want.count(key)) << key << " is extra";
}

TEST(InteractiveKeys, UnknownKeysAreReportedNotIgnored) {
  const auto plan = plan_official_interactive_mapping(
      {{"detector.backbone.vision_backbone.trunk.ln_pre.weight", {4}},
       {"tracker.maskmem_tpos_enc", {7, 1, 1, 64}},
       {"detector.transformer.decoder.norm.weight", {4}},
       {"something.else", {1}}});
  EXPECT_EQ(plan.tensors.size(), 1u);
  EXPECT_EQ(plan.ignored.size(), 2u);
  ASSERT_EQ(plan.unmapped.size(), 1u);
  EXPECT_EQ(plan.unmapped[0], "something.else");
  const auto hf =
      plan_hf_interactive_mapping({{"tracker_model.mask_decoder.unheard_of.weight", {1}},
                                   {"tracker_model.memory_encoder.x", {1}}});
  EXPECT_EQ(hf.unmapped, std::vector<std::string>{"tracker_model.mask_decoder.unheard_of.weight"});
}

// ---- loading sam3-tiny from the three layouts ------------------------------------------------

class TinyWeights : public ::testing::Test {
 protected:
  void SetUp() override {
    config = model::model_config_by_name("sam3-tiny");
    source = model::Sam3InteractiveImagePredictor(config);
    model::init_interactive_random_weights(*source, 11);
    state = module_state(*source);
  }
  // A fresh model loaded from `file`, compared with `source` tensor by tensor.
  void expect_loads_identically(const std::filesystem::path& file) {
    model::Sam3InteractiveImagePredictor fresh(config);
    const auto report = load_interactive_weights(*fresh, file);
    EXPECT_EQ(report.loaded, state.size());
    for (const auto& [k, v] : module_state(*fresh)) EXPECT_TRUE(torch::equal(v, state.at(k))) << k;
  }
  model::ModelConfig config;
  model::Sam3InteractiveImagePredictor source{nullptr};
  NamedTensors state;
  sam3::testing::TempDir dir{"weights"};
};

TEST_F(TinyWeights, OursLoadsStrictly) {
  write_safetensors(dir.path() / "ours.safetensors", state, {{"format", "sam3studio"}});
  expect_loads_identically(dir.path() / "ours.safetensors");
}

TEST_F(TinyWeights, OfficialLayoutLoadsAndIgnoresTheRest) {
  NamedTensors official;
  for (const auto& [k, v] : state) official[k.rfind("tracker.", 0) == 0 ? k : "detector." + k] = v;
  official["detector.transformer.decoder.norm.weight"] = torch::ones({32});
  official["detector.backbone.vision_backbone.convs.0.conv_1x1.weight"] =
      torch::ones({32, 8, 1, 1});
  official["tracker.maskmem_tpos_enc"] = torch::zeros({7, 1, 1, 64});
  write_safetensors(dir.path() / "official.safetensors", official);
  expect_loads_identically(dir.path() / "official.safetensors");
}

TEST_F(TinyWeights, MissingAndMisshapedKeysAreAllReported) {
  NamedTensors broken = state;
  broken.erase("tracker.no_mem_embed");
  broken["tracker.sam_mask_decoder.iou_token.weight"] = torch::zeros({2, 32});
  broken["tracker.sam_mask_decoder.bogus"] = torch::zeros({1});
  write_safetensors(dir.path() / "broken.safetensors", broken);
  model::Sam3InteractiveImagePredictor fresh(config);
  try {
    load_interactive_weights(*fresh, dir.path() / "broken.safetensors");
    FAIL() << "expected StateDictError";
  } catch (const StateDictError& e) {
    ASSERT_EQ(e.missing().size(), 1u);
    EXPECT_EQ(e.missing()[0].key, "tracker.no_mem_embed");
    ASSERT_EQ(e.mismatched().size(), 1u);
    EXPECT_EQ(e.mismatched()[0].key, "tracker.sam_mask_decoder.iou_token.weight");
    ASSERT_EQ(e.unexpected().size(), 1u);
    EXPECT_EQ(e.unexpected()[0].key, "tracker.sam_mask_decoder.bogus");
  }
}

// Independent converter: our keys -> HF Sam3VideoModel names (transformers' Sam3 ViT/neck and
// SAM2-style tracker modules), splitting fused q/k/v, dropping the pos-embed cls row and stacking
// the point embeddings.
NamedTensors to_hf(const NamedTensors& ours) {
  NamedTensors hf;
  const std::vector<std::pair<std::regex, std::string>> renames = {
      {std::regex(R"(backbone\.vision_backbone\.trunk\.patch_embed\.proj\.(.*))"),
       "detector_model.vision_encoder.backbone.embeddings.patch_embeddings.projection.$1"},
      {std::regex(R"(backbone\.vision_backbone\.trunk\.ln_pre\.(.*))"),
       "detector_model.vision_encoder.backbone.layer_norm.$1"},
      {std::regex(R"(backbone\.vision_backbone\.trunk\.blocks\.(\d+)\.norm(\d)\.(.*))"),
       "detector_model.vision_encoder.backbone.layers.$1.layer_norm$2.$3"},
      {std::regex(R"(backbone\.vision_backbone\.trunk\.blocks\.(\d+)\.attn\.proj\.(.*))"),
       "detector_model.vision_encoder.backbone.layers.$1.attention.o_proj.$2"},
      {std::regex(R"(backbone\.vision_backbone\.trunk\.blocks\.(\d+)\.mlp\.(.*))"),
       "detector_model.vision_encoder.backbone.layers.$1.mlp.$2"},
      {std::regex(R"(backbone\.vision_backbone\.sam2_convs\.(\d+)\.dconv_2x2(_0)?\.(.*))"),
       "tracker_neck.fpn_layers.$1.scale_layers.0.$3"},
      {std::regex(R"(backbone\.vision_backbone\.sam2_convs\.(\d+)\.dconv_2x2_1\.(.*))"),
       "tracker_neck.fpn_layers.$1.scale_layers.2.$2"},
      {std::regex(R"(backbone\.vision_backbone\.sam2_convs\.(\d+)\.conv_1x1\.(.*))"),
       "tracker_neck.fpn_layers.$1.proj1.$2"},
      {std::regex(R"(backbone\.vision_backbone\.sam2_convs\.(\d+)\.conv_3x3\.(.*))"),
       "tracker_neck.fpn_layers.$1.proj2.$2"},
      {std::regex(R"(tracker\.sam_prompt_encoder\.pe_layer\.positional_encoding_gaussian_matrix)"),
       "tracker_model.prompt_encoder.shared_embedding.positional_embedding"},
      {std::regex(R"(tracker\.sam_prompt_encoder\.mask_downscaling\.0\.(.*))"),
       "tracker_model.prompt_encoder.mask_embed.conv1.$1"},
      {std::regex(R"(tracker\.sam_prompt_encoder\.mask_downscaling\.1\.(.*))"),
       "tracker_model.prompt_encoder.mask_embed.layer_norm1.$1"},
      {std::regex(R"(tracker\.sam_prompt_encoder\.mask_downscaling\.3\.(.*))"),
       "tracker_model.prompt_encoder.mask_embed.conv2.$1"},
      {std::regex(R"(tracker\.sam_prompt_encoder\.mask_downscaling\.4\.(.*))"),
       "tracker_model.prompt_encoder.mask_embed.layer_norm2.$1"},
      {std::regex(R"(tracker\.sam_prompt_encoder\.mask_downscaling\.6\.(.*))"),
       "tracker_model.prompt_encoder.mask_embed.conv3.$1"},
      {std::regex(R"(tracker\.sam_prompt_encoder\.(no_mask_embed|not_a_point_embed)\.(.*))"),
       "tracker_model.prompt_encoder.$1.$2"},
      {std::regex(R"(tracker\.sam_mask_decoder\.transformer\.(.*)\.out_proj\.(.*))"),
       "tracker_model.mask_decoder.transformer.$1.o_proj.$2"},
      {std::regex(R"(tracker\.sam_mask_decoder\.transformer\.layers\.(\d+)\.norm(\d)\.(.*))"),
       "tracker_model.mask_decoder.transformer.layers.$1.layer_norm$2.$3"},
      {std::regex(R"(tracker\.sam_mask_decoder\.transformer\.layers\.(\d+)\.mlp\.lin1\.(.*))"),
       "tracker_model.mask_decoder.transformer.layers.$1.mlp.proj_in.$2"},
      {std::regex(R"(tracker\.sam_mask_decoder\.transformer\.layers\.(\d+)\.mlp\.lin2\.(.*))"),
       "tracker_model.mask_decoder.transformer.layers.$1.mlp.proj_out.$2"},
      {std::regex(R"(tracker\.sam_mask_decoder\.transformer\.norm_final_attn\.(.*))"),
       "tracker_model.mask_decoder.transformer.layer_norm_final_attn.$1"},
      {std::regex(R"(tracker\.sam_mask_decoder\.transformer\.(.*))"),
       "tracker_model.mask_decoder.transformer.$1"},
      {std::regex(R"(tracker\.sam_mask_decoder\.output_upscaling\.0\.(.*))"),
       "tracker_model.mask_decoder.upscale_conv1.$1"},
      {std::regex(R"(tracker\.sam_mask_decoder\.output_upscaling\.1\.(.*))"),
       "tracker_model.mask_decoder.upscale_layer_norm.$1"},
      {std::regex(R"(tracker\.sam_mask_decoder\.output_upscaling\.3\.(.*))"),
       "tracker_model.mask_decoder.upscale_conv2.$1"},
      {std::regex(R"(tracker\.sam_mask_decoder\.(.*)\.layers\.0\.(.*))"),
       "tracker_model.mask_decoder.$1.proj_in.$2"},
      {std::regex(R"(tracker\.sam_mask_decoder\.(.*)\.layers\.1\.(.*))"),
       "tracker_model.mask_decoder.$1.layers.0.$2"},
      {std::regex(R"(tracker\.sam_mask_decoder\.(.*)\.layers\.2\.(.*))"),
       "tracker_model.mask_decoder.$1.proj_out.$2"},
      {std::regex(R"(tracker\.sam_mask_decoder\.(.*))"), "tracker_model.mask_decoder.$1"},
      {std::regex(R"(tracker\.no_mem_embed)"), "tracker_model.no_memory_embedding"},
  };
  std::vector<torch::Tensor> points(4);
  for (const auto& [k, v] : ours) {
    std::smatch m;
    static const std::regex qkv(
        R"(backbone\.vision_backbone\.trunk\.blocks\.(\d+)\.attn\.qkv\.(.*))");
    static const std::regex point(R"(tracker\.sam_prompt_encoder\.point_embeddings\.(\d)\.weight)");
    if (std::regex_match(k, m, qkv)) {
      const auto parts = v.chunk(3, 0);
      const std::string base =
          "detector_model.vision_encoder.backbone.layers." + m[1].str() + ".attention.";
      hf[base + "q_proj." + m[2].str()] = parts[0];
      hf[base + "k_proj." + m[2].str()] = parts[1];
      hf[base + "v_proj." + m[2].str()] = parts[2];
    } else if (std::regex_match(k, m, point)) {
      points[std::stoi(m[1])] = v;
    } else if (k == "backbone.vision_backbone.trunk.pos_embed") {
      hf["detector_model.vision_encoder.backbone.embeddings.position_embeddings"] =
          v.narrow(1, 1, v.size(1) - 1);
    } else {
      bool done = false;
      for (const auto& [re, to] : renames) {
        if (!std::regex_match(k, re)) continue;
        hf[std::regex_replace(k, re, to)] = v;
        done = true;
        break;
      }
      EXPECT_TRUE(done) << "test converter has no rule for " << k;
    }
  }
  hf["tracker_model.prompt_encoder.point_embed.weight"] = torch::cat(points, 0);
  hf["tracker_model.shared_image_embedding.positional_embedding"] =
      hf["tracker_model.prompt_encoder.shared_embedding.positional_embedding"];
  hf["detector_model.detr_decoder.output_layer_norm.weight"] = torch::ones({32});  // ignored
  hf["tracker_model.memory_encoder.projection.weight"] = torch::ones({4});         // ignored
  return hf;
}

TEST_F(TinyWeights, HfLayoutLoadsStrictly) {
  {  // HF has no cls row in pos_embed; the loader inserts zeros there (never read by the forward)
    torch::NoGradGuard g;
    source->vision_backbone->trunk->named_parameters()["pos_embed"].narrow(1, 0, 1).zero_();
  }
  state = module_state(*source);
  write_safetensors(dir.path() / "hf.safetensors", to_hf(state));
  EXPECT_EQ(detect_format(dir.path() / "hf.safetensors"), WeightsFormat::HfSafetensors);
  expect_loads_identically(dir.path() / "hf.safetensors");
}

}  // namespace
}  // namespace sam3::weights
