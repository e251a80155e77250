#include "corpus/search.h"

#include <fmt/format.h>

#include "corpus/parse.h"
#include "corpus/query.h"

namespace corpus {
namespace {

// bm25 weights per column (title, lead, body): a word in the headline says more about what
// the article is about than the same word deep in the body.
constexpr const char* kRank = "bm25(articles_fts, 8.0, 3.0, 1.0)";
constexpr char kOpen = '\x01';
constexpr char kClose = '\x02';

struct Plan {
  std::string sql;
  std::string match;
  std::optional<std::string> phrase;
};

// The statement for `select` over matching articles with the filters; user values are only
// ever bound (?1 match, ?2 phrase, ?3 from, ?4 to, ?5 lang), never spliced into the text.
std::optional<Plan> plan(const SearchOptions& o, const std::string& select, const std::string& tail) {
  Plan p;
  if (o.raw) {
    p.match = o.query;
  } else {
    CompiledQuery q = compile_query(o.query);
    if (q.match.empty()) return std::nullopt;
    p.match = std::move(q.match);
    p.phrase = std::move(q.phrase);
  }
  std::string where = "articles_fts MATCH ?1";
  if (o.from) where += " AND a.date >= ?3";
  if (o.to) where += " AND a.date <= ?4";
  if (o.lang) where += " AND a.lang = ?5";
  p.sql = fmt::format("SELECT {} FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE {} {}",
                      select, where, tail);
  return p;
}

void bind_common(Statement& s, const Plan& p, const SearchOptions& o) {
  s.bind(1, p.match);
  if (p.phrase) s.bind(2, *p.phrase);
  if (o.from) s.bind(3, *o.from);
  if (o.to) s.bind(4, *o.to);
  if (o.lang) s.bind(5, *o.lang);
}

// Removes the highlight markers, recording where they were.
void take_highlights(std::string marked, Hit& hit) {
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

std::vector<Hit> search(Store& store, const SearchOptions& o) {
  const std::string boost =
      "* (CASE WHEN articles_fts.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?2)"
      " THEN 2.0 ELSE 1.0 END)";
  std::optional<Plan> p;
  {
    auto probe = plan(o, "", "");
    if (!probe) return {};
    const std::string select = fmt::format(
        "a.uid, (SELECT key FROM sources s WHERE s.article_id = a.id ORDER BY key LIMIT 1),"
        " a.date, a.lang, a.title,"
        " snippet(articles_fts, 1, char(1), char(2), '…', 24),"
        " snippet(articles_fts, 2, char(1), char(2), '…', 24),"
        " {} {} AS score",
        kRank, probe->phrase ? boost : "");
    p = plan(o, select, "ORDER BY score, a.id LIMIT ?6 OFFSET ?7");
  }
  // Statements vary with the filters; a handful of shapes, each cached by the store.
  Statement s = store.prepare(p->sql.c_str());
  bind_common(s, *p, o);
  s.bind(6, o.limit).bind(7, o.offset);
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
    hits.push_back(std::move(h));
  }
  return hits;
}

std::int64_t count_matches(Store& store, const SearchOptions& o) {
  auto p = plan(o, "count(*)", "");
  if (!p) return 0;
  p->phrase.reset();
  Statement s = store.prepare(p->sql.c_str());
  bind_common(s, *p, o);
  s.step();
  return s.integer(0);
}

}  // namespace corpus
