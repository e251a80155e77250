#include <memory>
#include <string>
#include <vector>

#include <algorithm>
#include <limits>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include "cli.h"
#include "corpus/dedupe.h"
#include "corpus/entities.h"
#include "corpus/line_reader.h"
#include "corpus/query.h"
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
  std::string sort = "relevance";
  bool count = false, fts5 = false, no_expand = false, collapse = false, loose = false;
  OutputArgs output;
};

// A batch query line longer than this is no query (the longest of the benchmark's is 40).
constexpr std::size_t kMaxQueryBytes = 64 * 1024;

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

// What every query of one run shares: the store, the filters, the output.
struct Run {
  const SearchArgs& args;
  Store& store;
  EntityIndex& index;
  SearchOptions base;  // the filters, without a query
  Format format;
  std::vector<std::string> fields;
};

// One query: its hits (or count) printed. `batch`: in batch search, the query as read, which
// each hit carries. Returns whether anything matched.
bool run_query(Run& run, const std::string& query, const std::string* batch, bool first) {
  SearchOptions o = run.base;
  o.query = query;
  if (!run.args.no_expand && !run.args.fts5) {
    // The query names an entity: every article extraction found it in is a hit too, whatever
    // name, in either language, the article gives it (`Britain` finds `Anh`, never `anh`).
    for (const auto& e : run.index.named(o.query, 10, /*counted=*/false)) o.named.push_back(e.id);
  }
  if (run.args.count) {
    const auto n = count_matches(run.store, o);
    if (batch) print_query_count(run.format, *batch, n, first);
    else write_out(std::to_string(n) + "\n");
    return n > 0;
  }
  const auto hits = search(run.store, o);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    print_hit(run.format, hits[i], static_cast<std::size_t>(o.offset) + i + 1, run.fields, batch);
  }
  return !hits.empty();
}

// `corpus search -`: a query a line from standard input, each run as if typed, the hits as
// JSON Lines (or TSV / CSV rows) with the query they answer. A query that cannot run is
// reported as `<stdin>:N: ...` and the others go on, as ingest does with its inputs.
int run_batch(Run& run) {
  if (run.format == Format::table) run.format = Format::json;
  if (!run.args.count) print_hit_header(run.format, run.fields, /*with_query=*/true);
  LineReader reader(STDIN_FILENO, nullptr, kMaxQueryBytes);
  std::string line;
  std::size_t line_no = 0, failed = 0;
  bool matched = false, first = true;
  while (reader.next(line)) {
    ++line_no;
    if (reader.overlong() > 0) {
      write_err(fmt::format("corpus: <stdin>:{}: a query of {} bytes, over the limit of {}\n", line_no,
                            reader.overlong(), kMaxQueryBytes));
      ++failed;
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    try {
      matched = run_query(run, line, &line, first) || matched;
      first = false;
    } catch (const QueryError& e) {
      write_err(fmt::format("corpus: <stdin>:{}: {}\n", line_no, e.what()));
      ++failed;
    } catch (const StoreError& e) {
      if (!run.args.fts5) throw;  // raw FTS5 syntax errors are the query's; others are fatal
      write_err(fmt::format("corpus: <stdin>:{}: {}\n", line_no, e.what()));
      ++failed;
    }
  }
  return matched && failed == 0 ? kOk : kNothing;
}

int run_search(const SearchArgs& args, Context& ctx) {
  SearchOptions o;
  const bool batch = args.words.size() == 1 && args.words[0] == "-";
  if (!batch) {
    for (const auto& w : args.words) {
      if (!o.query.empty()) o.query += ' ';
      o.query += w;
    }
  }
  o.from = date_option(args.from, "--from", false);
  o.to = date_option(args.to, "--to", true);
  if (!args.lang.empty()) o.lang = args.lang;
  o.limit = args.limit;
  o.offset = args.offset;
  o.raw = args.fts5;
  o.collapse = args.collapse;
  o.loose = args.loose;
  o.sort = args.sort == "date"     ? SortOrder::newest
           : args.sort == "oldest" ? SortOrder::oldest
                                   : SortOrder::relevance;
  const Format format = format_of(args.output);
  std::vector<std::string> known = hit_fields();
  if (!batch) known.erase(known.begin());  // `query`: batch search only
  // Batch search writes JSON Lines unless told otherwise.
  const std::vector<std::string> fields =
      fields_of(args.output, batch && format == Format::table ? Format::json : format, known);

  auto store = Store::open(ctx.db, /*create=*/false);
  store->map_for_reading();
  EntityIndex index(*store);
  // A filter that names nothing leaves nothing to find: exit 1, as for a search without hits.
  for (auto [value, option, countries] : {std::tuple{&args.entity, "--entity", false},
                                          std::tuple{&args.country, "--country", true}}) {
    if (value->empty()) continue;
    auto ids = filter_ids(index, *value, option, countries);
    if (ids.empty()) {
      if (args.count && !batch) write_out("0\n");
      return kNothing;
    }
    o.entity_filters.push_back(std::move(ids));
  }
  if (o.collapse && !Deduper::has_run(*store)) {
    write_err("corpus: --collapse groups the copies `corpus dedupe` found; run it first\n");
  }
  Run run{args, *store, index, std::move(o), format, std::move(fields)};
  if (batch) return run_batch(run);
  if (!args.count) print_hit_header(format, run.fields, /*with_query=*/false);
  return run_query(run, run.base.query, nullptr, true) ? kOk : kNothing;
}

}  // namespace

