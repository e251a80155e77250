#include "corpus/search.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "entity_data.h"

#include "corpus/dedupe.h"
#include "corpus/entities.h"
#include "corpus/gazetteer.h"
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

// Names and words of several words from the tables compiled in (src/data): Vietnamese
// provinces and cities, the word list's verbs and function words, and titles (`Thủ tướng`,
// `Prime Minister`), by folded key. Entity names come from the
// database (entity_aliases, which holds every CLDR name of each country it has met).
const std::unordered_multimap<std::string, std::string>& listed_names() {
  static const auto names = [] {
    std::unordered_multimap<std::string, std::string> out;
    Normalizer norm;
    const auto read = [&](std::string_view table, std::size_t column, auto&& keep) {
      for (std::size_t at = 0; at < table.size();) {
        std::size_t end = table.find('\n', at);
        if (end == std::string_view::npos) end = table.size();
        const std::string_view line = table.substr(at, end - at);
        at = end + 1;
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string_view> cells;
        for (std::size_t b = 0, e; b <= line.size(); b = e + 1) {
          e = std::min(line.find('\t', b), line.size());
          cells.push_back(line.substr(b, e - b));
        }
        if (cells.size() <= column || !keep(cells)) continue;
        const std::string name(cells[column]);
        if (name.find(' ') != std::string::npos) out.emplace(folded_key(name, norm), name);
      }
    };
    // The word list's words of several syllables: places, and the common verbs and function
    // words that end a name (`tổ chức`, `cho biết`, `ký kết`).
    read(data::kVietnameseWords, 1,
         [](const auto& c) { return c[0] == "place" || c[0] == "stop"; });
    read(data::kTitles, 2, [](const auto& c) { return c[0] == "title"; });
    return out;
  }();
  return names;
}

// True when the typed words meet the words of `name` one for one: each as written, or, typed
// without marks, as the name's word without marks.
bool spells(const std::vector<TokenForms>& typed, std::size_t from, std::size_t n,
            std::string_view name, Normalizer& norm) {
  const std::vector<TokenForms> words = query_words(name, norm);
  if (words.size() != n) return false;
  for (std::size_t k = 0; k < n; ++k) {
    const TokenForms& t = typed[from + k];
    const TokenForms& w = words[k];
    if (!(t.exact == w.exact ||
          (t.folded.empty() && t.exact == (w.folded.empty() ? w.exact : w.folded)))) {
      return false;
    }
  }
  return true;
}

// The query with the runs of its unquoted words that spell a known name of several words (a
// Vietnamese name, a place, a title, an entity's name in either language) quoted as phrases:
// `nguyen phu trong` → `"nguyen phu trong"`, `thu tuong Nam Phi` → `"thu tuong" "Nam Phi"`.
// Runs spelling nothing stay loose words. nullopt when nothing is joined.
std::optional<std::string> join_names(Store& store, const std::vector<std::string>& terms,
                                      const std::vector<TokenForms>& typed, Normalizer& norm) {
  constexpr std::size_t kLongest = 6;
  const auto& listed = listed_names();
  std::string out;
  bool joined = false;
  for (std::size_t i = 0; i < terms.size();) {
    std::size_t run = 1;
    for (std::size_t n = std::min(kLongest, terms.size() - i); n >= 2 && run == 1; --n) {
      std::string span;
      for (std::size_t k = 0; k < n; ++k) span += (k ? " " : "") + terms[i + k];
      const std::string key = folded_key(span, norm);
      const auto [b, e] = listed.equal_range(key);
      bool found =
          std::any_of(b, e, [&](const auto& kv) { return spells(typed, i, n, kv.second, norm); });
      Statement aliases =
          store.prepare("SELECT alias FROM entity_aliases WHERE folded = ?1 LIMIT 16");
      aliases.bind(1, key);
      while (!found && aliases.step()) found = spells(typed, i, n, aliases.text(0), norm);
      if (found) run = n;
    }
    if (!out.empty()) out += ' ';
    if (run > 1) {
      out += '"';
      for (std::size_t k = 0; k < run; ++k) out += (k ? " " : "") + terms[i + k];
      out += '"';
      joined = true;
    } else {
      out += terms[i];
    }
    i += run;
  }
  if (!joined) return std::nullopt;
  return out;
}

