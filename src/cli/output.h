// Output formatting for every subcommand, in one place: table (for people), JSON Lines and
// TSV (for scripts).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Only references to these cross this header: declared, not included, so that a command
// compiles against the library headers it uses itself, not against all of them.
namespace corpus {
struct ArticleEntity;
struct EntityDetail;
struct EntitySummary;
struct Hit;
struct IngestCounts;
struct PairRow;
struct Rejection;
struct Stats;
struct StoredArticle;
}  // namespace corpus

namespace corpus::cli {

enum class Format { table, json, tsv, csv };

// Thrown when stdout's reader has gone away.
struct BrokenPipe : std::runtime_error {
  BrokenPipe() : std::runtime_error("broken pipe") {}
};

void write_out(std::string_view s);
// Writes to stderr in one write and never fails: a closed stderr must not stop an ingest.
void write_err(std::string_view s);
void flush_stdout();
// Colour only for a terminal, and never when NO_COLOR is set.
bool use_color();

// A hit. `fields` (`--fields`): the columns of JSON, TSV and CSV, in order; empty: each
// format's default. `query`: batch search (`corpus search -`), a `query` field first.
void print_hit(Format f, const Hit& hit, std::size_t rank, const std::vector<std::string>& fields = {},
               const std::string* query = nullptr);
// CSV's header line for print_hit's rows; nothing in the other formats.
void print_hit_header(Format f, const std::vector<std::string>& fields, bool with_query);
// What a hit can print, for --fields; the first is there only in batch search.
const std::vector<std::string>& hit_fields();
// Batch search with --count: each query's count (JSON `{"query", "count"}`, TSV and CSV rows).
void print_query_count(Format f, const std::string& query, std::int64_t n, bool first);
// `--fields a,b,c` checked against `known`: std::invalid_argument names an unknown one.
std::vector<std::string> parse_fields(const std::string& list, const std::vector<std::string>& known);
void print_article(Format f, const StoredArticle& a, const std::vector<ArticleEntity>& entities);
// Entities: one line (table, TSV) or object (JSON) each.
// `fields`: as print_hit's (entity_fields() names them); CSV's header from print_entity_header.
void print_entity(Format f, const EntitySummary& e, std::size_t rank, const std::vector<std::string>& fields = {});
void print_entity_header(Format f, const std::vector<std::string>& fields);
const std::vector<std::string>& entity_fields();
void print_entity_detail(Format f, const EntityDetail& d);
void print_stats(Format f, const Stats& s, const std::string& db_path);

// Overlapping articles: a pair a line (table, TSV) or object (JSON); a cluster of copies with
// its canonical article first.
void print_pair(Format f, const PairRow& p, const std::vector<std::string>& fields = {});
void print_pair_header(Format f, const std::vector<std::string>& fields);
const std::vector<std::string>& pair_fields();
void print_cluster(Format f, const std::vector<std::string>& uids);
// `dedupe --explain`: the pair, then each shared passage of `text_a` above the same passage
// of `text_b` (dedupe_text of each), highlighted within a little context.
void print_explain(Format f, const PairRow& p, std::string_view text_a, std::string_view text_b);

// Ingest reports. Table: `path[:line]: reason` and the summary line on stderr. JSON: one
// object per line on stdout, {"type":"rejected",...} and a final {"type":"summary",...}.
// TSV: `rejected<TAB>path<TAB>line<TAB>reason` lines and `summary<TAB>key=value...` on stdout.
// A reader that has gone away ends the report, never the ingest.
void print_rejection(Format f, const Rejection& r, bool clear_progress_line);
void print_ingest_summary(Format f, const IngestCounts& c, double seconds, bool pruned);
// The live progress line on a terminal's stderr, rewritten in place.
void print_progress(const IngestCounts& c, double seconds);
void clear_progress();

// A TSV field: tab, newline, CR and backslash escaped as \t \n \r \\.
std::string tsv_field(std::string_view s);
// A CSV field (RFC 4180): quoted, its quotes doubled, when it holds a comma, quote or line end.
std::string csv_field(std::string_view s);

}  // namespace corpus::cli

namespace corpus::cli {
inline Format format_of(bool json, bool tsv, bool csv = false) {
  return json ? Format::json : tsv ? Format::tsv : csv ? Format::csv : Format::table;
}
struct OutputArgs;
// The format and --fields that a command's OutputArgs ask for (output_options.cc); the fields
// checked against `known` (CLI::ValidationError).
Format format_of(const OutputArgs& args);
std::vector<std::string> fields_of(const OutputArgs& args, Format f, const std::vector<std::string>& known);
}  // namespace corpus::cli
