// The run folder: checkpoint atomicity (a failure mid-write keeps the previous checkpoint),
// pruning, state round trip, metrics truncation on resume, free-disk check; the TensorBoard file
// decoded by an independent minimal TFRecord + protobuf parser written here.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "core/train/run_folder.h"
#include "core/train/tensorboard.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "tests/support/test_files.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;

struct TempDir : ::sam3::test::TempDir {
  TempDir() : ::sam3::test::TempDir("sam3_run_test_") {}
};

TrainingState state_at(std::int64_t step) {
  TrainingState s;
  s.step = step;
  s.best_value = 0.25;
  s.best_step = 3;
  s.model = {{"w", torch::full({2, 2}, static_cast<float>(step))}};
  s.optimizer = {{"w.exp_avg", torch::ones({2, 2})}, {"w.step", torch::tensor(step)}};
  s.cpu_rng = torch::arange(8, torch::kUInt8);
  return s;
}

TEST(RunFolder, CheckpointRoundTripAndPruning) {
  TempDir tmp;
  RunFolder run(tmp.path);
  for (std::int64_t step : {2, 4, 6}) {
    const TrainingState s = state_at(step);
    write_checkpoint(run, s, s.model, {{"step", step}});
  }
  ASSERT_EQ(run.checkpoints().size(), 3u);
  prune_checkpoints(run, 2);
  const auto kept = run.checkpoints();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].step, 4);
  EXPECT_EQ(run.latest()->step, 6);
  const TrainingState back = read_training_state(run.latest()->state);
  EXPECT_EQ(back.step, 6);
  EXPECT_DOUBLE_EQ(back.best_value, 0.25);
  EXPECT_EQ(back.best_step, 3);
  EXPECT_TRUE(back.model.at("w").equal(torch::full({2, 2}, 6.0f)));
  EXPECT_TRUE(back.cpu_rng.equal(torch::arange(8, torch::kUInt8)));
  EXPECT_EQ(back.optimizer.at("w.step").item<std::int64_t>(), 6);
  EXPECT_THROW(prune_checkpoints(run, 0), InvalidInput);
}

TEST(RunFolder, FailureMidWriteKeepsThePreviousCheckpoint) {
  TempDir tmp;
  RunFolder run(tmp.path);
  const TrainingState s1 = state_at(1);
  write_checkpoint(run, s1, s1.model, {{"step", 1}});
  const std::string before = read_file(run.latest()->weights);
  for (const std::string stage : {"state", "weights"}) {
    const TrainingState s2 = state_at(2);
    EXPECT_THROW(write_checkpoint(run, s2, s2.model, {{"step", 2}},
                                  [&](const std::string& at) {
                                    if (at == stage) throw IoError(tmp.path, "disk full");
                                  }),
                 IoError);
    ASSERT_EQ(run.checkpoints().size(), 1u) << stage;
    EXPECT_EQ(run.latest()->step, 1);
    EXPECT_EQ(read_file(run.latest()->weights), before);
    EXPECT_EQ(read_training_state(run.latest()->state).step, 1);
    for (const auto& e : fs::directory_iterator(run.checkpoints_dir()))
      EXPECT_EQ(e.path().filename().string().find("step_000000002"), std::string::npos)
          << "leftover " << e.path();
  }
}

TEST(RunFolder, IncompleteCheckpointsAreIgnoredAndPruned) {
  TempDir tmp;
  RunFolder run(tmp.path);
  const TrainingState s = state_at(5);
  write_checkpoint(run, s, s.model, nlohmann::json::object());
  // A crash after the state file of step 9: no card, so not a checkpoint.
  write_file_atomic(run.checkpoints_dir() / "step_000000009.state.safetensors", "partial");
  EXPECT_EQ(run.latest()->step, 5);
  prune_checkpoints(run, 3);
  EXPECT_FALSE(fs::exists(run.checkpoints_dir() / "step_000000009.state.safetensors"));
}

