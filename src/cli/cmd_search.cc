#include <memory>
#include <string>
#include <vector>

#include <algorithm>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/dedupe.h"
#include "corpus/entities.h"
#include "corpus/search.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct SearchArgs {
  std::vector<std::string> words;
  std::string from, to, lang;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
  std::string entity, country;
  bool json = false, tsv = false, count = false, fts5 = false, no_expand = false, collapse = false;
};

// The ids of the entities a filter names; an error if it names none.
std::vector<std::int64_t> filter_ids(EntityIndex& index, const std::string& name, const char* option,
                                     bool countries_only) {
  std::vector<std::int64_t> ids;
  for (const auto& e : index.find(name, 50, /*counted=*/false)) {
    if (!countries_only || e.type == EntityType::country) ids.push_back(e.id);
  }
  if (ids.empty()) {
    write_err(fmt::format("corpus: {}: no {} named '{}' in this database\n", option,
                          countries_only ? "country" : "entity", name));
  }
  return ids;
}

int run_search(const SearchArgs& args, Context& ctx) {
  SearchOptions o;
  for (const auto& w : args.words) {
    if (!o.query.empty()) o.query += ' ';
    o.query += w;
  }
  for (auto [value, name, out, end] :
       {std::tuple{&args.from, "--from", &o.from, false}, {&args.to, "--to", &o.to, true}}) {
    if (value->empty()) continue;
    *out = date_bound(*value, end);
    if (!*out) throw CLI::ValidationError(name, "'" + *value + "' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)");
  }
  if (!args.lang.empty()) o.lang = args.lang;
  o.limit = args.limit;
  o.offset = args.offset;
  o.raw = args.fts5;
  o.collapse = args.collapse;

  auto store = Store::open(ctx.db, /*create=*/false);
  store->map_for_reading();
  EntityIndex index(*store);
  // A filter that names nothing leaves nothing to find: exit 1, as for a search without hits.
  for (auto [value, option, countries] : {std::tuple{&args.entity, "--entity", false},
                                          std::tuple{&args.country, "--country", true}}) {
    if (value->empty()) continue;
    auto ids = filter_ids(index, *value, option, countries);
    if (ids.empty()) {
      if (args.count) write_out("0\n");
      return kNothing;
    }
    o.entity_filters.push_back(std::move(ids));
  }
  if (!args.no_expand && !args.fts5) {
    // The query names an entity: its other names, in either language, find it too (search
    // leaves out those the query implies, the name as typed among them).
    for (const auto& e : index.named(o.query, 10, /*counted=*/false)) {
      for (const auto& alias : index.searchable_aliases(e)) {
        if (std::find(o.expansions.begin(), o.expansions.end(), alias) == o.expansions.end()) {
          o.expansions.push_back(alias);
        }
      }
    }
  }
  if (args.count) {
    const auto n = count_matches(*store, o);
    write_out(std::to_string(n) + "\n");
    return n > 0 ? kOk : kNothing;
  }
  if (o.collapse && !Deduper::has_run(*store)) {
    write_err("corpus: --collapse groups the copies `corpus dedupe` found; run it first\n");
  }
  const auto hits = search(*store, o);
  const Format f = format_of(args.json, args.tsv);
  for (std::size_t i = 0; i < hits.size(); ++i) print_hit(f, hits[i], static_cast<std::size_t>(o.offset) + i + 1);
  return hits.empty() ? kNothing : kOk;
}

}  // namespace

void setup_search(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* sub = app.add_subcommand("search", "ranked full-text search (accent-aware)");
  sub->add_option("query", args->words,
                  "words (all must occur), \"phrases\", a OR b, -excluded, prefix*, (groups), title:word")
      ->required();
  sub->add_option("--from", args->from, "only articles dated on or after this day (YYYY-MM-DD; YYYY-MM or YYYY: its first day)");
  sub->add_option("--to", args->to, "only articles dated on or before this day (YYYY-MM-DD; YYYY-MM or YYYY: its last day)");
  sub->add_option("--lang", args->lang, "only articles in this language")->check(CLI::IsMember({"vi", "en"}));
  sub->add_option("-n,--limit", args->limit, "hits to print")->check(CLI::NonNegativeNumber)->capture_default_str();
  sub->add_option("--offset", args->offset, "hits to skip")->check(CLI::NonNegativeNumber);
  auto* json = sub->add_flag("--json", args->json, "JSON Lines: one object per hit");
  auto* tsv = sub->add_flag("--tsv", args->tsv, "tab-separated: id, date, lang, score, title, path, snippet");
  json->excludes(tsv);
  sub->add_flag("--count", args->count, "print only the number of matching articles");
  sub->add_flag("--fts5", args->fts5, "the query is raw FTS5 syntax (errors are yours)");
  sub->add_option("--entity", args->entity, "only articles that mention this entity (any name, code or prefix)");
  sub->add_option("--country", args->country, "only articles that mention this country (ISO code or any name)");
  sub->add_flag("--collapse", args->collapse,
                "one hit per group of copies (as `corpus dedupe` found them), with how many it hides");
  sub->add_flag("--no-expand", args->no_expand,
                "search only the words typed, not the other names of the entity they name");
  sub->callback([args, &ctx] { ctx.exit_code = run_search(*args, ctx); });
}

}  // namespace corpus::cli
