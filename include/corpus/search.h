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

// The order of the hits: best first (the default), or by date, newest or oldest first (the
// best first within a day); undated articles come last in either date order.
enum class SortOrder { relevance, newest, oldest };

struct SearchOptions {
  std::string query;
  std::optional<std::string> from, to;  // YYYY-MM-DD, inclusive; undated articles drop out
  std::optional<std::string> lang;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
  bool raw = false;  // the query is FTS5 syntax, passed through as it is
  // The entities the query names: every article extraction found one of them in is a hit,
  // beside the text's matches (ranked by bm25 of the entity as one term; its snippet shows
  // the mention, and `matched` the name as the article writes it).
  std::vector<std::int64_t> named;
  // Each inner list is one filter: the article must mention one of these entities.
  std::vector<std::vector<std::int64_t>> entity_filters;
  // One hit per group of copies (exact and near-duplicate pairs `corpus dedupe` stored): the
  // best ranked, with the number of the others among the results in Hit::hidden.
  bool collapse = false;
  SortOrder sort = SortOrder::relevance;
  // Unquoted words that together spell a known name (`nguyen phu trong`, `ha noi`, `thu tuong`,
  // `Nam Phi`) are matched as that name, a phrase; `loose` matches every word on its own.
  bool loose = false;
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
  // With named entities: what found the article, the query (its text) or the names the
  // article gives the entity (its mentions).
  std::vector<std::string> matched;
  std::string matched_query;  // the query as typed, first of the names `matched` draws on
  std::int64_t hidden = 0;    // with collapse: its copies among the results, left out
};

// A date filter bound as a day: `2025-10-26` as it is; `2025-10` and `2025` as their first
// day (`end` false) or last day (`end` true). nullopt when `s` is none of these.
std::optional<std::string> date_bound(std::string_view s, bool end);

// Throws QueryError for a query that cannot match, StoreError for raw FTS5 syntax errors.
std::vector<Hit> search(Store& store, const SearchOptions& options);
// With `collapse`, the number of groups of copies among the matches (what search lists).
std::int64_t count_matches(Store& store, const SearchOptions& options);

}  // namespace corpus
