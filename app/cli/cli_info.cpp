#include <iostream>

#include "app/cli/commands.h"
#include "core/inference/runtime_info.h"

namespace {

sam3::cli::Runner add_info(CLI::App& app, CLI::App*& sub) {
  sub = app.add_subcommand("info", "Print LibTorch version, CUDA availability and GPUs as JSON");
  return [] {
    std::cout << sam3::to_json(sam3::runtime_info()) << '\n';
    return 0;
  };
}

}  // namespace

SAM3_CLI_COMMAND(info, add_info);