// An English inflection counts in English articles only: the inflections of a word, as an
// expression to OR with its forms, `(("i1" OR "i2") AND fts_lang : <en>)` (bound to `field` if
// given), so that it holds inside any expression, excluded or not. Each inflection is an exact
// term, as the forms are. The tag is asked for in its own column only: a text that happened
// to be a tag (the tokenizer takes any such text for one) matches nothing.
Alternatives inflection_alternatives(const std::vector<std::string>& inflections,
                                     std::string_view field) {
  Alternatives out;
  if (inflections.empty()) return out;
  std::string any = "(";
  for (std::size_t i = 0; i < inflections.size(); ++i) {
    if (i) any += " OR ";
    any += fts5_quote(kExactQueryMark + inflections[i]);
  }
  any += ')';
  out.expression =
      fmt::format("({}{} AND fts_lang : {})", field.empty() ? "" : fmt::format("{} : ", field), any,
                  fts5_quote(language_tag("en")));
  out.inflections = inflections.size();
  return out;
}

// corpus_rank's groups (fts5_functions.h): `N`, `N+M` with M inflections, `x` when excluded.
std::string rank_groups(const std::vector<TermPhrases>& groups) {
  std::string out;
  for (const TermPhrases& g : groups) {
    if (!out.empty()) out += ' ';
    if (g.excluded) out += 'x';
    out += std::to_string(g.phrases);
    if (g.inflections > 0) out += fmt::format("+{}", g.inflections);
  }
  return out;
}

// Each word of a query of plain words as `("w" OR "w1" OR ...)`: the word and every indexed
// word it meets, marked exact so that the tokenizer adds nothing, then (unquoted English words)
// its inflections, for English articles only. FTS5 tests an OR of terms far faster than a word
// with colocated alternatives, which it treats as a phrase (merging their position lists in
// every candidate row): `chinh phu` counted its 17,861 matches in 3.3 ms instead of 8.8.
// corpus_rank then scores each group as the one term it stands for.
void write_out_alternatives(Store& store, const std::vector<TokenForms>& words,
                            const std::vector<bool>& quoted, CompiledQuery& c) {
  std::string m;
  std::vector<TermPhrases> groups;
  // A query typed with marks is typed precisely: its words without marks are meant without
  // them (`Việt Nam` is never `Việt năm`).
  const bool accented = std::any_of(words.begin(), words.end(),
                                    [](const TokenForms& w) { return !w.folded.empty(); });
  for (std::size_t k = 0; k < words.size(); ++k) {
    const TokenForms& w = words[k];
    const bool inflect = k >= quoted.size() || !quoted[k];
    // Typed without marks in a query with marks, a word is its exact form (or caps token) alone.
    const bool as_typed = accented && w.folded.empty();
    QueryForms forms;
    if (!as_typed || inflect) {
      forms = query_forms(store.handle(), w,
                          !inflect   ? FormsWanted::indexed
                          : as_typed ? FormsWanted::inflections
                                     : FormsWanted::both);
    }
    if (as_typed) forms.indexed = {w.caps.empty() ? w.exact : w.caps};
    if (!m.empty()) m += " AND ";
    m += '(';
    for (std::size_t i = 0; i < forms.indexed.size(); ++i) {
      if (i) m += " OR ";
      m += fts5_quote(kExactQueryMark + forms.indexed[i]);
    }
    const Alternatives more = inflection_alternatives(forms.inflections, "");
    if (more.inflections > 0) m += " OR " + more.expression;
    m += ')';
    groups.push_back(TermPhrases{forms.indexed.size() + more.inflections, more.inflections, false});
  }
  c.match = std::move(m);
  c.groups = std::move(groups);
}

