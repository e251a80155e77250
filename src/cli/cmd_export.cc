// `corpus export`: every article (or those a date or language filter leaves) as JSON Lines, or
// as Elasticsearch / OpenSearch `_bulk` NDJSON for a cluster (`curl --data-binary @-`), and
// the index template for that cluster (`--es-template`).
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/export.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct ExportArgs {
  std::string format = "jsonl";
  std::string index = "corpus";
  std::string from, to, lang;
  bool es_template = false, quiet = false;
};

std::string line_of(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

int run_export(const ExportArgs& args, Context& ctx) {
  ExportOptions o;
  o.index = args.index;
  if (args.es_template) {
    write_out(es_template(o).dump(2) + "\n");
    return kOk;
  }
  o.from = date_option(args.from, "--from", false);
  o.to = date_option(args.to, "--to", true);
  if (!args.lang.empty()) o.lang = args.lang;
  auto store = Store::open(ctx.db, /*create=*/false);
  store->map_for_reading();
  const bool bulk = args.format == "es-bulk";
  const auto n = export_articles(*store, o, [&](const nlohmann::ordered_json& doc) {
    if (bulk) write_out(line_of(bulk_action(o, doc)));
    write_out(line_of(doc));
  });
  if (!args.quiet) write_err(fmt::format("corpus: {} article{} exported\n", n, n == 1 ? "" : "s"));
  return n > 0 ? kOk : kNothing;
}

}  // namespace

void setup_export(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* sub = app.add_subcommand(
      "export", "every article as JSON Lines, or as Elasticsearch/OpenSearch _bulk actions; or the index template");
  sub->add_option("--format", args->format, "jsonl (a document a line) or es-bulk (an action line, then the document)")
      ->check(CLI::IsMember({"jsonl", "es-bulk"}))
      ->capture_default_str();
  sub->add_option("--index", args->index, "the index the _bulk actions name; the template matches INDEX*")
      ->capture_default_str();
  sub->add_flag("--es-template", args->es_template,
                "print the index template (PUT _index_template/NAME) instead: analyzers for the analysis-icu plugin");
  sub->add_option("--from", args->from, "only articles dated on or after this day");
  sub->add_option("--to", args->to, "only articles dated on or before this day");
  sub->add_option("--lang", args->lang, "only articles in this language")->check(CLI::IsMember({"vi", "en"}));
  sub->add_flag("-q,--quiet", args->quiet, "no count on stderr");
  sub->callback([args, &ctx] { ctx.exit_code = run_export(*args, ctx); });
}

}  // namespace corpus::cli
