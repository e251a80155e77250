#include "corpus/search.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "corpus/dedupe.h"
#include "corpus/parse.h"
#include "corpus/query.h"

namespace corpus {
namespace {

// bm25 weights per column (title, lead, body): a word in the headline says more about what
// the article is about than the same word deep in the body.
constexpr const char* kRank = "bm25(articles_fts, 8.0, 3.0, 1.0)";
constexpr char kOpen = '\x01';
constexpr char kClose = '\x02';

// The MATCH expression (and phrase) for the options; nullopt when nothing is searchable.
std::optional<CompiledQuery> compile(const SearchOptions& o) {
  if (o.raw) return CompiledQuery{o.query, std::nullopt};
  CompiledQuery q = compile_query(o.query);
  if (q.match.empty()) return std::nullopt;
  if (!o.expansions.empty()) {
    std::string m = "(" + q.match + ")";
    for (const std::string& alias : o.expansions) m += " OR " + fts5_quote(alias);
    q.match = std::move(m);
  }
  return q;
}

// The JSON array of one entity filter's ids, bound as a parameter and read by json_each.
std::string ids_json(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "]";
}

// `select` over the matching articles with the filters. User values are only ever bound
// (?1 match, ?2 phrase, ?3 from, ?4 to, ?5 lang, by bind_common), never spliced into the text.
std::string sql_for(const SearchOptions& o, std::string_view select, std::string_view tail) {
  std::string where = "articles_fts MATCH ?1";
  if (o.from) where += " AND a.date >= ?3";
  if (o.to) where += " AND a.date <= ?4";
  if (o.lang) where += " AND a.lang = ?5";
  for (std::size_t i = 0; i < o.entity_filters.size() && i < 2; ++i) {
    where += fmt::format(
        " AND a.id IN (SELECT m.article_id FROM mentions m WHERE m.entity_id IN"
        " (SELECT value FROM json_each(?{})))",
        8 + i);
  }
  return fmt::format("SELECT {} FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE {} {}",
                     select, where, tail);
}

void bind_common(Statement& s, const CompiledQuery& q, const SearchOptions& o) {
  s.bind(1, q.match);
  if (q.phrase) s.bind(2, *q.phrase);
  if (o.from) s.bind(3, *o.from);
  if (o.to) s.bind(4, *o.to);
  if (o.lang) s.bind(5, *o.lang);
  for (std::size_t i = 0; i < o.entity_filters.size() && i < 2; ++i) {
    s.bind(static_cast<int>(8 + i), ids_json(o.entity_filters[i]));
  }
}

// Removes the highlight markers, recording where they were.
void take_highlights(const std::string& marked, Hit& hit) {
  hit.snippet.reserve(marked.size());
  std::size_t open = 0;
  for (char c : marked) {
    if (c == kOpen) {
      open = hit.snippet.size();
    } else if (c == kClose) {
      hit.highlights.emplace_back(open, hit.snippet.size());
    } else {
      hit.snippet += c;
    }
  }
}

}  // namespace

std::optional<std::string> date_bound(std::string_view s, bool end) {
  if (is_valid_iso_date(s)) return std::string(s);
  std::string day;
  if (s.size() == 4) {
    day = fmt::format("{}-{}", s, end ? "12-31" : "01-01");
  } else if (s.size() == 7 && s[4] == '-') {
    if (!end) {
      day = fmt::format("{}-01", s);
    } else {
      for (const char* last : {"31", "30", "29", "28"}) {
        day = fmt::format("{}-{}", s, last);
        if (is_valid_iso_date(day)) break;
      }
    }
  } else {
    return std::nullopt;
  }
  if (!is_valid_iso_date(day)) return std::nullopt;
  return day;
}

namespace {

std::vector<Hit> collapse_copies(Store& store, std::vector<Hit> ranked, std::int64_t offset, std::int64_t limit) {
  const auto groups = copy_groups(store);
  std::unordered_map<std::int64_t, std::size_t> first;  // group -> index in `kept`
  std::vector<Hit> kept;
  for (Hit& h : ranked) {
    const auto in_group = groups.find(h.id);
    const std::int64_t g = in_group == groups.end() ? h.id : in_group->second;
    if (const auto it = first.find(g); it != first.end()) {
      ++kept[it->second].hidden;
      continue;
    }
    first.emplace(g, kept.size());
    kept.push_back(std::move(h));
  }
  const auto from = std::min<std::size_t>(kept.size(), static_cast<std::size_t>(offset));
  const auto to = std::min<std::size_t>(kept.size(), from + static_cast<std::size_t>(limit));
  return std::vector<Hit>(std::make_move_iterator(kept.begin() + static_cast<std::ptrdiff_t>(from)),
                          std::make_move_iterator(kept.begin() + static_cast<std::ptrdiff_t>(to)));
}

}  // namespace

std::vector<Hit> search(Store& store, const SearchOptions& o) {
  const auto q = compile(o);
  if (!q) return {};
  // Articles holding the words as a phrase count double.
  const char* boost = q->phrase ? " * (CASE WHEN articles_fts.rowid IN"
                                  " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?2)"
                                  " THEN 2.0 ELSE 1.0 END)"
                                : "";
  const std::string select = fmt::format(
      "a.uid, (SELECT key FROM sources s WHERE s.article_id = a.id ORDER BY key LIMIT 1),"
      " a.date, a.lang, a.title,"
      " snippet(articles_fts, 1, char(1), char(2), '…', 24),"
      " snippet(articles_fts, 2, char(1), char(2), '…', 24),"
      " {}{} AS score, a.id",
      kRank, boost);
  // Statements vary with the filters: a handful of shapes, each cached by the store.
  Statement s = store.prepare(sql_for(o, select, "ORDER BY score, a.id LIMIT ?6 OFFSET ?7").c_str());
  bind_common(s, *q, o);
  if (o.collapse) {
    // Copies drop out after ranking: read ahead enough to fill the page once they have.
    s.bind(6, (o.offset + o.limit) * 4 + 100).bind(7, std::int64_t{0});
  } else {
    s.bind(6, o.limit).bind(7, o.offset);
  }
  std::vector<Hit> hits;
  while (s.step()) {
    Hit h;
    h.uid = s.text(0);
    h.path = s.text(1);
    h.date = s.optional_text(2);
    h.lang = s.text(3);
    h.title = s.text(4);
    // The lead, else the body, where the query matched; the title is printed anyway.
    const std::string lead = s.text(5), body = s.text(6);
    const bool lead_hit = lead.find(kOpen) != std::string::npos;
    const bool body_hit = body.find(kOpen) != std::string::npos;
    take_highlights(lead_hit || (!body_hit && !lead.empty()) ? lead : body, h);
    h.score = -s.real(7);
    h.id = s.integer(8);
    hits.push_back(std::move(h));
  }
  if (o.collapse) hits = collapse_copies(store, std::move(hits), o.offset, o.limit);
  if (!o.expansions.empty() && !o.raw) {
    // Which names each hit was found by: the query as typed, or one of its expansions.
    std::vector<std::pair<std::string, std::string>> names{{o.query, compile_query(o.query).match}};
    for (const std::string& alias : o.expansions) names.emplace_back(alias, fts5_quote(alias));
    for (Hit& h : hits) {
      h.matched_query = o.query;
      for (const auto& [label, match] : names) {
        Statement m = store.prepare("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?2");
        m.bind(1, match).bind(2, h.id);
        if (m.step()) h.matched.push_back(label);
      }
    }
  }
  return hits;
}

std::int64_t count_matches(Store& store, const SearchOptions& o) {
  auto q = compile(o);
  if (!q) return 0;
  q->phrase.reset();
  Statement s = store.prepare(sql_for(o, "count(*)", "").c_str());
  bind_common(s, *q, o);
  s.step();
  return s.integer(0);
}

}  // namespace corpus