// The MATCH expression (and phrase) for the options; nullopt when nothing is searchable.
std::optional<CompiledQuery> compile(Store& store, const SearchOptions& o) {
  if (o.raw) {
    CompiledQuery raw;
    raw.match = o.query;
    return raw;
  }
  std::string text = o.query;
  CompiledQuery c = compile_query(text);
  if (c.match.empty()) return std::nullopt;
  Normalizer norm;
  auto typed = c.plain_words ? query_words(*c.plain_words, norm) : std::vector<TokenForms>{};
  // Unquoted words, one a term, that spell a name together are matched together, as that name.
  const auto& quoted = c.plain_quoted;
  if (!o.loose && typed.size() >= 2 && typed.size() == c.plain_terms &&
      std::none_of(quoted.begin(), quoted.end(), [](bool q) { return q; })) {
    std::vector<std::string> terms;
    for (std::size_t b = 0, e; b < c.plain_words->size(); b = e + 1) {
      e = std::min(c.plain_words->find(' ', b), c.plain_words->size());
      terms.push_back(c.plain_words->substr(b, e - b));
    }
    if (terms.size() == typed.size()) {
      if (auto joined = join_names(store, terms, typed, norm)) {
        text = std::move(*joined);
        c = compile_query(text);
        typed = query_words(*c.plain_words, norm);
      }
    }
  }
  // Single words only: a quoted phrase of several (or `TP.HCM`, one term of two words) keeps
  // its colocated alternatives, which an OR cannot express inside a phrase.
  if (!typed.empty() && typed.size() == c.plain_terms) {
    write_out_alternatives(store, typed, c.plain_quoted, c);
    return c;
  }
  // Any other query: its unquoted English words (not prefixes) gain their inflections where
  // they stand, in English articles only, whether wanted or excluded (`trade NOT agreements`
  // leaves out an English article that says `agreement`, and never a Vietnamese `Ban`).
  const Expand inflect = [&](std::string_view word, std::string_view field) {
    const std::vector<TokenForms> words = query_words(word, norm);
    if (words.size() != 1) return Alternatives{};
    return inflection_alternatives(
        query_forms(store.handle(), words[0], FormsWanted::inflections).inflections, field);
  };
  c = compile_query(text, inflect);
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

// A search as SQL: the one place where a compiled query and the options become statement
// text. Every value a user gave is a named parameter (:match, :from, :to, :lang, :entities0,
// :entities1, :limit, :offset) that bind() binds, and so is what corpus computed from the
// query (:groups, the rank function's term groups), so that queries of one shape share a
// cached statement; the text holds only the rank's weights and phrase count.
class SearchSql {
 public:
  SearchSql(const SearchOptions& o, const CompiledQuery& c) : o_(o), c_(c) {}

  // `SELECT select FROM` the matching articles (`articles_fts`; `a`, their filter columns,
  // when a date or language filter or a date order needs them) `tail`.
  std::string matches(std::string_view select, std::string_view tail) const {
    // The entity filters on the index's rowid: SQLite tests them before it reads the article
    // row a date or language filter needs (Japan's mentions rule out most of `trade`'s
    // 3,000). The `+` keeps them a test: as a constraint FTS5 ran the MATCH once per
    // mentioning article.
    std::string where = filters("+articles_fts.rowid");
    return fmt::format("SELECT {} FROM articles_fts {} WHERE articles_fts MATCH :match{} {}",
                       select, join_for("articles_fts.rowid"), where, tail);
  }

  // The articles that mention a named entity (:named) at least :min_count times, with the
  // filters, and (`text` given: a relation of the text's matches' `id`) not among the text's
  // matches: `SELECT m.article_id AS id, select` grouped by article (`m` the mention rows, `a`
  // the filter columns where a filter or order needs them). The count comes from the entity's
  // index.
  std::string mentioned(std::string_view select, std::string_view text) const {
    return fmt::format(
        "SELECT m.article_id AS id, {} FROM mentions m {} WHERE m.entity_id IN (SELECT value FROM"
        " json_each(:named)) AND m.count >= :min_count{}{} GROUP BY m.article_id",
        select, join_for("m.article_id"), filters("m.article_id"),
        text.empty() ? "" : fmt::format(" AND m.article_id NOT IN ({})", text));
  }

  // The score of an article found through `count` mentions of a named entity (SQL over
  // `m.count`, or the number): bm25 of the entity taken as one term, without length
  // normalisation (a mention is no word of the text), its idf bound as :idf.
  static std::string mention_score(std::string_view count) {
    return fmt::format("-:idf * ({0} * {1}) / ({0} + {2})", count, kMentionK1 + 1.0, kMentionK1);
  }
  static constexpr double kMentionK1 = 1.2;

  // The rank expression: bm25 with the column weights, doubled for articles that hold the
  // words as a phrase.
  std::string rank() const {
    const CompiledQuery& q = c_;
    return fmt::format("corpus_rank(articles_fts, {}, {}, :groups)", kWeights,
                       q.phrase ? q.phrase_terms : 0);
  }

  // ORDER BY over `score`, `id` and (date orders) `date` of the relation `of` ("" or "top.").
  std::string order(std::string_view of) const {
    switch (o_.sort) {
      case SortOrder::newest:
        return fmt::format("{0}date IS NULL, {0}date DESC, {0}score, {0}id", of);
      case SortOrder::oldest:
        return fmt::format("{0}date IS NULL, {0}date, {0}score, {0}id", of);
      case SortOrder::relevance:
        break;
    }
    return fmt::format("{0}score, {0}id", of);
  }

  void bind(Statement& s) const {
    const auto set = [&](const char* name, const std::string& v) {
      if (const int i = s.parameter(name)) s.bind(i, v);
    };
    set(":match", c_.match);
    set(":groups", rank_groups(c_.groups));
    if (o_.from) set(":from", *o_.from);
    if (o_.to) set(":to", *o_.to);
    if (o_.lang) set(":lang", *o_.lang);
    for (std::size_t i = 0; i < o_.entity_filters.size() && i < 2; ++i) {
      set(i == 0 ? ":entities0" : ":entities1", ids_json(o_.entity_filters[i]));
    }
    if (const int i = s.parameter(":min_count")) s.bind(i, std::int64_t{1});
  }

 private:
  // The entity, date and language filters on the articles whose id is `id`, as `AND ...`.
  std::string filters(std::string_view id) const {
    std::string where;
    for (std::size_t i = 0; i < o_.entity_filters.size() && i < 2; ++i) {
      where += fmt::format(
          " AND {} IN (SELECT f.article_id FROM mentions f WHERE f.entity_id IN"
          " (SELECT value FROM json_each(:entities{})))",
          id, i);
    }
    if (o_.from) where += " AND a.date >= :from";
    if (o_.to) where += " AND a.date <= :to";
    if (o_.lang) where += " AND a.lang = :lang";
    return where;
  }

  // The join that gives the articles whose id is `id` their filter columns as `a`, where a
  // date or language filter or a date order needs them. It reads the index `articles_filter`
  // (schema version 6), never the article rows: SQLite's planner would prefer the rowid, whose
  // look-up costs a page read a match.
  std::string join_for(std::string_view id) const {
    if (!o_.from && !o_.to && !o_.lang && o_.sort == SortOrder::relevance) return {};
    return fmt::format("JOIN articles a INDEXED BY articles_filter ON a.id = {}", id);
  }

  const SearchOptions& o_;
  const CompiledQuery& c_;
};

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

namespace {

// The snippet of a hit found through a mention of an entity: about a dozen words either side
// of the mention in `text`, cut at word boundaries (so on whole characters), the mention
// highlighted.
void mention_snippet(const std::string& text, std::size_t begin, std::size_t end, Hit& h) {
  constexpr std::size_t kAround = 12;
  std::vector<std::pair<std::size_t, std::size_t>> words;
  text::for_each_word(text, [&](std::size_t b, std::size_t e) { words.emplace_back(b, e); });
  std::size_t first = 0;
  while (first < words.size() && words[first].second <= begin) ++first;
  std::size_t last = first;
  while (last < words.size() && words[last].first < end) ++last;
  const std::size_t from = first > kAround ? first - kAround : 0;
  const std::size_t to = std::min(words.size(), last + kAround);
  const std::size_t cut_b = from == 0 ? 0 : words[from].first;
  const std::size_t cut_e = to == words.size() ? text.size() : words[to - 1].second;
  if (cut_b > 0) h.snippet = "…";
  const std::size_t offset = h.snippet.size();
  h.snippet += text.substr(cut_b, cut_e - cut_b);
  if (cut_e < text.size()) h.snippet += "…";
  if (begin >= cut_b && end <= cut_e)
    h.highlights.emplace_back(offset + begin - cut_b, offset + end - cut_b);
}

// The page query: the rows and snippets of the hits `top` ranks (a
// relation of `id` and `score`), over the matches between its first and last rowid.
std::string page_sql(const std::string& top, const std::string& order) {
  return fmt::format(
      "WITH top AS MATERIALIZED ({}),"
      " span AS MATERIALIZED (SELECT min(id) AS lo, max(id) AS hi FROM top)"
      " SELECT a.uid, (SELECT key FROM sources s WHERE s.article_id = a.id ORDER BY key LIMIT 1),"
      " a.date, a.lang, a.title,"
      " snippet(articles_fts, 1, char(1), char(2), '…', 24),"
      " snippet(articles_fts, 2, char(1), char(2), '…', 24),"
      " top.score, a.id"
      " FROM span CROSS JOIN articles_fts CROSS JOIN top CROSS JOIN articles a"
      " WHERE articles_fts MATCH :match AND articles_fts.rowid BETWEEN span.lo AND span.hi"
      " AND top.id = articles_fts.rowid AND a.id = top.id"
      " ORDER BY {}",
      top, order);
}

// bm25's idf of the named entities taken as one term: log((N - n + 0.5) / (n + 0.5)), N the
// articles (the largest id: counting them cost a pass), n those that mention one of them.
double named_idf(Store& store, const SearchOptions& o) {
  // One entity's mentions are one an article (the key is (article, entity)): counted from the
  // entity's index alone, without the set of articles DISTINCT builds.
  Statement n = store.prepare(
      o.named.size() == 1
          ? "SELECT (SELECT max(id) FROM articles),"
            " (SELECT count(*) FROM mentions WHERE entity_id = ?1 ->> 0)"
          : "SELECT (SELECT max(id) FROM articles),"
            " (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id IN (SELECT value "
            "FROM json_each(?1)))");
  n.bind(1, ids_json(o.named));
  n.step();
  const auto all = static_cast<double>(n.integer(0)), named = static_cast<double>(n.integer(1));
  const double idf = std::log((all - named + 0.5) / (named + 0.5));
  return idf <= 0.0 ? 1e-6 : idf;
}

// A hit of a search that names entities: found by the text (entity 0) or through its
// mentions of `entity`.
struct Ranked {
  std::int64_t id;
  double score;
  std::int64_t entity;
};

// The best `n` (by relevance) of the text's matches and the articles that mention a named
// entity without matching. The text's matches are scored in one pass, which also tells which
// mentioning articles the text found already. An article found through its mentions scores at
// best -idf * 2.2 (mention_score as the count grows), so only the mentions counted often
// enough to beat the n-th match need reading, and none when it beats them all. `"việt nam"`
// reads 649 of Việt Nam's 12,051 mentions. Reading them all, each tested against the matches
// (NOT IN a second MATCH), cost more than the ranking did (138 against 66 ms in all, whole
// process); testing each by its rowid (a seek per term and segment) 0.16 ms a mention.
std::vector<Ranked> rank_with_mentions(Store& store, const SearchOptions& o, const SearchSql& sql,
                                       std::int64_t n) {
  if (n <= 0) return {};  // --limit 0: no page, and no n-th match to compare the mentions with
  const auto better = [](const Ranked& a, const Ranked& b) {
    return std::tie(a.score, a.id) < std::tie(b.score, b.id);
  };
  // Every match with its score, in rowid order: the best n are kept here, and the rest tell
  // which mentioning articles the text found already.
  std::vector<Ranked> out;
  Statement text = store.prepare(
      sql.matches(fmt::format("articles_fts.rowid AS id, {} AS score", sql.rank()), "").c_str());
  sql.bind(text);
  while (text.step()) out.push_back(Ranked{text.integer(0), text.real(1), 0});
  std::vector<std::int64_t> matched;
  matched.reserve(out.size());
  for (const Ranked& r : out) matched.push_back(r.id);
  std::sort(matched.begin(), matched.end());
  const auto kept = std::min(out.size(), static_cast<std::size_t>(n));
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(kept), out.end(),
                    better);
  out.resize(kept);
  const double idf = named_idf(store, o);
  std::int64_t min_count = 1;
  if (static_cast<std::int64_t>(out.size()) == n) {
    // The share of the mentions' best score that the n-th match's score takes.
    const double t = -out.back().score / idf, most = SearchSql::kMentionK1 + 1.0;
    if (t >= most) return out;
    // count * most / (count + k1) >= t, rounded down: the merge below orders exactly.
    if (t > 0) {
      min_count = std::max<std::int64_t>(
          1, static_cast<std::int64_t>(std::min(1e15, SearchSql::kMentionK1 * t / (most - t))));
    }
  }
  Statement mentions =
      store.prepare((sql.mentioned(fmt::format("min({}) AS score, m.entity_id AS entity",
                                               SearchSql::mention_score("m.count")),
                                   "") +
                     " ORDER BY score, id")
                        .c_str());
  sql.bind(mentions);
  mentions.bind(mentions.parameter(":min_count"), min_count)
      .bind(mentions.parameter(":idf"), idf)
      .bind(mentions.parameter(":named"), ids_json(o.named));
  const std::size_t from_text = out.size();
  for (std::int64_t found = 0; found < n && mentions.step();) {
    const std::int64_t id = mentions.integer(0);
    if (std::binary_search(matched.begin(), matched.end(), id)) continue;
    out.push_back(Ranked{id, mentions.real(1), mentions.integer(2)});
    ++found;
  }
  std::inplace_merge(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(from_text), out.end(),
                     better);
  if (static_cast<std::int64_t>(out.size()) > n) out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

std::vector<Hit> search(Store& store, const SearchOptions& o) {
  const auto compiled = compile(store, o);
  if (!compiled) return {};
  const SearchSql sql(o, *compiled);
  const bool named = !o.named.empty() && !o.raw;
  const std::string date_column = o.sort == SortOrder::relevance ? "" : ", a.date AS date";
  // Ranking reads only the index; the page of hits is then read whole: the articles' rows,
  // snippets and sources of every match would cost a common word (40,000 articles) seconds.
  // The page is read in one more pass over the matches, between its first and last rowid:
  // a look-up by rowid repeated per hit cost as much per hit.
  std::string top =
      sql.matches(fmt::format("articles_fts.rowid AS id, {} AS score{}", sql.rank(), date_column),
                  fmt::format("ORDER BY {} LIMIT :limit OFFSET :offset", sql.order("")));
  if (named && o.sort != SortOrder::relevance) {
    // The text's matches, and the articles that mention a named entity without matching:
    // ordered together by date, then by their scores (the text's, the entity's: entity > 0).
    top = fmt::format(
        "WITH text AS MATERIALIZED ({}), named AS MATERIALIZED ({})"
        " SELECT id, score, entity FROM (SELECT id, score, 0 AS entity, date FROM text"
        " UNION ALL SELECT id, score, entity, date FROM named) ORDER BY {} LIMIT :limit OFFSET"
        " :offset",
        sql.matches(fmt::format("articles_fts.rowid AS id, {} AS score{}", sql.rank(), date_column),
                    ""),
        sql.mentioned(fmt::format("min({}) AS score, m.entity_id AS entity{}",
                                  SearchSql::mention_score("m.count"), date_column),
                      "SELECT id FROM text"),
        sql.order(""));
  }
  // Copies drop out after ranking: with --collapse, read ahead enough to fill the page once
  // they have.
  const std::int64_t read_ahead = (o.offset + o.limit) * 4 + 100;
  const auto bind_page = [&](Statement& s) {
    if (o.collapse) {
      s.bind(s.parameter(":limit"), read_ahead).bind(s.parameter(":offset"), std::int64_t{0});
    } else {
      s.bind(s.parameter(":limit"), o.limit).bind(s.parameter(":offset"), o.offset);
    }
    if (const int i = s.parameter(":idf")) s.bind(i, named_idf(store, o));
    if (const int i = s.parameter(":named")) s.bind(i, ids_json(o.named));
  };
  std::vector<Hit> hits;
  // With named entities, the ranking first (which hit came how), then each kind read.
  std::vector<Ranked> ranked;
  std::string text_top;
  if (named) {
    if (o.sort == SortOrder::relevance) {
      ranked = rank_with_mentions(store, o, sql, o.collapse ? read_ahead : o.offset + o.limit);
      const auto from =
          std::min<std::size_t>(ranked.size(), o.collapse ? 0 : static_cast<std::size_t>(o.offset));
      ranked.erase(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(from));
    } else {
      Statement r = store.prepare(top.c_str());
      sql.bind(r);
      bind_page(r);
      while (r.step()) ranked.push_back(Ranked{r.integer(0), r.real(1), r.integer(2)});
    }
    nlohmann::json text_ids = nlohmann::json::array();
    for (const auto& [id, score, entity] : ranked) {
      if (entity == 0) text_ids.push_back(nlohmann::json::array({id, score}));
    }
    text_top = text_ids.dump();
    // Typed an integer, the ids get the automatic index the page's join looks them up in;
    // untyped (as json_each gives them), each match of the span scanned the whole page
    // (`"việt nam"`: 26 ms instead of 9).
    top = "SELECT CAST(value->>0 AS INTEGER) AS id, value->>1 AS score FROM json_each(:top)";
  }
  const std::string page = page_sql(top, named ? "top.score, top.id" : sql.order("top."));
  if (!named || text_top != "[]") {
    // Statements vary with the filters: a handful of shapes, each cached by the store.
    Statement s = store.prepare(page.c_str());
    sql.bind(s);
    if (named) {
      s.bind(s.parameter(":top"), text_top);
    } else {
      bind_page(s);
    }
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
      if (named) {
        h.matched_query = o.query;
        h.matched.push_back(o.query);
      }
      hits.push_back(std::move(h));
    }
  }
  if (named) {
    // The hits that came through an entity: the article, and its first mention of the entity
    // for the snippet and `matched` (the name as written there: `Anh` for `Britain`).
    std::unordered_map<std::int64_t, Hit> by_id;
    for (Hit& h : hits) by_id.emplace(h.id, std::move(h));
    hits.clear();
    for (const auto& [id, score, entity] : ranked) {
      if (entity == 0) {
        if (auto it = by_id.find(id); it != by_id.end()) hits.push_back(std::move(it->second));
        continue;
      }
      Statement a = store.prepare(
          "SELECT a.uid, (SELECT key FROM sources s WHERE s.article_id = a.id ORDER BY key LIMIT "
          "1), a.date,"
          " a.lang, a.title, a.lead, a.body, m.spans FROM articles a JOIN mentions m ON "
          "m.article_id = a.id"
          " WHERE a.id = ?1 AND m.entity_id = ?2");
      a.bind(1, id).bind(2, entity);
      if (!a.step()) continue;
      Hit h;
      h.id = id;
      h.uid = a.text(0);
      h.path = a.text(1);
      h.date = a.optional_text(2);
      h.lang = a.text(3);
      h.title = a.text(4);
      h.score = -score;
      h.matched_query = o.query;
      const std::string fields[3] = {a.text(4), a.text(5), a.text(6)};
      const std::vector<Mention> spans = decode_spans(a.text(7));
      // The first mention outside the title (printed anyway), else the title's.
      const Mention* m = nullptr;
      for (const Mention& x : spans) {
        if (!m || (m->field == Field::title && x.field != Field::title)) m = &x;
      }
      // Every distinct name the article gives the entity, in the order it first writes them.
      for (const Mention& x : spans) {
        const std::string& text = fields[static_cast<int>(x.field)];
        if (x.begin >= x.end || x.end > text.size()) continue;
        std::string name = text.substr(x.begin, x.end - x.begin);
        if (std::find(h.matched.begin(), h.matched.end(), name) == h.matched.end())
          h.matched.push_back(std::move(name));
      }
      if (m && m->begin < m->end && m->end <= fields[static_cast<int>(m->field)].size()) {
        mention_snippet(fields[static_cast<int>(m->field)], m->begin, m->end, h);
      }
      hits.push_back(std::move(h));
    }
  }
  if (o.collapse) hits = collapse_copies(store, std::move(hits), o.offset, o.limit);
  return hits;
}

std::int64_t count_matches(Store& store, const SearchOptions& o) {
  const auto compiled = compile(store, o);
  if (!compiled) return 0;
  const SearchSql sql(o, *compiled);
  const bool named = !o.named.empty() && !o.raw;
  // The matching articles' ids, as one relation.
  std::string ids = sql.matches("articles_fts.rowid AS id", "");
  if (named) {
    ids = fmt::format(
        "WITH text AS MATERIALIZED ({}), named AS ({}) SELECT id FROM text UNION ALL SELECT id "
        "FROM named",
        ids, sql.mentioned("0", "SELECT id FROM text"));
  }
  const auto bind = [&](Statement& s) {
    sql.bind(s);
    if (const int i = s.parameter(":named")) s.bind(i, ids_json(o.named));
  };
  if (!o.collapse) {
    Statement s = store.prepare(fmt::format("SELECT count(*) FROM ({})", ids).c_str());
    bind(s);
    s.step();
    return s.integer(0);
  }
  // What --collapse lists: one hit per group of copies among the matches.
  const auto groups = copy_groups(store);
  Statement s = store.prepare(ids.c_str());
  bind(s);
  std::unordered_set<std::int64_t> seen;
  while (s.step()) {
    const std::int64_t id = s.integer(0);
    const auto in_group = groups.find(id);
    seen.insert(in_group == groups.end() ? id : in_group->second);
  }
  return static_cast<std::int64_t>(seen.size());
}

}  // namespace corpus
