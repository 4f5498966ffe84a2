// sam3studio-cli: the headless face of the engine (predict, train, eval, import, export, ...).
#include <CLI/CLI.hpp>

#include <iostream>
#include <vector>

#include "app/cli/commands.h"
#include "core/util/errors.h"
#include "core/util/version.h"

int main(int argc, char** argv) {
  CLI::App app{"SAM3 Studio command line: fine-tune and run SAM3 on your photos", "sam3studio-cli"};
  app.set_version_flag("--version", "sam3studio-cli " + sam3::version_with_sha());
  app.require_subcommand(0, 1);

  std::vector<sam3::cli::Runner> runners;
  runners.push_back(sam3::cli::add_info_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
    return 0;
  }
  try {
    for (auto& run : runners) {
      if (int rc = run(); rc >= 0) return rc;
    }
  } catch (const sam3::Error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
