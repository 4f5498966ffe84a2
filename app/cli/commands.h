#pragma once
// Subcommands of sam3studio-cli. Each cli_<name>.cpp registers itself at static-initialisation
// time with SAM3_CLI_COMMAND; main() adds them all to the CLI11 app and runs the selected one.
// A runner returns the exit code: 0 success, 1 failure (message on stderr), 2 usage error.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace sam3::cli {

using Runner = std::function<int()>;
// Adds the subcommand to `app` and returns what runs it once it has been parsed.
using Registrar = std::function<Runner(CLI::App& app, CLI::App*& subcommand)>;

struct CommandEntry {
  std::string name;
  Registrar registrar;
};

std::vector<CommandEntry>& command_registry();
bool register_command(std::string name, Registrar registrar);

}  // namespace sam3::cli

// In a cli_<name>.cpp: SAM3_CLI_COMMAND(info, [](CLI::App& app, CLI::App*& sub) { ... });
#define SAM3_CLI_COMMAND(NAME, REGISTRAR) \
  static const bool sam3_cli_registered_##NAME = ::sam3::cli::register_command(#NAME, REGISTRAR)
