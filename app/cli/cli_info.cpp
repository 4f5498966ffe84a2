#include <iostream>

#include "app/cli/commands.h"
#include "core/inference/runtime_info.h"

namespace sam3::cli {

Runner add_info_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("info", "Print LibTorch version, CUDA availability and GPUs as JSON");
  return [cmd]() -> int {
    if (!cmd->parsed()) return -1;
    std::cout << to_json(runtime_info()) << '\n';
    return 0;
  };
}

}  // namespace sam3::cli
