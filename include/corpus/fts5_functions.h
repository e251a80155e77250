// The FTS5 auxiliary functions of search (fts5_functions.cc), for any connection that has
// corpus's tokenizer:
//   corpus_rank(t, w_title, w_lead, w_body, adjacent, g1, g2, ...)  bm25 over groups of phrases
//   corpus_adjacent(t, n)      whether the first n phrases stand together in one column
//   corpus_as_typed(t, t1, n1, ...)  whether the row holds each query word as typed (not only
//                              an English inflection of it)
#pragma once

struct fts5_api;

namespace corpus {

// Throws std::runtime_error when FTS5 refuses one.
void register_fts5_functions(fts5_api* api);

}  // namespace corpus
