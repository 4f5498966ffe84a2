// sam3studio-cli: the headless face of the engine (predict, train, eval, import, export, ...).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <vector>

#include "app/cli/commands.h"
#include "core/util/errors.h"
#include "core/util/version.h"

namespace sam3::cli {

std::vector<CommandEntry>& command_registry() {
  static std::vector<CommandEntry> registry;
  return registry;
}

bool register_command(std::string name, Registrar registrar) {
  command_registry().push_back({std::move(name), std::move(registrar)});
  return true;
}

}  // namespace sam3::cli

int main(int argc, char** argv) {
  CLI::App app{"SAM3 Studio command line: fine-tune and run SAM3 on your photos", "sam3studio-cli"};
  app.set_version_flag("--version", "sam3studio-cli " + sam3::version_with_sha());
  app.require_subcommand(0, 1);

  auto& registry = sam3::cli::command_registry();
  std::sort(registry.begin(), registry.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<std::pair<CLI::App*, sam3::cli::Runner>> commands;
  for (auto& entry : registry) {
    CLI::App* sub = nullptr;
    auto runner = entry.registrar(app, sub);
    commands.emplace_back(sub, std::move(runner));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (auto& [sub, run] : commands) {
    if (!sub->parsed()) continue;
    try {
      return run();
    } catch (const sam3::Error& e) {
      std::cerr << "error: " << e.what() << '\n';
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "internal error: " << e.what() << '\n';
      return 1;
    }
  }
  std::cout << app.help();
  return 0;
}
