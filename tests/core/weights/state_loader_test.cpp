#include <gtest/gtest.h>

#include "core/weights/state_loader.h"
#include "test_support.h"

namespace sam3::weights {
namespace {

TEST(StateLoader, ReportsEveryProblemAtOnceSortedWithShapes) {
  auto m = test::module_with(
      {{"b.weight", {2, 3}}, {"b.bias", {3}}, {"a.missing", {4}}, {"c.ok", {2}}, {"c.cplx", {2}}});
  NamedTensors src;
  src["b.weight"] = torch::ones({3, 2});                   // mis-shaped
  src["c.ok"] = torch::ones({2});                          // fine, but nothing may be copied
  src["c.cplx"] = torch::ones({2}, torch::kComplexFloat);  // right shape, incompatible dtype
  src["z.extra"] = torch::ones({1});                       // unexpected
  src["a.extra"] = torch::ones({5, 5});                    // unexpected
  try {
    load_state(*m, src, {"my.safetensors", {}});
    FAIL() << "accepted";
  } catch (const StateDictError& e) {
    ASSERT_EQ(e.missing().size(), 2u);
    EXPECT_EQ(e.missing()[0].key, "a.missing");
    EXPECT_EQ(e.missing()[1].key, "b.bias");
    ASSERT_EQ(e.unexpected().size(), 2u);
    EXPECT_EQ(e.unexpected()[0].key, "a.extra");
    EXPECT_EQ(e.unexpected()[1].key, "z.extra");
    ASSERT_EQ(e.mismatched().size(), 2u);
    EXPECT_EQ(e.mismatched()[0].key, "b.weight");
    EXPECT_EQ(e.mismatched()[0].expected, "[2, 3] Float");
    EXPECT_EQ(e.mismatched()[0].got, "[3, 2] Float");
    EXPECT_EQ(e.mismatched()[1].key, "c.cplx");
    const std::string msg = e.what();
    EXPECT_NE(
        msg.find("my.safetensors do not fit the model: 2 missing, 2 unexpected, 2 mis-shaped"),
        std::string::npos)
        << msg;
    EXPECT_NE(msg.find("missing: a.missing (expected [4] Float)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("unexpected: z.extra ([1] Float)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("mis-shaped: b.weight expected [2, 3] Float, got [3, 2] Float"),
              std::string::npos)
        << msg;
  }
  EXPECT_EQ(m->named_parameters()["c.ok"].sum().item<float>(), 0.0f);  // untouched
}

TEST(StateLoader, CopiesAndConvertsDtypeUnderNoGrad) {
  auto m = test::module_with({{"w", {2, 2}}, {"n.b", {3}}});
  NamedTensors src;
  src["w"] = torch::tensor({1.5f, -2.0f, 0.25f, 8.0f}).reshape({2, 2}).to(torch::kBFloat16);
  src["n.b"] = torch::tensor({1.0, 2.0, 3.0}, torch::kFloat64);
  const LoadReport r = load_state(*m, src);
  EXPECT_EQ(r.loaded, 2u);
  auto params = m->named_parameters();
  EXPECT_EQ(params["w"].scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::equal(params["w"], src["w"].to(torch::kFloat32)));
  EXPECT_TRUE(params["w"].requires_grad());
  EXPECT_FALSE(params["w"].grad_fn());
  EXPECT_TRUE(torch::equal(params["n.b"], torch::tensor({1.0f, 2.0f, 3.0f})));
}

TEST(StateLoader, AllowedMissingAndRecomputedKeysAreNotErrors) {
  auto m = test::module_with({{"w", {2}}, {"geo.points", {2}}, {"blk.attn.freqs_cis", {4, 2}}});
  NamedTensors src;
  src["w"] = torch::ones({2});
  src["blk.attn.freqs_cis"] = torch::ones({9}, torch::kComplexFloat);  // never loaded
  const LoadReport r = load_state(*m, src, {"", {"geo.points"}});
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(r.left_as_initialised, std::vector<std::string>{"geo.points"});
  EXPECT_EQ(r.recomputed, std::vector<std::string>{"blk.attn.freqs_cis"});
  EXPECT_TRUE(is_recomputed_key("x.freqs_cis"));
  EXPECT_FALSE(is_recomputed_key("x.freqs_cis.y"));
}

TEST(StateLoader, ModuleStateLeavesRecomputedBuffersOut) {
  auto m = test::module_with({{"w", {2}}, {"blk.attn.freqs_cis", {4, 2}}});
  const NamedTensors s = module_state(*m);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(s.count("w"));
}

}  // namespace
}  // namespace sam3::weights
