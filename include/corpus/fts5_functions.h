// The FTS5 auxiliary functions of search (fts5_functions.cc), for any connection that has
// corpus's tokenizer:
//   corpus_rank(t, w_title, w_lead, w_body, adjacent, 'g1 g2 ...')  bm25 over groups of
//       phrases (each query term's alternatives one term; `N`, `N+M` with M English
//       inflections and the English tag after them, `x...` excluded), doubled when the first
//       `adjacent` groups stand together
#pragma once

struct fts5_api;

namespace corpus {

// Throws std::runtime_error when FTS5 refuses one.
void register_fts5_functions(fts5_api* api);

}  // namespace corpus
