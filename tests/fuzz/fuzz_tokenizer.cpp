// libFuzzer target: the CLIP byte-level BPE tokenizer (core/model/tokenizer*.cpp) on arbitrary
// prompt bytes: UTF-8 decoding, HTML unescaping, cleaning, pre-tokenisation and BPE. Invalid UTF-8
// must be an InvalidInput; any valid text gives exactly context_length ids within the vocabulary.
// The vocabulary is the official bpe_simple_vocab_16e6.txt.gz, from $SAM3_FUZZ_CLIP_VOCAB or
// ../shared/reference/clip-bpe; the target exits with a message when neither exists.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/model/tokenizer.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

std::unique_ptr<sam3::ClipTokenizer> g_tokenizer;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* env = std::getenv("SAM3_FUZZ_CLIP_VOCAB");
  std::filesystem::path vocab = env != nullptr
                                    ? std::filesystem::path(env)
                                    : std::filesystem::path(SAM3_FUZZ_DEFAULT_CLIP_VOCAB);
  if (!std::filesystem::exists(vocab)) {
    std::fprintf(stderr, "fuzz_tokenizer: no vocabulary at %s (set SAM3_FUZZ_CLIP_VOCAB)\n",
                 vocab.c_str());
    std::exit(2);
  }
  g_tokenizer = std::make_unique<sam3::ClipTokenizer>(sam3::ClipTokenizer::from_path(vocab));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<std::int64_t> ids = g_tokenizer->encode(text);
    if (ids.size() != g_tokenizer->context_length()) __builtin_trap();
    for (std::int64_t id : ids)
      if (id < 0 || id > sam3::ClipTokenizer::kEndOfText) __builtin_trap();
  } catch (const sam3::InvalidInput&) {
  }
  return 0;
}
