#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include "cli.h"
#include "corpus/dedupe.h"
#include "corpus/ingest.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  std::string jsonl;
  bool prune = false;
  std::uint64_t max_size = IngestOptions{}.max_input_bytes;
  std::size_t batch = 2000;
  bool quiet = false;
  bool no_entities = false;
  bool no_fingerprints = false;
  bool dedupe = false, no_dedupe = false;
  bool json = false, tsv = false;
};

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  g_interrupted.store(true);
  // A second Ctrl-C ends the process at once; SQLite's journal keeps the file whole.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

void catch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a read blocked on a quiet pipe returns, and we stop
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int run_ingest(const IngestArgs& args, Context& ctx) {
  if (args.paths.empty() && args.jsonl.empty()) {
    throw CLI::ValidationError("ingest", "give PATH... ('-' reads paths from standard input) or --jsonl FILE");
  }
  catch_interrupts();
  auto store = Store::open(ctx.db, /*create=*/true);
  store->require_writable("ingest");

  const bool live = isatty(STDERR_FILENO) && !args.quiet;
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  auto progress = [&](const IngestCounts& c) {
    if (!live) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(200)) return;
    last = now;
    print_progress(c, std::chrono::duration<double>(now - start).count());
  };
  const Format format = format_of(args.json, args.tsv);
  auto on_reject = [&](const Rejection& r) { print_rejection(format, r, live); };

  IngestOptions options;
  options.max_input_bytes = args.max_size;
  options.batch_size = std::max<std::size_t>(args.batch, 1);
  options.entities = !args.no_entities;
  options.fingerprints = !args.no_fingerprints;
  options.interrupted = &g_interrupted;
  Ingester ingester(*store, options, on_reject, progress);
  try {
    for (const auto& p : args.paths) {
      if (p == "-") {
        ingester.add_paths_fd(STDIN_FILENO, "<stdin>");
      } else {
        ingester.add_path(p);
      }
    }
    if (args.jsonl == "-") {
      ingester.add_jsonl_fd(STDIN_FILENO, "<stdin>");
    } else if (!args.jsonl.empty()) {
      ingester.add_path(args.jsonl);
    }
    if (args.prune) ingester.prune();
    ingester.finish();
  } catch (const StoreError&) {
    // A full disk, say, in the middle of a long run: what is already stored for good, before
    // the top-level handler says what went wrong.
    if (live) clear_progress();
    const IngestCounts k = ingester.committed();
    if (k.added + k.updated > 0) {
      write_err(fmt::format("corpus: before the error this run stored {} new and {} changed article{}, each whole; "
                            "the next run takes up the rest\n",
                            k.added, k.updated, k.added + k.updated == 1 ? "" : "s"));
    }
    throw;
  }

  const IngestCounts& c = ingester.counts();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (live) clear_progress();
  if (!args.quiet || format != Format::table) print_ingest_summary(format, c, secs, args.prune);
  // Once `corpus dedupe` has run on a database, ingest keeps its pairs current: the new and
  // changed articles are checked against the stored ones now. A first bulk load leaves that
  // to `corpus dedupe` (or --dedupe), which costs a few times the load itself.
  const bool check = !args.no_dedupe && (args.dedupe || Deduper::has_run(*store));
  if (check && !c.interrupted && c.added + c.updated > 0) {
    const auto started = std::chrono::steady_clock::now();
    // Under the thresholds of the last `corpus dedupe` (defaults did make every pair again).
    const DedupeCounts d = Deduper(*store, Deduper::stored_options(*store).value_or(DedupeOptions{})).update();
    if (!args.quiet) {
      write_err(fmt::format("dedupe: {} new article{} checked, {} new pair{} in {:.2f} s\n", d.checked,
                            d.checked == 1 ? "" : "s", d.pairs, d.pairs == 1 ? "" : "s",
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()));
    }
  }
  if (c.interrupted) return kInterrupted;
  return c.rejected > 0 ? kNothing : kOk;
}

}  // namespace

void setup_ingest(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* sub = app.add_subcommand("ingest", "add article files and JSON Lines to the database");
  sub->add_option("paths", args->paths,
                  "files or directories (walked recursively for .txt, .jsonl, .jsonl.gz); '-' reads paths from stdin");
  sub->add_option("--jsonl", args->jsonl, "a JSON Lines file to read records from; '-' for standard input");
  sub->add_flag("--prune", args->prune, "remove articles whose files are gone");
  sub->add_option("--max-size", args->max_size, "largest article file or JSON Lines record accepted (e.g. 64MB)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  sub->add_option("--batch", args->batch, "articles per transaction")->capture_default_str();
  sub->add_flag("--no-entities", args->no_entities,
                "skip entity extraction (faster; `corpus reindex --entities` adds them later)");
  sub->add_flag("--no-fingerprints", args->no_fingerprints,
                "skip dedupe fingerprints (`corpus dedupe` makes them for the articles without)");
  auto* dedupe = sub->add_flag("--dedupe", args->dedupe,
                               "check the new articles for copies now, as `corpus dedupe` would (the default once "
                               "`corpus dedupe` has run on the database)");
  auto* no_dedupe = sub->add_flag("--no-dedupe", args->no_dedupe, "leave checking for copies to `corpus dedupe`");
  dedupe->excludes(no_dedupe);
  sub->add_flag("-q,--quiet", args->quiet, "no summary or progress (rejections are still reported)");
  auto* json = sub->add_flag("--json", args->json, "report as JSON Lines on stdout: rejections, then a summary");
  auto* tsv = sub->add_flag("--tsv", args->tsv, "report as tab-separated lines on stdout");
  json->excludes(tsv);
  sub->callback([args, &ctx] { ctx.exit_code = run_ingest(*args, ctx); });
}

}  // namespace corpus::cli
