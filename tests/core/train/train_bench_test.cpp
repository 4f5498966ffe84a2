// The training-step benchmark (core/train/train_bench.h) on sam3-tiny, CPU: modes are driven by
// training config keys, unknown or refused settings are reported unavailable (never measured),
// batch sizes double up to the cap, and the JSON carries the fields the GPU campaign compares.
#include "core/train/train_bench.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/util/errors.h"
#include "tests/support/test_paths.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;

fs::path vocab() {
  return fs::path(::sam3::test::shared_dir()) / "reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz";
}

TEST(TrainBenchRectangles, MatchTheFormulaTheOfficialScriptRepeats) {
  // floor(S f + 0.5) for S = 1008: x0 0.10 -> 101, width 0.30 -> 302, y0 0.15 -> 151,
  // height 0.40 -> 403; second box x0 0.55 -> 554; photo 3 moves y0 by 0.15 -> 302.
  const auto r = bench_rectangles(1008, 0);
  EXPECT_EQ(r[0], (std::array<int, 4>{101, 151, 403, 554}));
  EXPECT_EQ(r[1], (std::array<int, 4>{554, 151, 856, 554}));
  EXPECT_EQ(bench_rectangles(1008, 3)[0], (std::array<int, 4>{101, 302, 403, 705}));
  EXPECT_EQ(bench_rectangles(1008, 4), bench_rectangles(1008, 0));
  for (const auto& box : bench_rectangles(112, 2)) {
    EXPECT_GE(box[0], 0);
    EXPECT_LE(box[2], 112);
    EXPECT_LE(box[3], 112);
  }
}

TEST(TrainBenchModes, ParseSpecs) {
  const auto m = parse_train_bench_mode("lora:memory.lora.enabled=true,memory.freeze_text=true");
  EXPECT_EQ(m.name, "lora");
  ASSERT_EQ(m.settings.size(), 2u);
  EXPECT_EQ(m.settings[0], (std::pair<std::string, std::string>{"memory.lora.enabled", "true"}));
  EXPECT_TRUE(parse_train_bench_mode("full").settings.empty());
  // A bare name is the default mode with its settings (a GPU run once timed "frozen_text" with
  // none: the text tower trained and the peak memory equalled the full fine-tune's).
  const auto frozen = parse_train_bench_mode("frozen_text");
  ASSERT_EQ(frozen.settings.size(), 1u);
  EXPECT_EQ(frozen.settings[0],
            (std::pair<std::string, std::string>{"memory.freeze_text", "true"}));
  EXPECT_EQ(parse_train_bench_mode("lora").settings.size(), 2u);
  EXPECT_THROW(parse_train_bench_mode("frozen_txt"), InvalidInput);
  for (const char* bad : {"", ":a=b", "x:", "x:a", "x:=b", "x:a=", "x:a=b,,c=d"})
    EXPECT_THROW(parse_train_bench_mode(bad), InvalidInput) << bad;
  std::vector<std::string> names;
  for (const auto& mode : default_train_bench_modes()) names.push_back(mode.name);
  EXPECT_EQ(names, (std::vector<std::string>{"full", "full_no_checkpointing", "frozen_text",
                                             "frozen_text_trunk", "lora", "fp16"}));
}

TEST(TrainBenchOptionsCheck, RefusesBadOptions) {
  TrainBenchOptions o;
  o.model_config = "sam3-tiny";
  o.device = "cpu";
  EXPECT_THROW(run_train_bench(o), InvalidInput);  // no vocabulary
  o.vocab = vocab();
  o.warmup = 0;
  EXPECT_THROW(run_train_bench(o), InvalidInput);
  o.warmup = 1;
  o.iterations = 0;
  EXPECT_THROW(run_train_bench(o), InvalidInput);
}

class TrainBenchTiny : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(vocab())) GTEST_SKIP() << "needs " << vocab() << " (../shared absent)";
  }
};

TEST_F(TrainBenchTiny, MeasuresAvailableModesAndReportsTheOthers) {
  TrainBenchOptions o;
  o.model_config = "sam3-tiny";
  o.device = "cpu";
  o.vocab = vocab();
  o.warmup = 1;
  o.iterations = 2;
  o.max_batch = 2;
  o.modes = {parse_train_bench_mode("frozen_text:memory.freeze_text=true"),
             parse_train_bench_mode("bogus:memory.no_such_key=true"),
             parse_train_bench_mode("bad_value:memory.lora.rank=0")};
  const TrainBenchReport r = run_train_bench(o);
  EXPECT_EQ(r.model, "sam3-tiny");
  EXPECT_EQ(r.device, "cpu");
  EXPECT_EQ(r.max_batch, 2);
  ASSERT_EQ(r.modes.size(), 3u);

  const auto& frozen = r.modes[0];
  ASSERT_EQ(frozen.status, "measured") << frozen.reason;
  ASSERT_EQ(frozen.runs.size(), 2u);  // batch 1 and 2, then the cap
  EXPECT_EQ(frozen.runs[0].batch, 1);
  EXPECT_EQ(frozen.runs[1].batch, 2);
  EXPECT_EQ(frozen.largest_limited_by, "max_batch");
  for (const auto& run : frozen.runs) {
    EXPECT_TRUE(run.fits);
    EXPECT_GT(run.median_ms, 0);
    EXPECT_LE(run.min_ms, run.median_ms);
    EXPECT_LE(run.median_ms, run.max_ms);
    EXPECT_NEAR(run.images_per_second, 1000.0 * run.batch / run.median_ms, 1e-9);
    EXPECT_EQ(run.peak_bytes, -1);  // CPU: not measurable
    EXPECT_TRUE(std::isfinite(run.last_loss));
  }
  // Unknown and out-of-range keys: the engine's ConfigError, never a measurement.
  EXPECT_EQ(r.modes[1].status, "unavailable");
  EXPECT_NE(r.modes[1].reason.find("no_such_key"), std::string::npos) << r.modes[1].reason;
  EXPECT_TRUE(r.modes[1].runs.empty());
  EXPECT_EQ(r.modes[2].status, "unavailable");
  EXPECT_NE(r.modes[2].reason.find("memory.lora.rank"), std::string::npos) << r.modes[2].reason;

  const auto j = to_json(r);
  EXPECT_EQ(j["modes"][0]["mode"], "frozen_text");
  EXPECT_EQ(j["modes"][0]["settings"]["memory.freeze_text"], "true");
  EXPECT_EQ(j["modes"][0]["batch_1"]["batch"], 1);
  EXPECT_EQ(j["modes"][0]["largest_batch"]["batch"], 2);
  EXPECT_EQ(j["modes"][0]["largest_batch"]["limited_by"], "max_batch");
  EXPECT_TRUE(j["modes"][0]["batch_1"]["peak_memory_gib"].is_null());
  EXPECT_TRUE(j["modes"][1]["batch_1"].is_null());
  EXPECT_EQ(j["modes"][1]["status"], "unavailable");
  for (const char* key :
       {"model", "image_size", "device", "libtorch", "warmup", "iterations", "max_batch", "modes"})
    EXPECT_TRUE(j.contains(key)) << key;
}

TEST_F(TrainBenchTiny, BadBaseConfigIsAConfigError) {
  TrainBenchOptions o;
  o.model_config = "sam3-tiny";
  o.device = "cpu";
  o.vocab = vocab();
  o.base_config = fs::path(::sam3::test::source_dir()) / "no/such/config.yaml";
  EXPECT_THROW(run_train_bench(o), Error);
}

}  // namespace
}  // namespace sam3::train
