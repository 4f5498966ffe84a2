// The assembled image model on sam3-tiny (core/model/sam3_image.h): output and tap shapes, the
// geometry CLS token on text-only prompts, encode-once/prompt-many, DAC in training, names.
#include <gtest/gtest.h>

#include <set>

#include "core/model/postprocess.h"
#include "core/model/sam3_image.h"
#include "official_keys.h"

namespace sam3::model {
namespace {

using torch::indexing::Slice;

class TinyImageModel : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(5);
    cfg = model_config_by_name("sam3-tiny");
    model = Sam3Image(cfg);
    model->eval();
    image = torch::rand({1, 3, cfg.image_size, cfg.image_size}) * 2 - 1;
    ids = torch::zeros({1, 32}, torch::kLong);
    ids.index_put_({0, Slice(0, 4)}, torch::tensor({49406, 320, 2368, 49407}));
  }
  ModelConfig cfg;
  Sam3Image model{nullptr};
  torch::Tensor image, ids;
};

TEST_F(TinyImageModel, TextOnlyOutputsAndTaps) {
  torch::NoGradGuard no_grad;
  Taps taps;
  const Sam3Outputs o = model->forward(image, ids, {}, &taps);
  const int64_t Q = cfg.decoder.num_queries, D = cfg.d_model(), L = cfg.decoder.layers;
  const int64_t m = 4 * cfg.image_size / 14, g = cfg.image_size / 14;
  EXPECT_EQ(o.pred_logits.sizes(), torch::IntArrayRef({1, Q, 1}));
  EXPECT_EQ(o.pred_boxes.sizes(), torch::IntArrayRef({1, Q, 4}));
  EXPECT_EQ(o.pred_boxes_xyxy.sizes(), torch::IntArrayRef({1, Q, 4}));
  EXPECT_EQ(o.presence_logit_dec.sizes(), torch::IntArrayRef({1, 1}));
  EXPECT_EQ(o.pred_masks.sizes(), torch::IntArrayRef({1, Q, m, m}));
  EXPECT_EQ(o.semantic_seg.sizes(), torch::IntArrayRef({1, 1, m, m}));
  EXPECT_EQ(o.queries.sizes(), torch::IntArrayRef({1, Q, D}));
  EXPECT_EQ(static_cast<int64_t>(o.aux_outputs.size()), L - 1);
  EXPECT_FALSE(o.pred_masks_o2m.defined());
  // 32 text tokens + the geometry CLS token; only the 4 real text tokens and the CLS are valid.
  EXPECT_EQ(o.prompt.sizes(), torch::IntArrayRef({33, 1, D}));
  EXPECT_EQ(o.prompt_mask.logical_not().sum().item<int64_t>(), 5);
  EXPECT_FALSE(o.prompt_mask[0][32].item<bool>());
  EXPECT_TRUE(torch::allclose(o.pred_boxes_xyxy, box_cxcywh_to_xyxy(o.pred_boxes)));
  EXPECT_GE(o.pred_boxes.min().item<float>(), 0.0f);
  EXPECT_LE(o.pred_boxes.max().item<float>(), 1.0f);

  const std::map<std::string, std::vector<int64_t>> expected{
      {"neck.fpn0", {1, D, m, m}},
      {"neck.fpn2", {1, D, g, g}},
      {"text.features", {32, 1, D}},
      {"text.mask", {1, 32}},
      {"geometry.features", {1, 1, D}},
      {"prompt", {33, 1, D}},
      {"prompt.mask", {1, 33}},
      {"encoder.memory", {g * g, 1, D}},
      {"decoder.hs", {L, 1, Q, D}},
      {"decoder.reference_boxes", {L, 1, Q, 4}},
      {"decoder.presence_logits", {L, 1, 1}},
      {"pred_logits", {1, Q, 1}},
      {"pred_boxes", {1, Q, 4}},
      {"pred_boxes_xyxy", {1, Q, 4}},
      {"presence_logit_dec", {1, 1}},
      {"pred_masks", {1, Q, m, m}},
      {"semantic_seg", {1, 1, m, m}},
      {"seg.pixel_embed", {1, D, m, m}},
      {"scores", {1, Q}}};
  for (const auto& [name, shape] : expected) {
    ASSERT_EQ(taps.count(name), 1u) << name;
    EXPECT_EQ(taps.at(name).sizes(), torch::IntArrayRef(shape)) << name;
  }
  EXPECT_TRUE(torch::equal(taps.at("decoder.hs")[L - 1], o.queries));
}

TEST_F(TinyImageModel, BoxesExtendThePromptAndChangeTheResult) {
  torch::NoGradGuard no_grad;
  BoxPrompt boxes;
  boxes.boxes =
      torch::tensor({0.35f, 0.40f, 0.36f, 0.36f, 0.70f, 0.725f, 0.30f, 0.35f}).view({1, 2, 4});
  boxes.labels = torch::tensor({1, 0}, torch::kLong).view({1, 2});
  const Sam3Outputs with = model->forward(image, ids, boxes);
  EXPECT_EQ(with.prompt.size(0), 35);
  const Sam3Outputs without = model->forward(image, ids);
  EXPECT_FALSE(torch::allclose(with.pred_logits, without.pred_logits));
}

