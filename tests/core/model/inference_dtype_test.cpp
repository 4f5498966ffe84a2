// bf16 weights for CUDA inference (core/model/inference_dtype.h): exactly the tensors autocast
// casts to bf16 become bf16 with the same rounding; fp32 islands, norms, embeddings and positional
// tables stay fp32.
#include <gtest/gtest.h>

#include <map>

#include "core/model/inference_dtype.h"
#include "core/model/sam3_image.h"

namespace sam3::model {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(InferenceDtype, Fp32IslandsAreTheDecoderFfn) {
  EXPECT_TRUE(is_fp32_island_parameter("transformer.decoder.layers.0.linear1.weight"));
  EXPECT_TRUE(is_fp32_island_parameter("transformer.decoder.layers.5.linear2.bias"));
  EXPECT_TRUE(is_fp32_island_parameter("detector.transformer.decoder.layers.12.linear1.weight"));
  EXPECT_FALSE(is_fp32_island_parameter("transformer.encoder.layers.0.linear1.weight"));
  EXPECT_FALSE(is_fp32_island_parameter("transformer.decoder.layers.0.self_attn.in_proj_weight"));
  EXPECT_FALSE(is_fp32_island_parameter("geometry_encoder.encode.0.linear1.weight"));
}

TEST(InferenceDtype, CastsMatmulWeightsOnlyWithAutocastRounding) {
  torch::manual_seed(3);
  Sam3Image net(model_config_by_name("sam3-tiny"));
  std::map<std::string, torch::Tensor> before;
  std::map<std::string, bool> trainable;
  std::int64_t total = 0;
  for (const auto& p : net->named_parameters()) {
    before[p.key()] = p.value().detach().clone();
    trainable[p.key()] = p.value().requires_grad();
    total += p.value().numel();
  }
  const std::int64_t converted = cast_matmul_weights_to_bf16(*net);
  // The matmul weights are most of the model once the token table (49408 rows, large in the tiny
  // model) is left aside.
  std::int64_t token_table = 0;
  for (const auto& [k, t] : before)
    if (contains(k, "token_embedding")) token_table += t.numel();
  EXPECT_GT(converted, (total - token_table) / 2);
  EXPECT_LT(converted, total);

  std::int64_t bf16 = 0;
  for (const auto& p : net->named_parameters()) {
    const std::string& k = p.key();
    const torch::Tensor& t = p.value();
    if (t.scalar_type() == torch::kBFloat16) {
      bf16 += t.numel();
      // The same rounding autocast applies to an fp32 weight.
      EXPECT_TRUE(torch::equal(t, before[k].to(torch::kBFloat16))) << k;
      EXPECT_EQ(t.requires_grad(), trainable[k]) << k;
    } else {
      EXPECT_EQ(t.scalar_type(), torch::kFloat32) << k;
      EXPECT_TRUE(torch::equal(t, before[k])) << k;
    }
    if (is_fp32_island_parameter(k) || contains(k, "norm") || contains(k, "pos_embed") ||
        contains(k, "positional_embedding") || contains(k, "text_projection") ||
        contains(k, "token_embedding") || contains(k, "query_embed")) {
      EXPECT_EQ(t.scalar_type(), torch::kFloat32) << k;
    }
    if (contains(k, "attn.qkv.") || contains(k, "mlp.fc1.") || contains(k, "in_proj_weight") ||
        contains(k, "patch_embed.proj.") || contains(k, "out_proj.weight")) {
      EXPECT_EQ(t.scalar_type(), torch::kBFloat16) << k;
    }
  }
  EXPECT_EQ(bf16, converted);
  // The decoder FFN island exists in this model and was kept.
  EXPECT_EQ(before.count("transformer.decoder.layers.0.linear1.weight"), 1u);
}

}  // namespace
}  // namespace sam3::model
