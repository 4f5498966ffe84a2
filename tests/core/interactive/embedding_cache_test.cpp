// The on-disk embedding cache (core/inference/embedding_cache.h) and the interactive predictor
// facade that uses it (core/inference/interactive_predictor.h), on sam3-tiny random weights.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <fstream>

#include "core/inference/embedding_cache.h"
#include "core/inference/interactive_predictor.h"
#include "core/util/errors.h"
#include "core/weights/safetensors.h"
#include "tests/core/interactive/test_support.h"

namespace sam3 {
namespace {

namespace fs = std::filesystem;

const EmbeddingLayout kLayout = {{"a", {1, 2, 3}}, {"b", {4}}};

weights::NamedTensors sample(float v) {
  return {{"a", torch::full({1, 2, 3}, v)}, {"b", torch::arange(4).to(torch::kFloat) + v}};
}

std::uint64_t entry_bytes(const fs::path& dir) {
  EmbeddingCache probe(dir / "probe", 1 << 20);
  probe.store({"p", "m"}, sample(0));
  return probe.total_bytes();
}

TEST(EmbeddingCache, StoresAndLoadsByPhotoAndModel) {
  testing::TempDir dir("cache_roundtrip");
  EmbeddingCache cache(dir.path() / "emb", 1 << 20);
  EXPECT_FALSE(cache.load({"photo1", "model1"}, kLayout).has_value());
  ASSERT_TRUE(cache.store({"photo1", "model1"}, sample(1.5f), {{"photo_size", "10x20"}}));
  const auto hit = cache.load({"photo1", "model1"}, kLayout);
  ASSERT_TRUE(hit.has_value());
  EXPECT_TRUE(torch::equal(hit->tensors.at("a"), sample(1.5f).at("a")));
  EXPECT_TRUE(torch::equal(hit->tensors.at("b"), sample(1.5f).at("b")));
  EXPECT_EQ(hit->extra.at("photo_size"), "10x20");
  EXPECT_EQ(hit->extra.count("checksum"), 0u);  // reserved keys stay internal
  // Another model or photo is another entry.
  EXPECT_FALSE(cache.load({"photo1", "model2"}, kLayout).has_value());
  EXPECT_FALSE(cache.load({"photo2", "model1"}, kLayout).has_value());
  EXPECT_NE(cache.entry_path({"photo1", "model1"}), cache.entry_path({"photo1", "model2"}));
}

TEST(EmbeddingCache, EvictsTheLeastRecentlyUsedEntries) {
  testing::TempDir dir("cache_lru");
  const auto one = entry_bytes(dir.path());
  EmbeddingCache cache(dir.path() / "emb", 2 * one + one / 2);  // room for two entries
  cache.store({"p1", "m"}, sample(1));
  cache.store({"p2", "m"}, sample(2));
  // p1 older than p2; then a hit on p1 makes p2 the least recently used.
  const auto now = fs::file_time_type::clock::now();
  fs::last_write_time(cache.entry_path({"p1", "m"}), now - std::chrono::hours(2));
  fs::last_write_time(cache.entry_path({"p2", "m"}), now - std::chrono::hours(1));
  ASSERT_TRUE(cache.load({"p1", "m"}, kLayout).has_value());
  cache.store({"p3", "m"}, sample(3));
  EXPECT_EQ(cache.entries(), 2u);
  EXPECT_LE(cache.total_bytes(), cache.max_bytes());
  EXPECT_TRUE(fs::exists(cache.entry_path({"p1", "m"})));
  EXPECT_FALSE(fs::exists(cache.entry_path({"p2", "m"})));
  EXPECT_TRUE(fs::exists(cache.entry_path({"p3", "m"})));
  // An entry larger than the whole budget is not stored.
  EmbeddingCache tiny_cache(dir.path() / "small", one / 2);
  EXPECT_FALSE(tiny_cache.store({"p", "m"}, sample(0)));
  EXPECT_EQ(tiny_cache.entries(), 0u);
}

std::string error_of(const EmbeddingCache& cache, const EmbeddingKey& key,
                     const EmbeddingLayout& layout = kLayout) {
  try {
    cache.load(key, layout);
  } catch (const FormatError& e) {
    return e.what();
  }
  return "";
}

TEST(EmbeddingCache, RejectsCorruptAndMismatchedEntries) {
  testing::TempDir dir("cache_bad");
  EmbeddingCache cache(dir.path() / "emb", 1 << 20);
  const EmbeddingKey key{"photo", "model"};
  cache.store(key, sample(4));
  const auto file = cache.entry_path(key);
  // Wrong layout expected by the caller.
  EXPECT_NE(error_of(cache, key, {{"a", {1, 2, 3}}, {"c", {4}}}).find("(c): tensor missing"),
            std::string::npos);
  EXPECT_NE(error_of(cache, key, {{"a", {1, 3, 2}}, {"b", {4}}}).find("expected float32"),
            std::string::npos);
  // A flipped data byte fails the checksum.
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-3, std::ios::end);
    f.put('\x7f');
  }
  EXPECT_NE(error_of(cache, key).find("checksum mismatch"), std::string::npos);
  // Truncated: the safetensors reader names the file.
  cache.store(key, sample(4));
  fs::resize_file(file, fs::file_size(file) - 8);
  const auto truncated = error_of(cache, key);
  EXPECT_NE(truncated.find(file.string()), std::string::npos) << truncated;
  // Another photo's entry under this name (a renamed file).
  cache.store({"other", "model"}, sample(5));
  fs::rename(cache.entry_path({"other", "model"}), file);
  EXPECT_NE(error_of(cache, key).find("entry is for photo 'other'"), std::string::npos);
  // Not an embedding entry at all.
  weights::write_safetensors(file, sample(6), {{"format", "sam3studio"}});
  EXPECT_NE(error_of(cache, key).find("not a version 1 embedding cache entry"), std::string::npos);
  cache.discard(key);
  EXPECT_FALSE(fs::exists(file));
}

