// SkipInit (core/model/skip_init.h): a model built without its default initialisation has the
// same parameters (names, order, shapes, dtypes, requires_grad), zero-filled where the
// initialisation was skipped, and once its weights are drawn or loaded it computes exactly what a
// normally built model computes.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <vector>

#include "core/model/model_config.h"
#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/model/skip_init.h"

namespace sam3::model {
namespace {

using torch::indexing::Slice;

TEST(SkipInit, ScopesNestPerThread) {
  EXPECT_FALSE(SkipInit::active());
  {
    const SkipInit outer;
    EXPECT_TRUE(SkipInit::active());
    {
      const SkipInit inner;
      EXPECT_TRUE(SkipInit::active());
    }
    EXPECT_TRUE(SkipInit::active());
  }
  EXPECT_FALSE(SkipInit::active());
}

TEST(SkipInit, MakeLinearKeepsTheLayerButNotItsRandomValues) {
  const torch::nn::Linear normal = make_linear(6, 4);
  EXPECT_GT(normal->weight.abs().sum().item<double>(), 0.0);  // LibTorch's kaiming_uniform
  const SkipInit skip;
  torch::nn::Linear skipped = make_linear(6, 4);
  const torch::nn::Linear no_bias = make_linear(6, 4, /*bias=*/false);
  EXPECT_EQ(skipped->options.in_features(), 6);
  EXPECT_EQ(skipped->options.out_features(), 4);
  EXPECT_EQ(skipped->weight.sizes(), normal->weight.sizes());
  EXPECT_EQ(skipped->bias.sizes(), normal->bias.sizes());
  EXPECT_TRUE(skipped->weight.requires_grad());
  EXPECT_EQ(skipped->weight.abs().sum().item<double>(), 0.0);
  EXPECT_FALSE(no_bias->bias.defined());
  // The registered parameter is the resized tensor (what a load writes into is what runs).
  const auto params = skipped->named_parameters();
  EXPECT_EQ(params["weight"].sizes(), torch::IntArrayRef({4, 6}));
  EXPECT_TRUE(params["weight"].is_same(skipped->weight));
  EXPECT_EQ(skipped->forward(torch::ones({2, 6})).sizes(), torch::IntArrayRef({2, 4}));
}

TEST(SkipInit, ModelDrawnAfterASkippedInitComputesWhatANormalOneDoes) {
  const ModelConfig cfg = model_config_by_name("sam3-tiny");
  Sam3Image normal(cfg);
  Sam3Image skipped{nullptr};
  {
    const SkipInit skip;
    skipped = Sam3Image(cfg);
  }
  const auto a = normal->named_parameters(), b = skipped->named_parameters();
  ASSERT_EQ(a.size(), b.size());
  std::size_t zero_filled = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].key(), b[i].key());
    EXPECT_EQ(a[i].value().sizes(), b[i].value().sizes()) << a[i].key();
    EXPECT_EQ(a[i].value().scalar_type(), b[i].value().scalar_type()) << a[i].key();
    EXPECT_EQ(a[i].value().requires_grad(), b[i].value().requires_grad()) << a[i].key();
    zero_filled += b[i].value().abs().sum().item<double>() == 0.0;
  }
  EXPECT_GT(zero_filled, 20u);  // the ViT's and text encoder's layers at least
  for (Sam3Image* m : {&normal, &skipped}) {
    init_random_weights(**m, 7);
    (*m)->eval();
  }
  torch::manual_seed(3);
  const auto image = torch::rand({1, 3, cfg.image_size, cfg.image_size}) * 2 - 1;
  auto ids = torch::zeros({1, 32}, torch::kLong);
  ids.index_put_({0, Slice(0, 4)}, torch::tensor({49406, 320, 2368, 49407}));
  torch::NoGradGuard no_grad;
  const auto want = normal->forward(image, ids);
  const auto got = skipped->forward(image, ids);
  EXPECT_TRUE(torch::equal(got.pred_logits, want.pred_logits));
  EXPECT_TRUE(torch::equal(got.pred_boxes, want.pred_boxes));
  EXPECT_TRUE(torch::equal(got.pred_masks, want.pred_masks));
}

}  // namespace
}  // namespace sam3::model
