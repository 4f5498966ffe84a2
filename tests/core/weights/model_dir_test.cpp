#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/util/errors.h"
#include "core/weights/model_dir.h"
#include "test_support.h"

namespace sam3::weights {
namespace {

namespace fs = std::filesystem;

void touch(const fs::path& p, const std::string& text = "x") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// Sets environment variables for one test and restores them after.
class EnvGuard {
 public:
  explicit EnvGuard(std::vector<std::pair<std::string, std::optional<std::string>>> vars) {
    for (auto& [name, value] : vars) {
      const char* old = std::getenv(name.c_str());
      saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }
  ~EnvGuard() {
    for (auto& [name, value] : saved_) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// huggingface_hub's layout: blobs/<hash>, snapshots/<rev>/<file> -> ../../blobs/<hash>, refs/main.
fs::path make_hub_repo(const fs::path& hub, const std::string& rev, bool with_refs) {
  const fs::path repo = hub / "models--facebook--sam3";
  touch(repo / "blobs/0123abcd", "weights");
  touch(repo / "blobs/4567ef01", "{}");
  fs::create_directories(repo / "snapshots" / rev);
  fs::create_symlink("../../blobs/0123abcd", repo / "snapshots" / rev / "model.safetensors");
  fs::create_symlink("../../blobs/4567ef01", repo / "snapshots" / rev / "config.json");
  if (with_refs) touch(repo / "refs/main", rev + "\n");
  return repo / "snapshots" / rev;
}

TEST(ModelDir, InspectsAHuggingFaceLayoutFolder) {
  test::ScratchDir dir;
  for (const char* f : {"config.json", "model.safetensors", "vocab.json", "merges.txt"})
    touch(dir / f);
  const auto m = inspect_model_dir(dir.path());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->weights, dir / "model.safetensors");
  EXPECT_EQ(m->config, dir / "config.json");
  EXPECT_TRUE(m->has_tokenizer());
  EXPECT_FALSE(m->bpe_gz);
}

TEST(ModelDir, AcceptsTheOfficialCheckpointAndVocabulary) {
  test::ScratchDir dir;
  touch(dir / "sam3.pt");
  EXPECT_FALSE(inspect_model_dir(dir.path())->has_tokenizer());
  touch(dir / "bpe_simple_vocab_16e6.txt.gz");
  const auto m = inspect_model_dir(dir.path());
  EXPECT_EQ(m->weights, dir / "sam3.pt");
  EXPECT_TRUE(m->has_tokenizer());
  EXPECT_FALSE(inspect_model_dir(dir / "empty"));
}

TEST(ModelDir, FindsTheHubCacheSnapshotFromHfHubCache) {
  test::ScratchDir dir;
  make_hub_repo(dir / "hub", "1111aaaa", false);
  const fs::path want = make_hub_repo(dir / "hub", "2222bbbb", true);
  EnvGuard env({{"HF_HUB_CACHE", (dir / "hub").string()}, {"HUGGINGFACE_HUB_CACHE", std::nullopt}});
  const ModelDir m = find_model_dir();
  EXPECT_EQ(m.root, want);
  EXPECT_EQ(fs::canonical(m.weights),
            fs::canonical(dir / "hub/models--facebook--sam3/blobs/0123abcd"));
  EXPECT_TRUE(m.config);
}

TEST(ModelDir, FallsBackToHfHomeAndToTheNewestSnapshotWithoutRefs) {
  test::ScratchDir dir;
  const fs::path want = make_hub_repo(dir / "home/hub", "3333cccc", false);
  EnvGuard env({{"HF_HUB_CACHE", std::nullopt},
                {"HUGGINGFACE_HUB_CACHE", std::nullopt},
                {"HF_HOME", (dir / "home").string()}});
  EXPECT_EQ(hf_hub_cache_candidates(), std::vector<fs::path>{dir / "home/hub"});
  EXPECT_EQ(find_model_dir().root, want);
}

TEST(ModelDir, DefaultCacheIsUnderHomeAndMissingModelNamesThePlace) {
  test::ScratchDir dir;
  EnvGuard env({{"HF_HUB_CACHE", std::nullopt},
                {"HUGGINGFACE_HUB_CACHE", std::nullopt},
                {"HF_HOME", std::nullopt},
                {"XDG_CACHE_HOME", std::nullopt},
                {"HOME", dir.path().string()}});
  EXPECT_EQ(hf_hub_cache_candidates(), std::vector<fs::path>{dir / ".cache/huggingface/hub"});
  try {
    find_model_dir();
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("models--facebook--sam3"), std::string::npos) << e.what();
  }
}

TEST(ModelDir, ExplicitFileOrFolderWins) {
  test::ScratchDir dir;
  touch(dir / "w/custom.safetensors");
  touch(dir / "w/config.json");
  touch(dir / "w/bpe_simple_vocab_16e6.txt.gz");
  const ModelDir m = find_model_dir(dir / "w/custom.safetensors");
  EXPECT_EQ(m.weights, dir / "w/custom.safetensors");
  EXPECT_EQ(m.config, dir / "w/config.json");
  EXPECT_TRUE(m.has_tokenizer());
  EXPECT_THROW(find_model_dir(dir / "w"), IoError);  // a folder needs model.safetensors or sam3.pt
}

}  // namespace
}  // namespace sam3::weights
