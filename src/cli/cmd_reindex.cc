#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/entities.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct ReindexArgs {
  bool entities = false;
};

int run_reindex(const ReindexArgs& args, Context& ctx) {
  auto store = Store::open(ctx.db, /*create=*/false);
  if (!args.entities) {
    // Opening the store already rebuilt the full-text index if the text rules changed.
    write_err("corpus: the full-text index is current; use --entities to re-extract entities\n");
    return kOk;
  }
  EntityIndex index(*store);
  const std::int64_t n = index.reindex();
  write_err(fmt::format("corpus: entities re-extracted from {} article{}\n", n, n == 1 ? "" : "s"));
  return kOk;
}

}  // namespace

void setup_reindex(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReindexArgs>();
  CLI::App* sub = app.add_subcommand("reindex", "rebuild derived data after a rule change");
  sub->add_flag("--entities", args->entities, "re-extract every article's entities with the current rules");
  sub->callback([args, &ctx] { ctx.exit_code = run_reindex(*args, ctx); });
}

}  // namespace corpus::cli
