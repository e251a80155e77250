// corpus: index and search a bilingual (Vietnamese / English) news corpus.
#include <csignal>
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "output.h"

int main(int argc, char** argv) {
  using namespace corpus::cli;
  // A closed pipe shows up as EPIPE on write, which output.cc turns into a quiet exit.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"corpus: index and search Vietnamese and English news, accent-aware", "corpus"};
  app.footer(R"(Examples:
  corpus ingest seeds/                      files, directories, .jsonl(.gz); '-' reads paths from stdin
  corpus search dai                         every accent variant: Đại, dài, đài ...
  corpus search '"thoả thuận"' --json       a phrase, as JSON Lines
  corpus show 004_a7242d4182bbc41b          one article
  corpus entity "South Africa"              an entity by any name, in either language
  corpus dedupe --json                      copies, excerpts and shared passages
  corpus search - < queries.txt             a query a line: JSON Lines, each hit with its query
  corpus export --format es-bulk            Elasticsearch / OpenSearch _bulk NDJSON
Exit codes: 0 ok, 1 nothing found or some inputs rejected, 2 usage or fatal error, 130 interrupted.)");
  app.set_version_flag("--version", std::string("corpus ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough();  // `corpus search x --db other.db` as well as `corpus --db other.db search x`
  Context ctx;
  app.add_option("--db", ctx.db, "database file")->envname("CORPUS_DB")->capture_default_str();
  std::string config;  // read by apply_config before parsing; declared so that parsing accepts it
  app.add_option("--config", config,
                 "defaults from this TOML file (else $CORPUS_CONFIG, else ~/.config/corpus/config.toml);"
                 " the command line and the environment override it");
  for (auto setup : {setup_ingest, setup_search, setup_show, setup_entities, setup_entity, setup_dedupe,
                     setup_stats, setup_check, setup_reindex, setup_export, setup_completion, setup_man}) {
    setup(app, ctx);
  }

  try {
    protect_exclusions(app, argc, argv);
    apply_config(app, argc, argv);
    app.parse(argc, argv);
    flush_stdout();
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    write_err(fmt::format("corpus: error: {}\nrun 'corpus --help' for usage\n", e.what()));
    return kFatal;
  } catch (const BrokenPipe&) {
    return kOk;  // `corpus search x | head -1`: the reader has what it wanted
  } catch (const std::exception& e) {
    write_err(fmt::format("corpus: error: {}\n", e.what()));
    return kFatal;
  }
  return ctx.exit_code;
}
