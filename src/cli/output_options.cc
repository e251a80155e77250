// The options several commands share, declared and checked once: the output options of the
// listing commands (--json, --tsv, --csv, --format, --fields: search, entities, dedupe) and
// the date filters (--from, --to: search, export).
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.h"
#include "corpus/search.h"
#include "output.h"

namespace corpus::cli {

void add_output_options(CLI::App* sub, OutputArgs& args, const std::vector<std::string>& fields,
                        const std::string& tsv_help) {
  auto* json = sub->add_flag("--json", args.json, "JSON Lines: one object per line");
  auto* tsv = sub->add_flag("--tsv", args.tsv, "tab-separated: " + tsv_help);
  auto* csv = sub->add_flag("--csv", args.csv, "comma-separated (RFC 4180) with a header line, as --tsv");
  auto* format = sub->add_option("--format", args.format, "table, json, tsv or csv (as the flags)")
                     ->check(CLI::IsMember({"table", "json", "tsv", "csv"}));
  json->excludes(tsv)->excludes(csv)->excludes(format);
  tsv->excludes(csv)->excludes(format);
  csv->excludes(format);
  std::string names;
  for (const auto& f : fields) names += (names.empty() ? "" : ", ") + f;
  args.fields_option =
      sub->add_option("--fields", args.fields,
                      "the columns of --json/--tsv/--csv, comma-separated, in order: " + names);
}

Format format_of(const OutputArgs& args) {
  if (args.format.empty()) return format_of(args.json, args.tsv, args.csv);
  return args.format == "json" ? Format::json
         : args.format == "tsv" ? Format::tsv
         : args.format == "csv" ? Format::csv
                                : Format::table;
}

std::vector<std::string> fields_of(const OutputArgs& args, Format f, const std::vector<std::string>& known) {
  if (args.fields.empty()) return {};
  if (f == Format::table) {
    // `fields` in the config file names the columns of the formats that have them; a table
    // asked for on the command line (`--format table` over the file's `format`) has none.
    if (args.fields_option != nullptr && args.fields_option->count() == 0) return {};
    throw CLI::ValidationError("--fields", "chooses the columns of --json, --tsv or --csv output");
  }
  try {
    return parse_fields(args.fields, known);
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError("--fields", e.what());
  }
}

std::optional<std::string> date_option(const std::string& value, const char* name, bool end) {
  if (value.empty()) return std::nullopt;
  auto day = date_bound(value, end);
  if (!day) throw CLI::ValidationError(name, "'" + value + "' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)");
  return day;
}

}  // namespace corpus::cli