InteractiveOptions tiny_options(const fs::path& cache_dir) {
  InteractiveOptions o;
  o.model_config = "sam3-tiny";
  o.random_weights = true;
  o.seed = 5;
  o.device = "cpu";
  o.cache_dir = cache_dir;
  return o;
}

Image photo(int w, int h, int shift) {
  Image img;
  img.width = w;
  img.height = h;
  img.rgb.resize(static_cast<std::size_t>(w) * h * 3);
  for (std::size_t i = 0; i < img.rgb.size(); ++i)
    img.rgb[i] = static_cast<std::uint8_t>((i * 7 + shift) % 251);
  return img;
}

TEST(InteractivePredictor, SecondSetImageOfAPhotoIsACacheHitWithIdenticalMasks) {
  testing::TempDir dir("facade");
  InteractivePredictor first(tiny_options(dir.path()));
  EXPECT_EQ(first.info().low_res_size, 32);
  const Image img = photo(90, 60, 0);
  EXPECT_FALSE(first.set_image(img, "sha-of-photo"));
  const std::vector<ClickPoint> click{{30, 20, true}};
  const auto a = first.predict(click);
  ASSERT_EQ(a.masks.size(), 3u);
  EXPECT_EQ(a.masks[0].mask.width, 90);
  EXPECT_EQ(a.masks[0].mask.height, 60);
  for (const auto& m : a.masks) EXPECT_LE(m.score, a.masks[a.best].score);
  // Only the best candidate comes at photo size; candidate_mask() gives any of them.
  const auto& best = a.masks[static_cast<std::size_t>(a.best)].mask;
  EXPECT_EQ(best.data.size(), 90u * 60u);
  EXPECT_EQ(first.candidate_mask(a.best).data, best.data);
  std::vector<std::vector<std::uint8_t>> candidates_a;
  for (int i = 0; i < 3; ++i) {
    if (i != a.best) {
      EXPECT_TRUE(a.masks[static_cast<std::size_t>(i)].mask.data.empty());
    }
    candidates_a.push_back(first.candidate_mask(i).data);
    EXPECT_EQ(candidates_a.back().size(), 90u * 60u);
  }
  EXPECT_THROW(first.candidate_mask(3), InvalidInput);
  // A new predictor (another session) reads the embedding from disk.
  InteractivePredictor second(tiny_options(dir.path()));
  EXPECT_THROW(second.candidate_mask(0), InvalidInput);  // no prediction yet
  EXPECT_TRUE(second.set_image(img, "sha-of-photo"));
  const auto b = second.predict(click);
  EXPECT_EQ(a.best, b.best);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(candidates_a[static_cast<std::size_t>(i)], second.candidate_mask(i).data);
    EXPECT_FLOAT_EQ(a.masks[static_cast<std::size_t>(i)].score,
                    b.masks[static_cast<std::size_t>(i)].score);
  }
  // Without a photo hash the pixels are the key: same pixels hit, other pixels miss.
  EXPECT_FALSE(second.set_image(img));
  EXPECT_TRUE(second.set_image(img));
  EXPECT_FALSE(second.set_image(photo(90, 60, 1)));
}