void setup_search(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* sub = app.add_subcommand("search", "ranked full-text search (accent-aware)");
  sub->add_option(
         "query", args->words,
         "words (all must occur; words that spell a name together are that name; English words"
         " also match their inflections, in English articles; words in CAPITALS only capitals),"
         " \"phrases\" (as written), a AND b, a OR b, a NOT b, -excluded, prefix*, (groups),"
         " title:word; '-' alone reads a query a line from standard input")
      ->required();
  sub->add_option("--from", args->from, "only articles dated on or after this day (YYYY-MM-DD; YYYY-MM or YYYY: its first day)");
  sub->add_option("--to", args->to, "only articles dated on or before this day (YYYY-MM-DD; YYYY-MM or YYYY: its last day)");
  sub->add_option("--lang", args->lang, "only articles in this language")->check(CLI::IsMember({"vi", "en"}));
  // CLI11's NonNegativeNumber names its bound as a 300-digit double.
  const CLI::Range counts(std::int64_t{0}, std::numeric_limits<std::int64_t>::max(), "a count");
  sub->add_option("-n,--limit", args->limit, "hits to print")->check(counts)->capture_default_str();
  sub->add_option("--offset", args->offset, "hits to skip")->check(counts);
  add_output_options(sub, args->output, hit_fields(), "id, date, lang, score, title, path, snippet");
  sub->add_flag("--count", args->count, "print only the number of matching articles");
  sub->add_flag("--fts5", args->fts5, "the query is raw FTS5 syntax (errors are yours)");
  sub->add_option("--entity", args->entity, "only articles that mention this entity (any name, code or prefix)");
  sub->add_option("--country", args->country, "only articles that mention this country (ISO code or any name)");
  sub->add_flag("--collapse", args->collapse,
                "one hit per group of copies (as `corpus dedupe` found them), with how many it hides");
  sub->add_option("--sort", args->sort,
                  "relevance (best first), date (newest first) or oldest (oldest first); undated "
                  "articles come last")
      ->check(CLI::IsMember({"relevance", "date", "oldest"}))
      ->capture_default_str();
  sub->add_flag("--loose", args->loose,
                "match every unquoted word on its own, even where words spell a name together"
                " (`nam phi` is otherwise \"nam phi\", the name)");
  sub->add_flag("--no-expand", args->no_expand,
                "search only the words typed, not the other names of the entity they name");
  sub->callback([args, &ctx] { ctx.exit_code = run_search(*args, ctx); });
}

void protect_exclusions(CLI::App& app, int argc, char** argv) {
  static std::vector<std::string> kept;  // argv points into these for the rest of the run
  kept.reserve(static_cast<std::size_t>(argc));
  CLI::App* search = app.get_subcommand("search");
  std::vector<char> shorts;  // the short options of search (`-n`) and of the program
  for (const CLI::App* a :
       {static_cast<const CLI::App*>(&app), static_cast<const CLI::App*>(search)}) {
    for (const CLI::Option* o : a->get_options()) {
      for (const std::string& n : o->get_snames()) shorts.push_back(n[0]);
    }
  }
  bool in_search = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (!in_search) {
      in_search = arg == "search";
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') continue;
    // `-n 5` and `-n5` are the option; `-nguyen` is no number, so an exclusion.
    const bool option =
        std::find(shorts.begin(), shorts.end(), arg[1]) != shorts.end() &&
        std::all_of(arg.begin() + 2, arg.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (option) {
      ++i;  // its value
      continue;
    }
    kept.push_back(" " + std::string(arg));
    argv[i] = kept.back().data();
  }
}

}  // namespace corpus::cli
