// What every subcommand file shares: the context, the exit codes, the table of subcommands.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace corpus::cli {

enum ExitCode : int { kOk = 0, kNothing = 1, kFatal = 2, kInterrupted = 130 };

struct Context {
  std::string db = "corpus.db";  // --db, else $CORPUS_DB, else ./corpus.db
  int exit_code = kOk;
};

// One per subcommand file: each adds its subcommand, whose callback sets ctx.exit_code.
void setup_ingest(CLI::App& app, Context& ctx);
void setup_search(CLI::App& app, Context& ctx);
void setup_show(CLI::App& app, Context& ctx);
void setup_stats(CLI::App& app, Context& ctx);
void setup_check(CLI::App& app, Context& ctx);
void setup_entities(CLI::App& app, Context& ctx);
void setup_entity(CLI::App& app, Context& ctx);
void setup_reindex(CLI::App& app, Context& ctx);
void setup_dedupe(CLI::App& app, Context& ctx);

}  // namespace corpus::cli