TEST(InteractivePredictor, ACorruptEntryIsRecomputedAndAnotherModelMisses) {
  testing::TempDir dir("facade_bad");
  InteractivePredictor p(tiny_options(dir.path()));
  const Image img = photo(50, 40, 2);
  p.set_image(img, "h");
  EmbeddingCache cache(dir.path(), 1ull << 30);
  const auto file = cache.entry_path({"h", p.info().model_hash});
  ASSERT_TRUE(fs::exists(file));
  fs::resize_file(file, 100);
  EXPECT_FALSE(p.set_image(img, "h"));  // rejected, recomputed, stored again
  EXPECT_TRUE(p.set_image(img, "h"));
  // The same photo hash with a different photo size is refused, not used.
  EXPECT_FALSE(p.set_image(photo(40, 50, 2), "h"));
  auto options = tiny_options(dir.path());
  options.seed = 6;  // other weights -> other model hash
  InteractivePredictor other(options);
  EXPECT_NE(other.info().model_hash, p.info().model_hash);
  EXPECT_FALSE(other.set_image(img, "h"));
}

TEST(InteractivePredictor, PromptsAreValidated) {
  auto options = tiny_options({});
  options.cache_dir.reset();
  InteractivePredictor p(options);
  EXPECT_THROW(p.predict({{1, 1, true}}), InvalidInput);  // no photo
  EXPECT_THROW(p.set_image(Image{}), InvalidInput);
  p.set_image(photo(64, 48, 3));
  EXPECT_THROW(p.predict({}), InvalidInput);
  EXPECT_THROW(p.predict({{std::nan(""), 1, true}}), InvalidInput);
  EXPECT_THROW(p.predict({}, PromptBox{10, 10, 5, 20}), InvalidInput);
  LowResMask wrong{8, 8, std::vector<float>(64, 0.f)};
  EXPECT_THROW(p.predict({}, std::nullopt, &wrong), InvalidInput);
  // Box only, single mask; then refine with the low-res mask of that result and a negative click.
  const auto boxed = p.predict({}, PromptBox{5, 5, 40, 30}, nullptr, false);
  ASSERT_EQ(boxed.masks.size(), 1u);
  const auto refined = p.predict({{20, 20, false}}, std::nullopt, &boxed.masks[0].low_res, false);
  ASSERT_EQ(refined.masks.size(), 1u);
  EXPECT_EQ(refined.masks[0].mask.data.size(), 64u * 48u);
}

}  // namespace
}  // namespace sam3
