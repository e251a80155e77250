#include "corpus/search.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "corpus/dedupe.h"
#include "corpus/normalize.h"
#include "corpus/parse.h"
#include "corpus/query.h"
#include "corpus/text.h"
#include "corpus/tokenizer.h"

namespace corpus {
namespace {

// bm25 weights per column (title, lead, body): a word in the headline says more about what
// the article is about than the same word deep in the body.
constexpr const char* kWeights = "8.0, 3.0, 1.0";
constexpr char kOpen = '\x01';
constexpr char kClose = '\x02';

// The words of `text` as a query meets them: exact form, and whether it has marks.
std::vector<TokenForms> query_words(std::string_view text, Normalizer& norm) {
  std::vector<TokenForms> out;
  text::for_each_word(text, [&](std::size_t b, std::size_t e) { out.push_back(norm.forms(text.substr(b, e - b))); });
  return out;
}

// True when every article `name` finds, the query finds too: the query's plain words stand
// together in the name, each as typed or (typed without marks) as the name's word folded.
// `bo ngoai giao` makes the name `Bộ Ngoại giao Hoa Kỳ` redundant; each phrase left out of
// the expression is one bm25 need not count the matches of in the whole index.
bool name_implies_query(std::string_view name, const std::vector<TokenForms>& typed, Normalizer& norm) {
  if (typed.empty()) return false;
  const std::vector<TokenForms> words = query_words(name, norm);
  auto meets = [](const TokenForms& t, const TokenForms& w) {
    return t.exact == w.exact || (t.folded.empty() && !w.folded.empty() && t.exact == w.folded);
  };
  for (std::size_t i = 0; i + typed.size() <= words.size(); ++i) {
    std::size_t k = 0;
    while (k < typed.size() && meets(typed[k], words[i + k])) ++k;
    if (k == typed.size()) return true;
  }
  return false;
}

struct Compiled {
  CompiledQuery query;
  std::string typed_match;         // the query as typed, before any expansion
  std::vector<std::string> names;  // the expansions in the expression, in order
  // A query of plain words and phrases: how many phrases of the expression each of its terms
  // became, in order (one each, or a written-out word's forms).
  std::vector<std::size_t> typed_groups;
  bool written_out = false;  // its words are OR groups of their forms (write_out_alternatives)
};

// Each word of a query of plain words as `("w" OR "w1" OR ...)`: the word and every indexed
// word it meets, marked exact so that the tokenizer adds nothing. FTS5 tests an OR of terms
// far faster than a word with colocated alternatives, which it treats as a phrase (merging
// their position lists in every candidate row): `chinh phu` counted its 17,861 matches in
// 3.3 ms instead of 8.8. corpus_rank then scores each group as the one term it stands for.
void write_out_alternatives(Store& store, const std::vector<TokenForms>& words, Compiled& c) {
  std::string m;
  c.typed_groups.clear();
  for (const TokenForms& w : words) {
    const std::vector<std::string> forms = indexed_forms(store.handle(), w);
    if (!m.empty()) m += " AND ";
    m += '(';
    for (std::size_t i = 0; i < forms.size(); ++i) {
      if (i) m += " OR ";
      m += fts5_quote(kExactQueryMark + forms[i]);
    }
    m += ')';
    c.typed_groups.push_back(forms.size());
  }
  c.query.match = std::move(m);
  c.written_out = true;
}

// The MATCH expression (and phrase) for the options; nullopt when nothing is searchable.
std::optional<Compiled> compile(Store& store, const SearchOptions& o) {
  if (o.raw) {
    CompiledQuery raw;
    raw.match = o.query;
    return Compiled{std::move(raw), o.query, {}, {}, false};
  }
  Compiled c{compile_query(o.query), {}, {}, {}, false};
  if (c.query.match.empty()) return std::nullopt;
  c.typed_match = c.query.match;
  if (c.query.plain_words) c.typed_groups.assign(c.query.plain_terms, 1);
  Normalizer norm;
  const auto typed = c.query.plain_words ? query_words(*c.query.plain_words, norm) : std::vector<TokenForms>{};
  // Single words only: a quoted phrase of several (or `TP.HCM`, one term of two words) keeps
  // its colocated alternatives, which an OR cannot express inside a phrase.
  if (!typed.empty() && typed.size() == c.query.plain_terms) write_out_alternatives(store, typed, c);
  if (!o.expansions.empty()) {
    std::string m = "(" + c.query.match + ")";
    for (const std::string& alias : o.expansions) {
      if (name_implies_query(alias, typed, norm)) continue;
      m += " OR " + fts5_quote(alias);
      c.names.push_back(alias);
    }
    c.query.match = std::move(m);
  }
  return c;
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

// The date and language filters on the matching articles `a`, in SQL. User values are only
// ever bound (?1 match, ?3 from, ?4 to, ?5 lang, ?8 and ?9 entity ids, ?10 the query as typed,
// by bind_common and search), never spliced into the text.
std::string filters_for(const SearchOptions& o) {
  std::string where;
  if (o.from) where += " AND a.date >= ?3";
  if (o.to) where += " AND a.date <= ?4";
  if (o.lang) where += " AND a.lang = ?5";
  return where;
}

// The entity filters, on the index's rowid: SQLite tests them before it reads the article
// row a date or language filter needs (Japan's mentions rule out most of `trade`'s 3,000).
// The `+` keeps them a test: as a constraint FTS5 ran the MATCH once per mentioning article.
std::string entity_filters_for(const SearchOptions& o) {
  std::string where;
  for (std::size_t i = 0; i < o.entity_filters.size() && i < 2; ++i) {
    where += fmt::format(
        " AND +articles_fts.rowid IN (SELECT m.article_id FROM mentions m WHERE m.entity_id IN"
        " (SELECT value FROM json_each(?{})))",
        8 + i);
  }
  return where;
}

// `select` over the matching articles with the filters. A date or language filter reads the
// index `articles_filter` (schema version 6), never the article rows: SQLite's planner would
// prefer the rowid, whose look-up costs a page read a match.
std::string sql_for(const SearchOptions& o, std::string_view select, std::string_view tail) {
  const std::string filters = filters_for(o);
  return fmt::format("SELECT {} FROM articles_fts {} WHERE articles_fts MATCH ?1{}{} {}", select,
                     filters.empty() ? "" : "JOIN articles a INDEXED BY articles_filter ON a.id = articles_fts.rowid",
                     entity_filters_for(o), filters, tail);
}

void bind_common(Statement& s, const CompiledQuery& q, const SearchOptions& o) {
  s.bind(1, q.match);
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
  const auto compiled = compile(store, o);
  if (!compiled) return {};
  const CompiledQuery* q = &compiled->query;
  // Articles holding the words as a phrase count double.
  std::string rank;
  if (compiled->written_out) {
    rank = fmt::format("corpus_rank(articles_fts, {}, {}, {})", kWeights, q->phrase ? compiled->typed_groups.size() : 0,
                       fmt::join(compiled->typed_groups, ", "));
  } else {
    rank = fmt::format("bm25(articles_fts, {}){}", kWeights,
                       q->phrase ? fmt::format(" * (1 + corpus_adjacent(articles_fts, {}))", q->phrase_terms) : "");
  }
  // Ranking reads only the index; the page of hits is then read whole: the articles' rows,
  // snippets and sources of every match would cost a common word (40,000 articles) seconds.
  // The page is read in one more pass over the matches, between its first and last rowid:
  // a look-up by rowid repeated per hit cost as much per hit.
  const std::string top = sql_for(o, fmt::format("articles_fts.rowid AS id, {} AS score", rank),
                                  "ORDER BY score, id LIMIT ?6 OFFSET ?7");
  const bool expanded = !o.expansions.empty() && !o.raw;
  const std::vector<std::string>& names = compiled->names;
  // A query of plain words matched the hit when each of its terms has a phrase there:
  // corpus_phrases tells, while the phrases fit its 64 bits. Any other needs a pass of its own.
  std::size_t typed_phrases = 0;
  for (std::size_t size : compiled->typed_groups) typed_phrases += size;
  const bool typed_pass = expanded && (!q->plain_words || typed_phrases + names.size() > 64);
  const std::string sql = fmt::format(
      "WITH top AS MATERIALIZED ({}),"
      " span AS MATERIALIZED (SELECT min(id) AS lo, max(id) AS hi FROM top){}"
      " SELECT a.uid, (SELECT key FROM sources s WHERE s.article_id = a.id ORDER BY key LIMIT 1),"
      " a.date, a.lang, a.title,"
      " snippet(articles_fts, 1, char(1), char(2), '…', 24),"
      " snippet(articles_fts, 2, char(1), char(2), '…', 24),"
      " top.score, a.id, {}"
      " FROM span CROSS JOIN articles_fts CROSS JOIN top CROSS JOIN articles a"
      " WHERE articles_fts MATCH ?1 AND articles_fts.rowid BETWEEN span.lo AND span.hi"
      " AND top.id = articles_fts.rowid AND a.id = top.id"
      " ORDER BY top.score, top.id",
      top,
      // With name expansions: which names found the hit. The query as typed by a pass of
      // its own over the page's span (once: a subquery that named `span` ran once a hit),
      // the names (one phrase each, last in the expression) by corpus_phrases.
      typed_pass ? ", typed AS MATERIALIZED (SELECT articles_fts.rowid AS id FROM span CROSS JOIN articles_fts"
                   " WHERE articles_fts MATCH ?10 AND articles_fts.rowid BETWEEN span.lo AND span.hi)"
                 : "",
      expanded ? (typed_pass ? "corpus_phrases(articles_fts), top.id IN (SELECT id FROM typed)"
                             : "corpus_phrases(articles_fts), 0")
               : "0, 0");
  // Statements vary with the filters: a handful of shapes, each cached by the store.
  Statement s = store.prepare(sql.c_str());
  bind_common(s, *q, o);
  if (typed_pass) s.bind(10, compiled->typed_match);
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
    if (expanded) {
      // The query as typed first, then each name that found the article.
      h.matched_query = o.query;
      const auto found = static_cast<std::uint64_t>(s.integer(9));
      const std::size_t n = names.size();
      bool typed = s.integer(10) != 0;
      if (!typed_pass) {
        // Every word (every group of a word's forms) has a phrase in the hit. Bits count from
        // the last phrase: the names, then the query's phrases in reverse.
        typed = true;
        std::size_t bit = n + typed_phrases;
        for (std::size_t size : compiled->typed_groups) {
          bool any = false;
          for (std::size_t k = 0; k < size; ++k) any = any || ((found >> (bit - 1 - k)) & 1);
          bit -= size;
          typed = typed && any;
        }
      }
      if (typed) h.matched.push_back(o.query);
      for (std::size_t i = 0; i < n; ++i) {
        if (n - 1 - i < 64 && (found >> (n - 1 - i) & 1)) h.matched.push_back(names[i]);
      }
    }
    hits.push_back(std::move(h));
  }
  if (o.collapse) hits = collapse_copies(store, std::move(hits), o.offset, o.limit);
  return hits;
}

std::int64_t count_matches(Store& store, const SearchOptions& o) {
  const auto compiled = compile(store, o);
  if (!compiled) return 0;
  Statement s = store.prepare(sql_for(o, "count(*)", "").c_str());
  bind_common(s, compiled->query, o);
  s.step();
  return s.integer(0);
}

}  // namespace corpus
