#include <chrono>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/dedupe.h"
#include "corpus/entities.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct ReindexArgs {
  bool index = false, entities = false, fingerprints = false;
  bool quiet = false;
};

// Everything here is derived from the stored articles, so any part of it can be thrown away
// and made again: after a rule change, or when `corpus check` finds it damaged.
int run_reindex(ReindexArgs args, Context& ctx) {
  if (!args.index && !args.entities && !args.fingerprints) args.index = args.entities = args.fingerprints = true;
  auto store = Store::open(ctx.db, /*create=*/false);
  store->require_writable("reindex");
  const auto articles = store->stats().articles;
  auto timed = [&](const char* what, auto&& work) {
    const auto started = std::chrono::steady_clock::now();
    const std::string detail = work();
    if (args.quiet) return;
    write_err(fmt::format("corpus: {} from {} article{}{} in {:.2f} s\n", what, articles, articles == 1 ? "" : "s",
                          detail, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()));
  };
  if (args.index) {
    timed("full-text index rebuilt", [&] {
      store->rebuild_index();
      return std::string();
    });
  }
  if (args.entities) {
    timed("entities re-extracted", [&] {
      EntityIndex(*store).reindex();
      return std::string();
    });
  }
  if (args.fingerprints) {
    timed("fingerprints made again", [&] {
      // Under the thresholds the pairs were found with, not the defaults.
      const auto options = Deduper::stored_options(*store);
      const DedupeCounts d = Deduper(*store, options.value_or(DedupeOptions{})).rebuild();
      return options ? fmt::format(", {} dedupe pair{}", d.pairs, d.pairs == 1 ? "" : "s") : std::string();
    });
  }
  return kOk;
}

}  // namespace

void setup_reindex(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReindexArgs>();
  CLI::App* sub = app.add_subcommand(
      "reindex", "rebuild what is derived from the stored articles (all of it unless a part is named)");
  sub->add_flag("--index", args->index, "the full-text index and its vocabulary of folded and stemmed forms");
  sub->add_flag("--entities", args->entities, "every article's entities, with the current rules");
  sub->add_flag("--fingerprints", args->fingerprints,
                "dedupe fingerprints and, once `corpus dedupe` has run, the pairs (under the thresholds they had)");
  sub->add_flag("-q,--quiet", args->quiet, "no summary");
  sub->callback([args, &ctx] { ctx.exit_code = run_reindex(*args, ctx); });
}

}  // namespace corpus::cli
