// What every subcommand file shares: the context, the exit codes, the table of subcommands.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}

namespace corpus::cli {

enum ExitCode : int { kOk = 0, kNothing = 1, kFatal = 2, kInterrupted = 130 };

inline constexpr const char* kVersion = CORPUS_VERSION;  // the project's, from CMake

struct Context {
  std::string db = "corpus.db";  // --db, else $CORPUS_DB, else ./corpus.db
  int exit_code = kOk;
};

// One per subcommand file: each adds its subcommand, whose callback sets ctx.exit_code.
void setup_ingest(CLI::App& app, Context& ctx);
void setup_search(CLI::App& app, Context& ctx);
// CLI11 reads an argument that starts with `-` and a letter as a short option, so a query word
// that excludes (`corpus search trade -agreement`, `corpus search '-agreement trade'`) would be
// an unknown option: each such argument after `search` that is none of its short options gets
// a leading space, which makes it a positional and which the query parser skips. Call before
// parsing (and before apply_config, which reads the command line too).
void protect_exclusions(CLI::App& app, int argc, char** argv);
void setup_show(CLI::App& app, Context& ctx);
void setup_stats(CLI::App& app, Context& ctx);
void setup_check(CLI::App& app, Context& ctx);
void setup_entities(CLI::App& app, Context& ctx);
void setup_entity(CLI::App& app, Context& ctx);
void setup_reindex(CLI::App& app, Context& ctx);
void setup_dedupe(CLI::App& app, Context& ctx);
void setup_export(CLI::App& app, Context& ctx);
// Made from the app itself (cli_model.h): shell completion, the manual page.
void setup_completion(CLI::App& app, Context& ctx);
void setup_man(CLI::App& app, Context& ctx);

// --json, --tsv, --csv, --format and --fields (output_options.cc), for the listing commands.
struct OutputArgs {
  bool json = false, tsv = false, csv = false;
  std::string format, fields;
  // --fields itself (add_output_options sets it): whether the command line gave it, or only
  // the config file, whose columns the table then leaves out rather than failing.
  const CLI::Option* fields_option = nullptr;
};
void add_output_options(CLI::App* sub, OutputArgs& args, const std::vector<std::string>& fields,
                        const std::string& tsv_help);

// `--from` / `--to` (output_options.cc): none when empty, else the day it bounds
// (search.h's date_bound: a month or year as its first or, with `end`, last day);
// CLI::ValidationError for what is not a date.
std::optional<std::string> date_option(const std::string& value, const char* name, bool end);

// Defaults from the config file (config.cc): `--config FILE`, else $CORPUS_CONFIG, else
// $XDG_CONFIG_HOME/corpus/config.toml (~/.config/...) when it exists. TOML: top-level keys are
// the global options (`db = "news.db"`), `[search]` and the like hold a subcommand's
// (`limit = 5`, `format = "json"`). Each value becomes its option's default, so the command
// line, then the environment, override it; one whose option excludes an option the command
// line gives (the file's `format`, `--json` given) is taken back by the app's parse-complete
// callback, which apply_config sets. Call after every setup_*, before parsing.
void apply_config(CLI::App& app, int argc, char** argv);

}  // namespace corpus::cli
