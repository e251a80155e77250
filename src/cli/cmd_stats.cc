#include <memory>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "corpus/store.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct StatsArgs {
  bool json = false, tsv = false;
};

int run_stats(const StatsArgs& args, Context& ctx) {
  auto store = Store::open(ctx.db, /*create=*/false);
  store->map_for_reading();
  print_stats(format_of(args.json, args.tsv), store->stats(), ctx.db);
  return kOk;
}

}  // namespace

void setup_stats(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* sub = app.add_subcommand("stats", "counts by language and date range, and the index size");
  auto* json = sub->add_flag("--json", args->json, "one JSON object");
  auto* tsv = sub->add_flag("--tsv", args->tsv, "key, value lines");
  json->excludes(tsv);
  sub->callback([args, &ctx] { ctx.exit_code = run_stats(*args, ctx); });
}

}  // namespace corpus::cli
