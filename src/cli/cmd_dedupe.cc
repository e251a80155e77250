#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "corpus/dedupe.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct DedupeArgs {
  DedupeOptions options;
  std::string article, relation;
  std::vector<std::string> explain;  // two article ids
  bool clusters = false, quiet = false;
  OutputArgs output;
};

// Two articles compared now, under the given thresholds, whatever is stored.
int run_explain(const DedupeArgs& args, Store& store) {
  std::array<std::string, 2> texts;
  std::array<DedupeDoc, 2> docs;
  Normalizer norm;
  for (std::size_t i = 0; i < 2; ++i) {
    const auto stored = store.load_article(args.explain[i]);
    if (!stored) {
      write_err(fmt::format("corpus: no article with id '{}'\n", args.explain[i]));
      return kNothing;
    }
    const Article& a = stored->article;
    texts[i] = dedupe_text(a.lead.text, a.body_text(), a.lead_position);
    docs[i] = make_dedupe_doc(texts[i], norm, args.options);
  }
  std::optional<Overlap> o = compare(docs[0], docs[1], args.options);
  if (!o) {
    write_err(fmt::format("{} and {} do not overlap (under these thresholds)\n", args.explain[0], args.explain[1]));
    return kNothing;
  }
  // The excerpt first, as everywhere.
  const std::size_t x = o->swapped ? 1 : 0, y = 1 - x;
  if (o->swapped) o->swap_sides();
  const PairRow row{args.explain[x], args.explain[y], o->relation, o->coverage_a, o->coverage_b, o->shared_words,
                    o->passages};
  print_explain(format_of(args.output), row, texts[x], texts[y]);
  return kOk;
}

int run_dedupe(const DedupeArgs& args, Context& ctx) {
  const Format f = format_of(args.output);
  const std::vector<std::string> fields = fields_of(args.output, f, pair_fields());
  if ((args.clusters || !args.explain.empty()) && (f == Format::csv || !fields.empty())) {
    throw CLI::ValidationError(args.clusters ? "--clusters" : "--explain",
                               "writes a table, JSON or TSV; --csv and --fields are for the list of pairs");
  }
  auto store = Store::open(ctx.db, /*create=*/false);
  if (!args.explain.empty()) return run_explain(args, *store);
  Deduper deduper(*store, args.options);
  const auto started = std::chrono::steady_clock::now();
  const DedupeCounts counts = deduper.update();
  if (!args.quiet) {
    // Fingerprints are made at ingest; articles stored without them are fingerprinted here.
    const std::string made_now =
        counts.fingerprinted > 0 ? fmt::format(" ({} fingerprinted now)", counts.fingerprinted) : std::string();
    write_err(fmt::format("{} new article{} checked{}, {} compared, {} new pair{} in {:.2f} s\n", counts.checked,
                          counts.checked == 1 ? "" : "s", made_now, counts.candidates, counts.pairs,
                          counts.pairs == 1 ? "" : "s",
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()));
  }
  std::optional<std::string> article;
  if (!args.article.empty()) article = args.article;
  std::vector<PairRow> pairs = deduper.pairs(article);
  if (!args.relation.empty()) {
    std::erase_if(pairs, [&](const PairRow& p) { return to_string(p.relation) != args.relation; });
  }
  if (args.clusters) {
    auto clusters = deduper.clusters();
    if (article) {
      std::erase_if(clusters, [&](const auto& c) { return std::find(c.begin(), c.end(), *article) == c.end(); });
    }
    for (const auto& c : clusters) print_cluster(f, c);
    return clusters.empty() ? kNothing : kOk;
  }
  print_pair_header(f, fields);
  for (const PairRow& p : pairs) print_pair(f, p, fields);
  return pairs.empty() ? kNothing : kOk;
}

}  // namespace

void setup_dedupe(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DedupeArgs>();
  CLI::App* sub = app.add_subcommand(
      "dedupe", "overlapping articles: exact copies, near-duplicates, excerpts (contained) and shared passages");
  sub->add_option("--article", args->article, "only the pairs of this article (id)");
  sub->add_option("--relation", args->relation, "only this relation")
      ->check(CLI::IsMember({"exact", "near_duplicate", "contained", "partial"}));
  sub->add_flag("-q,--quiet", args->quiet, "no summary on stderr");
  sub->add_option("--explain", args->explain, "two article ids: their shared passages one under the other")
      ->expected(2);
  sub->add_flag("--clusters", args->clusters, "groups of copies (exact and near-duplicate), canonical article first");
  add_output_options(sub, args->output, pair_fields(),
                     "relation, a, b, coverage_a, coverage_b, shared_words, passages (a_start-a_end:b_start-b_end,...)");
  DedupeOptions& o = args->options;
  sub->add_option("--near", o.near, "near_duplicate: share of both articles inside shared passages")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  sub->add_option("--contained", o.contained, "contained: share of the excerpt inside shared passages")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  sub->add_option("--min-passage", o.min_passage, "words: the shortest shared passage reported")
      ->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--min-partial", o.min_partial, "words: partial pairs share a run this long, word for word")
      ->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--min-shared", o.min_shared_fingerprints, "fingerprints two articles share to be compared")
      ->capture_default_str()->check(CLI::PositiveNumber);
  sub->callback([args, &ctx] { ctx.exit_code = run_dedupe(*args, ctx); });
}

}  // namespace corpus::cli
