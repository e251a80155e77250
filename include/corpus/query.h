// The query language of `corpus search`, compiled to an FTS5 MATCH expression.
//
//   word            must occur (unquoted words must all occur)
//   "two words"     a phrase
//   a AND b         both (the same as `a b`)
//   a OR b          either
//   -word           must not occur (needs at least one term that is not excluded)
//   a NOT b         a without b (the same as `a -b`); NOT b a, -b a: the same
//   NOT (a OR b)    NOT and - apply to a group too
//   pre*            prefix
//   ( ... )         grouping
//   title:word      in one field (title, lead, body)
//
// AND, OR and NOT are operators only in capitals (`and`, `or`, `not` are words), as in Xapian
// and Elasticsearch query strings. NOT binds tightest, then AND (written or not), then OR:
// `a b OR c NOT d` is `(a AND b) OR (c AND NOT d)`. An operator with nothing on one side is
// dropped (`trade AND` is `trade`), and a query of operators alone searches for them as words
// (`OR` finds the word "OR"): no query is a syntax error.
//
// Anything else is literal text: every term reaches FTS5 as a quoted string, so punctuation
// (`TP.HCM`, `Bà Rịa-Vũng Tàu`, `don't`, a lone `"` or `(`) can never be a syntax error.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace corpus {

struct QueryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One query term's phrases in a MATCH expression, in FTS5's numbering (corpus_rank's groups):
// `phrases` of them, the term and its alternatives, the last `inflections` of which are English
// inflections, followed (when there are any) by one phrase of the English language tag that
// belongs to no term. `excluded`: the term stands under NOT (an odd number of them), so a hit
// never holds it as wanted.
struct TermPhrases {
  std::size_t phrases = 1;
  std::size_t inflections = 0;
  bool excluded = false;
  bool operator==(const TermPhrases&) const = default;
};

struct CompiledQuery {
  std::string match;  // empty: the query holds nothing searchable (such as `*` or `"`)
  // For a query of two or more plain words, the same words as one phrase: articles where they
  // stand together rank above those where they are scattered.
  std::optional<std::string> phrase;
  // With phrase: the words it joins are the first this many terms of `groups`.
  std::size_t phrase_terms = 0;
  // For a query of plain words and phrases only (no OR, exclusion, prefix or field; AND
  // between them is allowed, as it means what their standing side by side does), its words
  // in order: a name holding them together matches the query whatever else it holds.
  std::optional<std::string> plain_words;
  // With plain_words: how many terms it has, one a word or quoted phrase.
  std::size_t plain_terms = 0;
  // With plain_words: for each term, whether it was quoted (a quoted English word is matched
  // as written, without its inflections).
  std::vector<bool> plain_quoted;
  // The phrases of `match`, in order, by the query term they stand for. The wanted terms of an
  // AND come before its excluded ones, so with `phrase` its words are the first terms.
  std::vector<TermPhrases> groups;
};

// What a query word may also mean (search: its English inflections, in English articles
// only): an FTS5 expression ORed with the word, bound to `field` where one is given
// (`title : (...)`), whose phrases are `inflections` words, then (with any) one phrase of the
// English language tag, which counts in no term.
struct Alternatives {
  std::string expression;
  std::size_t inflections = 0;
};
// The alternatives of an unquoted word that is not a prefix, in `field` ("" for any).
using Expand = std::function<Alternatives(std::string_view word, std::string_view field)>;

// Throws QueryError when the query can never match: it only excludes (`-a`, `NOT a`), or
// an excluded term is one side of OR (`a OR -b`, `a OR NOT b`), which FTS5 cannot express.
// `expand`, when given, adds alternatives to the query's unquoted words.
CompiledQuery compile_query(std::string_view query, const Expand& expand = {});

// `s` as an FTS5 string literal.
std::string fts5_quote(std::string_view s);

}  // namespace corpus
