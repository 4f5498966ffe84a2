#include <gtest/gtest.h>

#include "core/util/errors.h"
#include "core/weights/safetensors.h"
#include "test_support.h"

namespace sam3::weights {
namespace {

using test::fixture;

TEST(Safetensors, ReadsEveryDtypeOfTheHandWrittenFixture) {
  const SafetensorsFile f = read_safetensors(fixture("tiny.safetensors"));
  const auto want = test::read_json(fixture("tiny.expected.json"));
  EXPECT_EQ(f.metadata, want["metadata"].get<Metadata>());
  ASSERT_EQ(f.tensors.size(), want["tensors"].size());
  for (const auto& [key, spec] : want["tensors"].items()) {
    ASSERT_TRUE(f.tensors.count(key)) << key;
    const torch::Tensor& t = f.tensors.at(key);
    EXPECT_EQ(t.scalar_type(), safetensors_dtype("", "", spec["dtype"].get<std::string>())) << key;
    test::expect_matches(key, t, spec);
  }
}

TEST(Safetensors, HeaderOnlyReadListsEntriesInKeyOrder) {
  const SafetensorsHeader h = read_safetensors_header(fixture("tiny.safetensors"));
  ASSERT_EQ(h.entries.size(), 12u);
  EXPECT_EQ(h.entries.front().key, "bf16");
  EXPECT_EQ(h.entries.front().dtype, "BF16");
  EXPECT_EQ(h.entries.front().shape, (Shape{2, 2}));
  EXPECT_EQ(h.data_start % 8, 0u);
  EXPECT_EQ(h.metadata.at("format"), "pt");
}

TEST(Safetensors, WriterReproducesTheReferenceBytesExactly) {
  const SafetensorsFile f = read_safetensors(fixture("tiny.safetensors"));
  test::ScratchDir dir;
  write_safetensors(dir / "copy.safetensors", f.tensors, f.metadata);
  EXPECT_EQ(test::file_bytes(dir / "copy.safetensors"),
            test::file_bytes(fixture("tiny.safetensors")));
}

TEST(Safetensors, RoundTripsStridedViewsAndEveryDtype) {
  test::ScratchDir dir;
  NamedTensors in;
  in["a.transposed"] = torch::arange(12, torch::kFloat32).reshape({3, 4}).t();
  in["b.bf16"] = torch::linspace(-1, 1, 7).to(torch::kBFloat16);
  in["c.i64"] = torch::tensor({INT64_MIN, int64_t{0}, INT64_MAX});
  in["d.bool"] = torch::tensor({true, false});
  in["e.f64"] = torch::rand({2, 3}, torch::kFloat64);
  in["f.half"] = torch::rand({5}).to(torch::kFloat16);
  in["g.i8"] = torch::tensor({-5, 5}, torch::kInt8);
  write_safetensors(dir / "rt.safetensors", in, {{"format", "sam3studio"}});
  const SafetensorsFile out = read_safetensors(dir / "rt.safetensors");
  EXPECT_EQ(out.metadata.at("format"), "sam3studio");
  ASSERT_EQ(out.tensors.size(), in.size());
  for (const auto& [k, t] : in) {
    EXPECT_EQ(out.tensors.at(k).scalar_type(), t.scalar_type()) << k;
    EXPECT_TRUE(torch::equal(out.tensors.at(k), t)) << k;
  }
}

TEST(Safetensors, ViewsOutliveTheFileAndWritesStayPrivate) {
  test::ScratchDir dir;
  write_safetensors(dir / "w.safetensors", {{"w", torch::ones({4})}});
  torch::Tensor t = read_safetensors(dir / "w.safetensors").tensors.at("w");
  t.mul_(3);  // copy-on-write mapping: the file keeps its ones
  EXPECT_TRUE(
      torch::equal(read_safetensors(dir / "w.safetensors").tensors.at("w"), torch::ones({4})));
  std::filesystem::remove(dir / "w.safetensors");
  EXPECT_TRUE(torch::equal(t, torch::full({4}, 3.0f)));  // the mapping is still alive
}

TEST(Safetensors, EveryCraftedFileIsAFormatErrorNamingFileAndCause) {
  EXPECT_EQ(test::expect_each_bad_file_rejected(
                ".safetensors", [](const std::filesystem::path& f) { read_safetensors(f); }),
            19);
}

TEST(Safetensors, ErrorsNameTheTensor) {
  try {
    read_safetensors(fixture("bad_offsets_overlap.safetensors"));
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_EQ(e.where(), "tensor 'b'");
    EXPECT_NE(std::string(e.what()).find("overlaps tensor 'a'"), std::string::npos) << e.what();
  }
}

TEST(Safetensors, MissingFileIsAnIoError) {
  EXPECT_THROW(read_safetensors(fixture("does_not_exist.safetensors")), IoError);
  EXPECT_THROW(read_safetensors_header(fixture("does_not_exist.safetensors")), IoError);
}

TEST(Safetensors, WriterRejectsWhatTheFormatCannotHold) {
  test::ScratchDir dir;
  EXPECT_THROW(
      write_safetensors(dir / "c.safetensors", {{"c", torch::zeros({2}, torch::kComplexFloat)}}),
      InvalidInput);
  EXPECT_THROW(write_safetensors(dir / "u.safetensors", {{"u", torch::Tensor()}}), InvalidInput);
  EXPECT_FALSE(std::filesystem::exists(dir / "c.safetensors"));
  EXPECT_THROW(write_safetensors(dir / "no/such/dir/x.safetensors", {{"x", torch::ones({1})}}),
               IoError);
}

}  // namespace
}  // namespace sam3::weights
