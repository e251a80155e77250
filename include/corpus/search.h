// Query: ranked full-text search over the store, with filters and snippets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/store.h"

namespace corpus {

struct SearchOptions {
  std::string query;
  std::optional<std::string> from, to;  // YYYY-MM-DD, inclusive; undated articles drop out
  std::optional<std::string> lang;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
  bool raw = false;  // the query is FTS5 syntax, passed through as it is
  // Other names of what the query names (entity aliases), searched as phrases beside it.
  std::vector<std::string> expansions;
  // Each inner list is one filter: the article must mention one of these entities.
  std::vector<std::vector<std::int64_t>> entity_filters;
  // One hit per group of copies (exact and near-duplicate pairs `corpus dedupe` stored): the
  // best ranked, with the number of the others among the results in Hit::hidden.
  bool collapse = false;
};

struct Hit {
  std::int64_t id = 0;
  std::string uid;
  std::string path;
  std::optional<std::string> date;
  std::string lang;
  std::string title;
  double score = 0;  // higher is better
  std::string snippet;  // plain text
  // Byte ranges of `snippet` that matched; they always fall on character boundaries.
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
  // With expansions: which of the query and its expansions the article matched.
  std::vector<std::string> matched;
  std::string matched_query;  // the query as typed, first of the names `matched` draws on
  std::int64_t hidden = 0;    // with collapse: its copies among the results, left out
};

// A date filter bound as a day: `2025-10-26` as it is; `2025-10` and `2025` as their first
// day (`end` false) or last day (`end` true). nullopt when `s` is none of these.
std::optional<std::string> date_bound(std::string_view s, bool end);

// Throws QueryError for a query that cannot match, StoreError for raw FTS5 syntax errors.
std::vector<Hit> search(Store& store, const SearchOptions& options);
std::int64_t count_matches(Store& store, const SearchOptions& options);

}  // namespace corpus
