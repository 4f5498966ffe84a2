#pragma once
// Finding the model files: a folder in the Hugging Face layout (config.json, model.safetensors or
// sam3.pt, tokenizer files) given explicitly, or the snapshot of facebook/sam3 in the Hugging Face
// hub cache (HF_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub, else
// ~/.cache/huggingface/hub), as huggingface_hub lays it out.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sam3::weights {

struct ModelDir {
  std::filesystem::path root;
  std::filesystem::path weights;                    // model.safetensors, else sam3.pt
  std::optional<std::filesystem::path> config;      // config.json
  std::optional<std::filesystem::path> vocab_json;  // HF tokenizer: vocab.json + merges.txt
  std::optional<std::filesystem::path> merges_txt;
  std::optional<std::filesystem::path> bpe_gz;  // official bpe_simple_vocab_16e6.txt.gz
  bool has_tokenizer() const { return (vocab_json && merges_txt) || bpe_gz; }
};

// The files of `dir`; nullopt when it holds no weights file.
std::optional<ModelDir> inspect_model_dir(const std::filesystem::path& dir);

// The hub cache folders to search, in order of precedence, from the environment.
std::vector<std::filesystem::path> hf_hub_cache_candidates();

// The snapshot of `repo_id` in `hub_cache`: the revision refs/main names, else the most recently
// modified snapshot that holds weights; nullopt when there is none.
std::optional<std::filesystem::path> hf_snapshot(const std::filesystem::path& hub_cache,
                                                 const std::string& repo_id = "facebook/sam3");

// `path` when given (a model folder, or a weights file whose folder supplies the rest), else the
// facebook/sam3 snapshot of the first hub cache that has one. Throws IoError naming every place
// searched when nothing is found.
ModelDir find_model_dir(const std::optional<std::filesystem::path>& path = std::nullopt);

}  // namespace sam3::weights
