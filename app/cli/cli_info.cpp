#include <iostream>

#include "app/cli/commands.h"
#include "core/inference/model_info.h"
#include "core/inference/runtime_info.h"

namespace {

sam3::cli::Runner add_info(CLI::App& app, CLI::App*& sub) {
  auto model_config = std::make_shared<std::string>();
  sub = app.add_subcommand("info", "Print LibTorch version, CUDA availability and GPUs as JSON");
  sub->add_option("--model-config", *model_config,
                  "Instead: parameter counts of a model (sam3, sam3-tiny or a YAML file)");
  return [model_config] {
    if (!model_config->empty()) {
      std::cout << sam3::to_json(sam3::count_parameters(*model_config)) << '\n';
    } else {
      std::cout << sam3::to_json(sam3::runtime_info()) << '\n';
    }
    return 0;
  };
}

}  // namespace

SAM3_CLI_COMMAND(info, add_info);
