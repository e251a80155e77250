#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/entities.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct EntitiesArgs {
  std::string type;
  std::int64_t limit = 50;
  OutputArgs output;
};

int run_entities(const EntitiesArgs& args, Context& ctx) {
  std::optional<EntityType> type;
  if (!args.type.empty()) {
    type = entity_type_from_string(args.type);
    if (!type) throw CLI::ValidationError("--type", "must be country, official, org or agreement");
  }
  const Format f = format_of(args.output);
  const std::vector<std::string> fields = fields_of(args.output, f, entity_fields());
  auto store = Store::open(ctx.db, /*create=*/false);
  store->map_for_reading();
  EntityIndex index(*store);
  const auto list = index.list(type, args.limit);
  print_entity_header(f, fields);
  std::size_t rank = 0;
  for (const auto& e : list) print_entity(f, e, ++rank, fields);
  return list.empty() ? kNothing : kOk;
}

}  // namespace

void setup_entities(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<EntitiesArgs>();
  CLI::App* sub = app.add_subcommand("entities", "entities with mention and article counts, most mentioned first");
  sub->add_option("--type", args->type, "country, official, org or agreement")
      ->check(CLI::IsMember({"country", "official", "org", "agreement"}));
  sub->add_option("--limit", args->limit, "at most this many")->capture_default_str()->check(CLI::PositiveNumber);
  add_output_options(sub, args->output, entity_fields(), "type, name, code, name_en, mentions, articles");
  sub->callback([args, &ctx] { ctx.exit_code = run_entities(*args, ctx); });
}

}  // namespace corpus::cli
