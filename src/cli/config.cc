// Defaults from a config file. CLI11 reads a config file itself, but before the environment,
// so a value in the file would beat $CORPUS_DB; the order a user expects is the command line,
// then the environment, then the file. So each value from the file becomes its option's
// default here, before parsing: the command line and the environment still win.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"

namespace corpus::cli {
namespace {

// `--config FILE` (or `--config=FILE`) from the arguments, before CLI11 has read them.
std::string config_argument(int argc, char** argv) {
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--config" && i + 1 < argc) path = argv[++i];
    else if (a.starts_with("--config=")) path = a.substr(9);
  }
  return path;
}

// The config file apply_config reads; `named`: given by --config or $CORPUS_CONFIG.
std::string config_path(int argc, char** argv, bool& named) {
  std::string path = config_argument(argc, argv);
  named = !path.empty();
  if (named) return path;
  if (const char* env = std::getenv("CORPUS_CONFIG"); env != nullptr && *env != '\0') {
    named = true;
    return env;
  }
  std::filesystem::path dir;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') dir = xdg;
  else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') dir = std::filesystem::path(home) / ".config";
  else return {};
  return (dir / "corpus" / "config.toml").string();
}

}  // namespace

void apply_config(CLI::App& app, int argc, char** argv) {
  bool named = false;
  const std::string path = config_path(argc, argv, named);
  if (path.empty()) return;
  std::ifstream in(path);
  if (!in) {
    // The default place may well hold nothing; a file asked for by name must be there.
    if (!named) return;
    throw CLI::FileError(fmt::format("cannot read config file '{}'", path));
  }
  for (const CLI::ConfigItem& item : CLI::ConfigTOML().from_config(in)) {
    if (item.name == "++" || item.name == "--") continue;  // CLI11's marks for entering and leaving a section
    CLI::App* scope = &app;
    for (const auto& parent : item.parents) {
      CLI::App* sub = nullptr;
      for (CLI::App* s : scope->get_subcommands({})) {
        if (s->get_name() == parent) sub = s;
      }
      scope = sub;
      if (scope == nullptr) {
        throw CLI::ConfigError(fmt::format("config file '{}': no subcommand '{}'", path, parent));
      }
    }
    const std::string where = item.parents.empty() ? "corpus" : "corpus " + item.parents.back();
    CLI::Option* opt = item.name.size() == 1 ? scope->get_option_no_throw("-" + item.name)
                                             : scope->get_option_no_throw("--" + item.name);
    if (opt == nullptr || opt->get_positional() || item.name == "config" || item.name == "help") {
      throw CLI::ConfigError(fmt::format("config file '{}': `{}` has no option --{}", path, where, item.name));
    }
    std::string value;
    for (const auto& v : item.inputs) value += (value.empty() ? "" : " ") + v;
    try {
      opt->default_val(value);
    } catch (const CLI::Error& e) {
      throw CLI::ConfigError(fmt::format("config file '{}': {} --{} = {}: {}", path, where, item.name, value, e.what()));
    }
  }
}

}  // namespace corpus::cli
