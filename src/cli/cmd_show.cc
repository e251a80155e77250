#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/ingest.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct ShowArgs {
  std::string id;
  bool json = false, tsv = false;
};

int run_show(const ShowArgs& args, Context& ctx) {
  auto store = Store::open(ctx.db, /*create=*/false);
  store->map_for_reading();
  auto a = store->load_article(args.id);
  if (!a) {  // a path works too: `corpus show seeds/004_a7242d4182bbc41b.txt`
    if (const auto uid = store->uid_for_source(source_key_for(args.id))) a = store->load_article(*uid);
  }
  if (!a) {
    write_err(fmt::format("corpus: no article with id '{}'\n", args.id));
    return kNothing;
  }
  EntityIndex entities(*store);
  print_article(format_of(args.json, args.tsv), *a, entities.for_article(a->id));
  return kOk;
}

}  // namespace

void setup_show(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* sub = app.add_subcommand("show", "print one article with its metadata and paragraph kinds");
  sub->add_option("id", args->id, "the article's id (as search prints it), or the path of its file")->required();
  auto* json = sub->add_flag("--json", args->json, "one JSON object");
  auto* tsv = sub->add_flag("--tsv", args->tsv, "one paragraph a line: kind, lead, text");
  json->excludes(tsv);
  sub->callback([args, &ctx] { ctx.exit_code = run_show(*args, ctx); });
}

}  // namespace corpus::cli