TEST(RunFolder, MetricsTruncationAndBadStateFiles) {
  TempDir tmp;
  RunFolder run(tmp.path);
  for (int step = 1; step <= 4; ++step) run.append_metrics({{"type", "step"}, {"step", step}});
  run.truncate_metrics_after(2);
  EXPECT_EQ(read_file(run.metrics_file()),
            "{\"step\":1,\"type\":\"step\"}\n{\"step\":2,\"type\":\"step\"}\n");
  write_file_atomic(tmp.path / "x.state.safetensors", "not safetensors");
  EXPECT_THROW(read_training_state(tmp.path / "x.state.safetensors"), FormatError);
  EXPECT_THROW(check_free_disk(tmp.path, std::uint64_t{1} << 62), IoError);
  EXPECT_NO_THROW(check_free_disk(tmp.path, 1024));
}

// ---- an independent reader of TFRecord + tensorflow.Event, for the writer's output ----

std::uint32_t crc32c_bitwise(const std::string& s) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return ~crc;
}
std::uint32_t unmask(std::uint32_t m) {
  const std::uint32_t r = m - 0xa282ead8u;
  return (r >> 17) | (r << 15);
}

struct Reader {
  const std::string& s;
  std::size_t pos = 0;
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto b = static_cast<unsigned char>(s.at(pos++));
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
  }
  template <typename T>
  T fixed() {
    T v;
    std::memcpy(&v, s.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
  }
  std::string bytes() {
    const auto n = varint();
    std::string out = s.substr(pos, n);
    pos += n;
    return out;
  }
};

struct Event {
  double wall_time = 0;
  std::int64_t step = 0;
  std::string file_version, tag;
  float value = 0;
};

Event parse_event(const std::string& data) {
  Event e;
  Reader r{data};
  while (r.pos < data.size()) {
    const auto key = r.varint();
    if (key == 0x09)
      e.wall_time = r.fixed<double>();
    else if (key == 0x10)
      e.step = static_cast<std::int64_t>(r.varint());
    else if (key == 0x1A)
      e.file_version = r.bytes();
    else if (key == 0x2A) {
      const std::string summary = r.bytes();
      Reader s{summary};
      EXPECT_EQ(s.varint(), 0x0Au);  // Summary.value
      const std::string value = s.bytes();
      Reader v{value};
      EXPECT_EQ(v.varint(), 0x0Au);
      e.tag = v.bytes();
      EXPECT_EQ(v.varint(), 0x15u);
      e.value = v.fixed<float>();
    } else {
      ADD_FAILURE() << "unexpected field key " << key;
      break;
    }
  }
  return e;
}

std::vector<Event> read_events(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<Event> events;
  Reader r{all};
  while (r.pos < all.size()) {
    const std::string len_bytes = all.substr(r.pos, 8);
    const auto len = r.fixed<std::uint64_t>();
    EXPECT_EQ(unmask(r.fixed<std::uint32_t>()), crc32c_bitwise(len_bytes));
    const std::string data = all.substr(r.pos, len);
    r.pos += len;
    EXPECT_EQ(unmask(r.fixed<std::uint32_t>()), crc32c_bitwise(data));
    events.push_back(parse_event(data));
  }
  return events;
}

TEST(TensorBoard, EventFileDecodesWithAnIndependentParser) {
  EXPECT_EQ(crc32c(""), 0u);
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);  // the CRC-32C check value
  TempDir tmp;
  fs::path file;
  {
    TensorBoardWriter w(tmp.path);
    file = w.path();
    w.add_scalar("train/loss", 1.5f, 1, 1000.25);
    w.add_scalar("lr/vision", 2.5e-5f, 300, 1001.0);
  }
  EXPECT_EQ(file.filename().string().rfind("events.out.tfevents.", 0), 0u);
  const std::vector<Event> events = read_events(file);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].file_version, "brain.Event:2");
  EXPECT_EQ(events[1].tag, "train/loss");
  EXPECT_EQ(events[1].value, 1.5f);
  EXPECT_EQ(events[1].step, 1);
  EXPECT_EQ(events[1].wall_time, 1000.25);
  EXPECT_EQ(events[2].tag, "lr/vision");
  EXPECT_EQ(events[2].value, 2.5e-5f);
  EXPECT_EQ(events[2].step, 300);
}

}  // namespace
}  // namespace sam3::train
