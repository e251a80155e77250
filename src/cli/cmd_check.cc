#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/dedupe.h"
#include "corpus/entities.h"
#include "output.h"

namespace corpus::cli {
namespace {

int run_check(Context& ctx) {
  auto store = Store::open(ctx.db, /*create=*/false);
  auto problems = store->check();
  for (auto& p : EntityIndex(*store).check()) problems.push_back(std::move(p));
  for (auto& p : Deduper::check(*store)) problems.push_back(std::move(p));
  for (const auto& p : problems) write_out(p + "\n");
  if (problems.empty()) write_out("ok\n");
  if (store->read_only()) {
    write_err("corpus: note: the database is read-only, so the full-text indexes were not checked against the text "
              "(FTS5 checks only a writable database)\n");
  }
  return problems.empty() ? kOk : kNothing;
}

}  // namespace

void setup_check(CLI::App& app, Context& ctx) {
  CLI::App* sub = app.add_subcommand(
      "check", "verify the database: SQLite's integrity and foreign keys, the full-text index against the"
      " articles, entity mentions against the text, the names index, the dedupe tables");
  sub->callback([&ctx] { ctx.exit_code = run_check(ctx); });
}

}  // namespace corpus::cli
