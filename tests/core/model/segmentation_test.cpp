// UniversalSegmentationHead (core/model/maskformer_segmentation.h).
#include <gtest/gtest.h>

#include "core/model/maskformer_segmentation.h"
#include "core/model/model_config.h"
#include "official_keys.h"

namespace sam3::model {
namespace {

class SegmentationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(4);
    cfg = model_config_by_name("sam3-tiny");
    d = cfg.d_model();
    head = UniversalSegmentationHead(cfg.segmentation, d, cfg.encoder.num_heads);
    head->eval();
    fpn = {torch::randn({1, d, 32, 32}), torch::randn({1, d, 16, 16}), torch::randn({1, d, 8, 8})};
    queries = torch::randn({2, 5, d});
    memory = torch::randn({64, 2, d});
    prompt = torch::randn({33, 2, d});
    mask = torch::zeros({2, 33}, torch::kBool);
  }
  ModelConfig cfg;
  int64_t d = 0;
  UniversalSegmentationHead head{nullptr};
  std::vector<torch::Tensor> fpn;
  torch::Tensor queries, memory, prompt, mask;
};

TEST_F(SegmentationTest, ShapesWithOneImageBroadcastToTwoPrompts) {
  Taps taps;
  const SegmentationOutput o = head->forward(fpn, queries, memory, prompt, mask, &taps);
  EXPECT_EQ(o.pred_masks.sizes(), torch::IntArrayRef({2, 5, 32, 32}));
  EXPECT_EQ(o.semantic_seg.sizes(), torch::IntArrayRef({2, 1, 32, 32}));
  ASSERT_EQ(taps.count("seg.pixel_embed"), 1u);
  EXPECT_EQ(taps.at("seg.pixel_embed").sizes(), torch::IntArrayRef({2, d, 32, 32}));
}

TEST_F(SegmentationTest, WiringEqualsAFunctionalRecomputation) {
  Taps taps;
  const SegmentationOutput o = head->forward(fpn, queries, memory, prompt, mask, &taps);
  // memory' = memory + MHA(LN(memory), prompt); start at the coarsest level, add nearest-upsampled
  // into 16x16 (conv/norm 0), then into 32x32 (conv/norm 1).
  const torch::Tensor enc =
      memory + head->cross_attend_prompt->forward(head->cross_attn_norm->forward(memory), prompt,
                                                  prompt, mask);
  torch::Tensor prev = enc.permute({1, 2, 0}).reshape({2, d, 8, 8});
  auto& pd = head->pixel_decoder;
  for (int s = 0; s < 2; ++s) {
    const torch::Tensor cur = fpn[1 - s].expand({2, -1, -1, -1});
    const std::vector<int64_t> size{cur.size(2), cur.size(3)};
    prev = cur + torch::upsample_nearest2d(prev, at::IntArrayRef(size));
    prev = pd->conv_layers[s]->as<torch::nn::Conv2dImpl>()->forward(prev);
    prev = torch::relu(pd->norms[s]->as<torch::nn::GroupNormImpl>()->forward(prev));
  }
  EXPECT_TRUE(torch::allclose(taps.at("seg.pixel_embed"), prev, 1e-5, 1e-5));
  const torch::Tensor inst = head->instance_seg_head->forward(prev);
  const torch::Tensor emb = head->mask_predictor->mask_embed->forward(queries);
  EXPECT_TRUE(
      torch::allclose(o.pred_masks, torch::einsum("bqc,bchw->bqhw", {emb, inst}), 1e-4, 1e-5));
}

TEST_F(SegmentationTest, ThirdPixelDecoderStageIsRegisteredButUnused) {
  head->train();
  const SegmentationOutput o = head->forward(fpn, queries, memory, prompt, mask);
  (o.pred_masks.sum() + o.semantic_seg.sum()).backward();
  auto& pd = head->pixel_decoder;
  EXPECT_TRUE(pd->conv_layers[1]->as<torch::nn::Conv2dImpl>()->weight.grad().defined());
  EXPECT_FALSE(pd->conv_layers[2]->as<torch::nn::Conv2dImpl>()->weight.grad().defined());
}

TEST_F(SegmentationTest, RejectsMismatchedInputs) {
  EXPECT_THROW(head->forward(fpn, queries, memory.narrow(0, 0, 60), prompt, mask), c10::Error);
  EXPECT_THROW(head->forward({}, queries, memory, prompt, mask), c10::Error);
  EXPECT_THROW(head->forward(fpn, queries.narrow(2, 0, d - 1), memory, prompt, mask), c10::Error);
  EXPECT_THROW(PixelDecoder(30, 3, 8), c10::Error);
}

TEST(SegmentationKeys, FullSizeMatchesOfficialNamesShapesAndCount) {
  const auto official = testing::official_parameters("segmentation_head.");
  if (!official) GTEST_SKIP() << "../shared/reference/sam3-keys absent";
  const ModelConfig cfg = model_config_by_name("sam3");
  UniversalSegmentationHead head(cfg.segmentation, cfg.d_model(), cfg.encoder.num_heads);
  EXPECT_EQ(testing::parameter_shapes(head), *official);
  EXPECT_EQ(testing::count_parameters(head), 2298881);
}

}  // namespace
}  // namespace sam3::model
