// Defaults from a config file. CLI11 reads a config file itself, but before the environment,
// so a value in the file would beat $CORPUS_DB; the order a user expects is the command line,
// then the environment, then the file. So each value from the file becomes its option's
// default here, before parsing: the command line and the environment still win.
//
// A default loses only to its own option, though, and some options say the same thing: with
// `format = "tsv"` in the file, `--json` left the format `tsv`, which commands read first; with
// `json = true`, `--tsv` left both set. So once the command line is read, a value from the file
// whose option excludes one the command line gave (--json, --tsv, --csv and --format; --dedupe
// and --no-dedupe) is taken back. CLI11 checks exclusion on the command line alone, so a
// default never makes the other option an error.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// An option the file gave a default, with the value it had before (what taking the file's
// value back restores).
struct FromFile {
  CLI::Option* option;
  std::string before;
};

// The value `opt` holds now, as the text its callback reads. Flags keep no such text; every
// flag here starts false.
std::string current_value(CLI::Option* opt) {
  if (opt->get_expected_max() == 0) return "false";
  return opt->capture_default_str()->get_default_str();
}

// After the command line is read, before any command runs: a file's value whose option
// excludes one given on the command line is taken back. Through the option's callback, which
// sets the variable without the option's checks (an empty --format is no choice of CLI11's,
// but is the unset format).
void take_back_excluded(const std::vector<FromFile>& from_file) {
  for (const auto& [opt, before] : from_file) {
    if (opt->count() > 0) continue;  // the command line (or the environment) set it itself
    const auto excluded = opt->get_excludes();
    const auto given = [](const CLI::Option* o) { return o->count() > 0; };
    if (std::any_of(excluded.begin(), excluded.end(), given)) opt->get_callback()({before});
  }
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
  std::vector<FromFile> from_file;
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
    const auto same = [opt](const FromFile& f) { return f.option == opt; };
    if (std::none_of(from_file.begin(), from_file.end(), same)) {
      from_file.push_back({opt, current_value(opt)});
    }
    try {
      opt->default_val(value);
    } catch (const CLI::Error& e) {
      throw CLI::ConfigError(fmt::format("config file '{}': {} --{} = {}: {}", path, where, item.name, value, e.what()));
    }
  }
  // The app's own callback for the end of parsing: it runs before any subcommand's.
  if (!from_file.empty()) {
    app.parse_complete_callback(
        [from_file = std::move(from_file)] { take_back_excluded(from_file); });
  }
}

}  // namespace corpus::cli