TEST_F(TinyImageModel, EncodeOncePromptManyEqualsSeparateCalls) {
  torch::NoGradGuard no_grad;
  const ImageState state = model->encode_image(image);
  torch::Tensor two = ids.repeat({2, 1});
  two.index_put_({1, 2}, 1125);
  const TextEncoding text = model->encode_text(two);
  const Sam3Outputs both = model->ground(state, text);
  EXPECT_EQ(both.pred_logits.size(0), 2);
  for (int64_t p = 0; p < 2; ++p) {
    const Sam3Outputs one = model->forward(image, two.index({Slice(p, p + 1)}));
    EXPECT_TRUE(
        torch::allclose(both.pred_logits.index({Slice(p, p + 1)}), one.pred_logits, 1e-4, 1e-5));
    EXPECT_TRUE(
        torch::allclose(both.pred_masks.index({Slice(p, p + 1)}), one.pred_masks, 1e-4, 1e-4));
  }
  EXPECT_FALSE(torch::allclose(both.pred_logits[0], both.pred_logits[1]));
}

TEST_F(TinyImageModel, TrainingRunsDacAndBackpropagates) {
  model->train();
  const Sam3Outputs o = model->forward(image, ids);
  const int64_t Q = cfg.decoder.num_queries;
  EXPECT_EQ(o.pred_logits.size(1), Q);
  ASSERT_TRUE(o.o2m.pred_logits.defined());
  EXPECT_EQ(o.o2m.pred_logits.size(1), Q);
  EXPECT_EQ(o.pred_masks_o2m.size(1), Q);
  EXPECT_EQ(o.aux_outputs_o2m.size(), o.aux_outputs.size());
  (o.pred_logits.sum() + o.pred_boxes.sum() + o.pred_masks.mean() + o.presence_logit_dec.sum())
      .backward();
  EXPECT_TRUE(model->geometry_encoder->cls_embed->weight.grad().defined());
  EXPECT_TRUE(model->transformer->decoder->query_embed->weight.grad().defined());
}

TEST_F(TinyImageModel, PostprocessOfModelOutputs) {
  torch::NoGradGuard no_grad;
  const Sam3Outputs o = model->forward(image, ids);
  PostprocessOptions opts;
  opts.score_threshold = -1.0;  // keep everything, like the eval post-processor
  const auto d = postprocess(o.pred_logits, o.presence_logit_dec, o.pred_boxes, o.pred_masks,
                             {{480, 640}}, opts);
  EXPECT_EQ(d[0].scores.size(0), cfg.decoder.num_queries);
  EXPECT_EQ(d[0].masks.sizes(), torch::IntArrayRef({cfg.decoder.num_queries, 480, 640}));
}

TEST_F(TinyImageModel, RejectsMismatchedBatches) {
  torch::NoGradGuard no_grad;
  const ImageState state = model->encode_image(image.repeat({2, 1, 1, 1}));
  const TextEncoding text = model->encode_text(ids.repeat({3, 1}));
  EXPECT_THROW(model->ground(state, text), c10::Error);
  BoxPrompt bad;
  bad.boxes = torch::rand({2, 1, 4});
  EXPECT_THROW(model->forward(image, ids, bad), c10::Error);
}

TEST_F(TinyImageModel, NamesAreTheOfficialImageModelNames) {
  const auto official = testing::official_parameters("");
  if (!official) GTEST_SKIP() << "no " << testing::official_keys_file() << " (../shared absent)";
  // Index of "<prefix>N." at the start of `name`, or -1.
  auto layer_of = [](const std::string& name, const std::string& prefix) {
    return name.rfind(prefix, 0) == 0 ? std::stoi(name.substr(prefix.size())) : -1;
  };
  std::set<std::string> expected;
  for (const auto& [name, shape] : *official) {
    if (testing::list_index(name, "blocks") < cfg.vision.depth &&
        testing::list_index(name, "resblocks") < cfg.text.layers &&
        layer_of(name, "geometry_encoder.encode.") < cfg.geometry.layers &&
        layer_of(name, "transformer.encoder.layers.") < cfg.encoder.layers &&
        layer_of(name, "transformer.decoder.layers.") < cfg.decoder.layers) {
      expected.insert(name);
    }
  }
  std::set<std::string> ours;
  for (const auto& p : model->named_parameters()) ours.insert(p.key());
  for (const auto& name : ours) EXPECT_TRUE(expected.count(name)) << "unexpected " << name;
  for (const auto& name : expected) EXPECT_TRUE(ours.count(name)) << "missing " << name;
}

}  // namespace
}  // namespace sam3::model
