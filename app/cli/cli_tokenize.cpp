// sam3studio-cli tokenize --vocab FILE TEXT...
// Prints, for each TEXT, one JSON array of the 32 token ids the SAM3 text encoder receives
// (exactly the official tokenizer's output; see core/model/tokenizer.h). FILE is the official
// bpe_simple_vocab_16e6.txt.gz, a Hugging Face vocab.json (merges.txt beside it) or a model folder.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "core/model/tokenizer.h"

namespace {

struct TokenizeArgs {
  std::string vocab;
  std::vector<std::string> texts;
};

sam3::cli::Runner add_tokenize(CLI::App& app, CLI::App*& sub) {
  auto args = std::make_shared<TokenizeArgs>();
  sub = app.add_subcommand("tokenize", "Print the 32 SAM3 text token ids of each TEXT as JSON");
  sub->add_option("--vocab", args->vocab,
                  "bpe_simple_vocab_16e6.txt.gz, vocab.json (+ merges.txt) or a model folder")
      ->required();
  sub->add_option("texts", args->texts, "Prompts, one JSON line each")->required();
  return [args] {
    // IoError / FormatError / InvalidInput reach main(), which prints them and returns 1.
    const sam3::ClipTokenizer tokenizer = sam3::ClipTokenizer::from_path(args->vocab);
    for (const std::string& text : args->texts) {
      std::cout << nlohmann::json(tokenizer.encode(text)).dump() << '\n';
    }
    return 0;
  };
}

}  // namespace

SAM3_CLI_COMMAND(tokenize, add_tokenize);
