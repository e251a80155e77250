// The query language of `corpus search`, compiled to an FTS5 MATCH expression.
//
//   word            must occur (unquoted words must all occur)
//   "two words"     a phrase
//   a OR b          either (upper-case OR between terms)
//   -word           must not occur (needs at least one term that is not excluded)
//   pre*            prefix
//   ( ... )         grouping
//   title:word      in one field (title, lead, body)
//
// Anything else is literal text: every term reaches FTS5 as a quoted string, so punctuation
// (`TP.HCM`, `Bà Rịa-Vũng Tàu`, `don't`, a lone `"` or `(`) can never be a syntax error.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace corpus {

struct QueryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CompiledQuery {
  std::string match;  // empty: the query holds nothing searchable (such as `*` or `"`)
  // For a query of two or more plain words, the same words as one phrase: articles where they
  // stand together rank above those where they are scattered.
  std::optional<std::string> phrase;
  // With phrase: the words it joins are the first this many phrases of `match`.
  std::size_t phrase_terms = 0;
  // For a query of plain words and phrases only (no OR, exclusion, prefix or field), its words
  // in order: a name holding them together matches the query whatever else it holds.
  std::optional<std::string> plain_words;
  // With plain_words: the phrases of `match`, one a word or quoted phrase (FTS5 numbers them
  // in this order from 0).
  std::size_t plain_terms = 0;
};

// Throws QueryError when the query can never match, e.g. it only excludes.
CompiledQuery compile_query(std::string_view query);

// `s` as an FTS5 string literal.
std::string fts5_quote(std::string_view s);

}  // namespace corpus
