#include <gtest/gtest.h>

#include "core/util/errors.h"
#include "core/weights/restricted_pickle.h"
#include "core/weights/torch_checkpoint.h"
#include "test_support.h"

namespace sam3::weights {
namespace {

using test::fixture;
using namespace std::string_literals;

void expect_fixture_values(const NamedTensors& got) {
  const auto want = test::read_json(fixture("tiny_checkpoint.expected.json"));
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [key, spec] : want.items()) {
    ASSERT_TRUE(got.count(key)) << key;
    test::expect_matches(key, got.at(key), spec);
  }
}

TEST(TorchCheckpoint, ReadsTheStateDictUnderModel) {
  const NamedTensors sd = read_torch_checkpoint(fixture("tiny_sam3.pt"));
  expect_fixture_values(sd);
  EXPECT_EQ(sd.at("detector.transformer.decoder.query_embed.weight").scalar_type(),
            torch::kBFloat16);
  EXPECT_EQ(sd.at("detector.counter").scalar_type(), torch::kInt64);
  // Views of one storage share memory, as torch.load gives them.
  const torch::Tensor qkv =
      sd.at("detector.backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight");
  const torch::Tensor transposed = sd.at("detector.shared.transposed");
  EXPECT_EQ(qkv.data_ptr(), transposed.data_ptr());
  EXPECT_EQ(transposed.strides().vec(), (std::vector<int64_t>{1, 4}));
}

TEST(TorchCheckpoint, ReadsABareStateDictWithUnalignedRecords) {
  expect_fixture_values(read_torch_checkpoint(fixture("tiny_unaligned.pt")));
}

TEST(TorchCheckpoint, ReadsZip64Archives) {
  expect_fixture_values(read_torch_checkpoint(fixture("tiny_zip64.pt")));
}

TEST(TorchCheckpoint, EveryBrokenOrMaliciousArchiveIsRejectedWithItsCause) {
  std::filesystem::remove("/tmp/sam3_pwned");
  EXPECT_EQ(test::expect_each_bad_file_rejected(
                ".pt", [](const std::filesystem::path& f) { read_torch_checkpoint(f); }),
            7);
  EXPECT_FALSE(std::filesystem::exists("/tmp/sam3_pwned"));
}

TEST(TorchCheckpoint, SafetensorsOrMissingFilesAreNotCheckpoints) {
  EXPECT_THROW(read_torch_checkpoint(fixture("tiny.safetensors")), FormatError);
  EXPECT_THROW(read_torch_checkpoint(fixture("missing.pt")), IoError);
}

// Hand-assembled pickles for the VM's edge cases.
PickleRef run(const std::string& bytes) {
  return load_restricted_pickle(
      "mem.pkl", "data.pkl", reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(),
      [](const StorageRequest& r) { return torch::arange(r.numel).to(r.dtype); });
}

std::string error_of(const std::string& bytes) {
  try {
    run(bytes);
  } catch (const FormatError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(RestrictedPickle, BuildsPlainValues) {
  // {'a': [1, -2, 3.5, None, True], 'b': (b'xy',)}
  const std::string p =
      "\x80\x02}q\x00(X\x01\x00\x00\x00"
      "a]q\x01(K\x01J\xfe\xff\xff\xff"
      "G@\x0c\x00\x00\x00\x00\x00\x00N\x88"
      "eX\x01\x00\x00\x00"
      "bC\x02xy\x85u."s;
  const PickleRef v = run(p);
  ASSERT_EQ(v->kind, PickleValue::Kind::Dict);
  ASSERT_EQ(v->dict.size(), 2u);
  const auto& list = v->dict[0].second->items;
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[0]->integer, 1);
  EXPECT_EQ(list[1]->integer, -2);
  EXPECT_EQ(list[2]->real, 3.5);
  EXPECT_EQ(list[3]->kind, PickleValue::Kind::None);
  EXPECT_TRUE(list[4]->boolean);
  EXPECT_EQ(v->dict[1].second->items[0]->text, "xy");
}

TEST(RestrictedPickle, RejectsCodeAndObjectBuilding) {
  EXPECT_NE(error_of("\x80\x04\x8c\x05posix\x8c\x06system\x93."), "accepted");  // STACK_GLOBAL
  EXPECT_NE(
      error_of("\x80\x04\x8c\x05posix\x8c\x06system\x93.").find("'posix.system' is not allowed"),
      std::string::npos);
  EXPECT_NE(error_of("\x80\x02"
                     "ctorch\nFloatStorage\n)R.")
                .find("REDUCE of something other"),
            std::string::npos);
  EXPECT_NE(error_of("\x80\x02"
                     "ccollections\nOrderedDict\n)\x81"
                     ".")
                .find("opcode 0x81"),
            std::string::npos);
  EXPECT_NE(error_of("\x80\x02"
                     "ccopyreg\n_reconstructor\n.")
                .find("copyreg._reconstructor"),
            std::string::npos);
}

TEST(RestrictedPickle, RejectsMalformedStreams) {
  EXPECT_NE(error_of("\x80\x02X\xff\xff\xff\x7f"
                     "abc"s)
                .find("truncated"),
            std::string::npos);
  EXPECT_NE(error_of("\x80\x02h\x05."s).find("memo key 5"), std::string::npos);
  EXPECT_NE(error_of("\x80\x02.").find("STOP with 0"), std::string::npos);
  EXPECT_NE(error_of("\x80\x02t.").find("no MARK"), std::string::npos);
  EXPECT_NE(error_of("\x80\x02]a.").find("stack underflow"), std::string::npos);
  EXPECT_NE(error_of(std::string("\x80\x02", 2)).find("truncated"), std::string::npos);
}

TEST(RestrictedPickle, RepeatedKeysReplaceAndDroppedDictsDoNotLeakTheirIndex) {
  // {'a': 1} is built and popped; a fresh dict then gets 'a' twice: {'a': 3}.
  const PickleRef v =
      run("\x80\x02}X\x01\x00\x00\x00"
          "aK\x01s0}X\x01\x00\x00\x00"
          "aK\x02sX\x01\x00\x00\x00"
          "aK\x03s."s);
  ASSERT_EQ(v->kind, PickleValue::Kind::Dict);
  ASSERT_EQ(v->dict.size(), 1u);
  EXPECT_EQ(v->dict[0].second->integer, 3);
}

TEST(RestrictedPickle, SurvivesDeepNesting) {
  // 200000 nested one-tuples: building and destroying them must not recurse.
  std::string p = "\x80\x02N" + std::string(200000, '\x85') + ".";
  PickleRef v = run(p);
  EXPECT_EQ(v->kind, PickleValue::Kind::Tuple);
  v.reset();
  SUCCEED();
}

TEST(RestrictedPickle, ChecksTensorViewsAgainstTheirStorage) {
  // _rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', 4), 3, (2,), (1,), False, OD())
  const std::string head =
      "\x80\x02"
      "ctorch._utils\n_rebuild_tensor_v2\n(("
      "X\x07\x00\x00\x00"
      "storage"
      "ctorch\nFloatStorage\n"
      "X\x01\x00\x00\x00"
      "0"
      "X\x03\x00\x00\x00"
      "cpu"
      "K\x04tQ"s;
  const std::string tail =
      "\x89"
      "ccollections\nOrderedDict\n)RtR.";
  EXPECT_NE(error_of(head + "K\x03K\x02\x85K\x01\x85" + tail).find("exceeds storage"),
            std::string::npos);
  const PickleRef ok = run(head + "K\x02K\x02\x85K\x01\x85" + tail);
  ASSERT_EQ(ok->kind, PickleValue::Kind::Tensor);
  EXPECT_TRUE(torch::equal(ok->tensor, torch::tensor({2.0f, 3.0f})));
}

}  // namespace
}  // namespace sam3::weights
