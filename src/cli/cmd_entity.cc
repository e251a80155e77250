#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/entities.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct EntityArgs {
  std::string name;
  std::int64_t limit = 5;
  bool json = false, tsv = false;
};

int run_entity(const EntityArgs& args, Context& ctx) {
  auto store = Store::open(ctx.db, /*create=*/false);
  store->map_for_reading();
  EntityIndex index(*store);
  const auto found = index.find(args.name, args.limit);
  if (found.empty()) {
    write_err(fmt::format("corpus: no entity named '{}'\n", args.name));
    return kNothing;
  }
  bool first = true;
  for (const auto& e : found) {
    if (!first && !args.json && !args.tsv) write_out("\n");
    first = false;
    print_entity_detail(format_of(args.json, args.tsv), index.detail(e));
  }
  return kOk;
}

}  // namespace

void setup_entity(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<EntityArgs>();
  CLI::App* sub = app.add_subcommand(
      "entity", "one entity by any name in either language, by ISO code or by prefix (naghi*): its aliases, "
                "roles, articles and the entities mentioned with it");
  sub->add_option("name", args->name, "a name, alias, code or prefix")->required();
  sub->add_option("--limit", args->limit, "at most this many entities when the name fits several")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  auto* json = sub->add_flag("--json", args->json, "one JSON object per entity");
  auto* tsv = sub->add_flag("--tsv", args->tsv, "tagged lines: entity, alias, role, article, related");
  json->excludes(tsv);
  sub->callback([args, &ctx] { ctx.exit_code = run_entity(*args, ctx); });
}

}  // namespace corpus::cli
