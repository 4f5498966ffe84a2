#pragma once
// Each subcommand of sam3studio-cli registers itself on the CLI11 app and runs when selected.
// A command returns the process exit code: 0 success, 1 failure (message on stderr), 2 usage.
#include <CLI/CLI.hpp>

#include <functional>

namespace sam3::cli {

using Runner = std::function<int()>;
Runner add_info_command(CLI::App& app);

}  // namespace sam3::cli
