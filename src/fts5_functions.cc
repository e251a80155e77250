// The FTS5 auxiliary functions search ranks and explains its hits with, registered beside the
// tokenizer on every connection (register_tokenizer) and in the loadable extension.
#include "corpus/fts5_functions.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>
#include <vector>

#include "corpus/sqlite_api.h"

namespace corpus {
namespace {

// Title, lead and body; a fourth column holds the article's language (tokenizer.h).
constexpr int kTextColumns = 3;

// Instances by phrase or group: (column, offset) of each, kept from one row to the next (the
// rank functions run for every match, and allocating them afresh cost `chinh phu`, 17,861
// matches, 1.3 ms of 57).
using Instances = std::vector<std::vector<std::pair<int, int>>>;

// True when an instance of at[0], then one of at[1] right after it, ... then one of at[n-1]
// stand in a row in one column; an instance of at[k] spans `length(k)` tokens. Sorts the lists.
template <class Length>
bool in_a_row(Instances& at, std::size_t n, Length&& length) {
  for (std::size_t k = 0; k < n; ++k) std::sort(at[k].begin(), at[k].end());
  for (const auto& [column, offset] : at[0]) {
    bool all = true;
    int next = offset + length(0);
    for (std::size_t k = 1; k < n && all; ++k) {
      all = std::binary_search(at[k].begin(), at[k].end(), std::pair{column, next});
      next += length(k);
    }
    if (all) return true;
  }
  return false;
}

// corpus_rank(table, w_title, w_lead, w_body, adjacent, 'g1 g2 ...'): FTS5's bm25 with those
// column weights, for an expression whose first g1 phrases are one query term's alternatives,
// the next g2 the next term's, and so on (search writes `dai` as `"dai" OR "đại" OR ...`); any
// phrase after the groups is a group of its own. A group is `N`; `N+M` when its last M phrases
// are English inflections, followed by one phrase of the English tag (kLanguageTagMark) that
// is in no group; `xN` or `xN+M` when the term is excluded (under NOT), which scores nothing. Each
// group counts as one term, as FTS5 counts colocated alternatives: its frequency is that of all its
// phrases, its document frequency the union of their rows, so the score is bm25's on the colocated
// form, to the last bit. Hits past the third column (the language) count for nothing. Doubled when
// the first `adjacent` groups stand one right after another somewhere, in order, in one column: the
// phrase boost of a query of plain words, read from the instances bm25 reads already (a second
// MATCH of the words as a phrase cost a pass over the whole index).
struct RankData {
  std::vector<int> group_of;      // per phrase; -1: none (a language tag)
  std::vector<int> first_phrase;  // per group
  std::vector<int> inflections;   // per group: how many of its last phrases
  std::vector<bool> excluded;     // per group: under NOT, idf 0
  std::vector<double> idf;        // per group
  int tag_phrase = -1;            // the first language tag's phrase
  double avgdl = 0;
};

// Hands `data` to FTS5 as this function's auxiliary data for the query (it frees it with the
// query), `out` pointing at it; on failure `out` is null.
template <class T>
int keep_auxdata(const Fts5ExtensionApi* api, Fts5Context* fts, std::unique_ptr<T> data, T*& out) {
  out = data.get();
  const int rc =
      api->xSetAuxdata(fts, data.release(), [](void* p) { delete static_cast<T*>(p); });
  if (rc != SQLITE_OK) out = nullptr;
  return rc;
}

// The rows a group's phrases occur in: a bit a rowid (articles are numbered from 1), and a
// list for any rowid too large for a bitmap of 32 MiB.
struct RowSet {
  std::vector<std::uint64_t> bits;
  std::vector<std::int64_t> others;
  void clear() {
    bits.clear();
    others.clear();
  }
  std::int64_t size() {
    std::int64_t n = 0;
    for (std::uint64_t word : bits) n += std::popcount(word);
    std::sort(others.begin(), others.end());
    return n + (std::unique(others.begin(), others.end()) - others.begin());
  }
};

int collect_row(const Fts5ExtensionApi* api, Fts5Context* fts, void* user) {
  auto* rows = static_cast<RowSet*>(user);
  const sqlite3_int64 id = api->xRowid(fts);
  if (id < 0 || id >= (sqlite3_int64{1} << 28)) {
    rows->others.push_back(id);
    return SQLITE_OK;
  }
  const auto word = static_cast<std::size_t>(id / 64);
  if (word >= rows->bits.size()) rows->bits.resize(word + 1, 0);
  rows->bits[word] |= std::uint64_t{1} << (id % 64);
  return SQLITE_OK;
}

// Adds to `into` the rows of `a` that are also in `b` (after b.size(), which sorts its list).
void add_common(const RowSet& a, const RowSet& b, RowSet& into) {
  const std::size_t words = std::min(a.bits.size(), b.bits.size());
  if (into.bits.size() < words) into.bits.resize(words, 0);
  for (std::size_t w = 0; w < words; ++w) into.bits[w] |= a.bits[w] & b.bits[w];
  for (std::int64_t id : a.others) {
    if (std::binary_search(b.others.begin(), b.others.end(), id)) into.others.push_back(id);
  }
}

int rank_data(const Fts5ExtensionApi* api, Fts5Context* fts, int argc, sqlite3_value** argv,
              RankData*& out) {
  out = static_cast<RankData*>(api->xGetAuxdata(fts, 0));
  if (out) return SQLITE_OK;
  auto data = std::make_unique<RankData>();
  const int phrases = api->xPhraseCount(fts);
  const auto start_group = [&](int inflections, bool excluded) {
    data->first_phrase.push_back(static_cast<int>(data->group_of.size()));
    data->inflections.push_back(inflections);
    data->excluded.push_back(excluded);
    data->idf.push_back(0);
    return static_cast<int>(data->idf.size()) - 1;
  };
  const auto room = [&] { return static_cast<int>(data->group_of.size()) < phrases; };
  // The groups as text, `[x]N[+M]` each: a query of many words would pass SQLite's limit on a
  // function's arguments (127) as one argument a group.
  const char* at = argc > 4 ? reinterpret_cast<const char*>(sqlite3_value_text(argv[4])) : nullptr;
  while (at && *at) {
    while (*at == ' ') ++at;
    const bool excluded = *at == 'x';
    if (excluded) ++at;
    char* end = nullptr;
    const long size = std::strtol(at, &end, 10);
    if (end == at || size < 1) break;
    at = end;
    long inflections = 0;
    if (*at == '+') {
      inflections = std::strtol(at + 1, &end, 10);
      if (end == at + 1 || inflections < 0 || inflections > size) break;
      at = end;
    }
    const int group = start_group(static_cast<int>(inflections), excluded);
    for (long k = 0; k < size && room(); ++k) data->group_of.push_back(group);
    if (inflections > 0 && room()) {
      data->tag_phrase =
          data->tag_phrase < 0 ? static_cast<int>(data->group_of.size()) : data->tag_phrase;
      data->group_of.push_back(-1);
    }
  }
  while (room()) data->group_of.push_back(start_group(0, false));
  sqlite3_int64 rows = 0, tokens = 0;
  if (int rc = api->xRowCount(fts, &rows); rc != SQLITE_OK) return rc;
  // The text's columns only: the language's token is no word of the article.
  for (int column = 0; column < kTextColumns; ++column) {
    sqlite3_int64 n = 0;
    if (int rc = api->xColumnTotalSize(fts, column, &n); rc != SQLITE_OK) return rc;
    tokens += n;
  }
  data->avgdl = static_cast<double>(tokens) / static_cast<double>(rows);
  // A group's document frequency: the rows of its forms, and those of its inflections that are
  // English (as the MATCH has it), so that `banned` is not made common by Vietnamese `Ban`.
  RowSet seen, inflected, english;
  bool english_read = false;
  for (std::size_t g = 0; g < data->idf.size(); ++g) {
    if (data->excluded[g]) continue;  // never held by a hit: no score, no pass over its rows
    seen.clear();
    inflected.clear();
    auto p = static_cast<std::size_t>(data->first_phrase[g]);
    std::size_t typed_end = p;
    while (typed_end < data->group_of.size() && data->group_of[typed_end] == static_cast<int>(g))
      ++typed_end;
    const std::size_t inflections_from =
        typed_end -
        std::min<std::size_t>(typed_end - p, static_cast<std::size_t>(data->inflections[g]));
    for (; p < typed_end; ++p) {
      RowSet* into = p < inflections_from ? &seen : &inflected;
      if (int rc = api->xQueryPhrase(fts, static_cast<int>(p), into, collect_row); rc != SQLITE_OK)
        return rc;
    }
    if (inflections_from < typed_end && data->tag_phrase >= 0) {
      if (!english_read) {
        if (int rc = api->xQueryPhrase(fts, data->tag_phrase, &english, collect_row);
            rc != SQLITE_OK)
          return rc;
        english.size();  // sorts the rows kept as a list
        english_read = true;
      }
      add_common(inflected, english, seen);
    }
    // bm25's own: log((N - n + 0.5) / (n + 0.5)), and never zero or below.
    const auto n = static_cast<double>(seen.size());
    const double idf = std::log((static_cast<double>(rows) - n + 0.5) / (n + 0.5));
    data->idf[g] = idf <= 0.0 ? 1e-6 : idf;
  }
  return keep_auxdata(api, fts, std::move(data), out);
}

void x_rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
            sqlite3_value** argv) {
  if (argc < 4) {
    sqlite3_result_error(ctx, "corpus_rank: needs three column weights and the adjacent groups",
                         -1);
    return;
  }
  try {
    RankData* data = nullptr;
    if (int rc = rank_data(api, fts, argc, argv, data); rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    const double weight[3] = {sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1]),
                              sqlite3_value_double(argv[2])};
    const int adjacent = sqlite3_value_int(argv[3]);
    thread_local std::vector<double> freq;
    thread_local Instances at;  // by group
    freq.assign(data->idf.size(), 0.0);
    const std::size_t watched =
        adjacent >= 2 ? std::min<std::size_t>(static_cast<std::size_t>(adjacent), data->idf.size())
                      : 0;
    if (at.size() < watched) at.resize(watched);
    for (std::size_t g = 0; g < watched; ++g) at[g].clear();
    // Phrase by phrase, each read from its own position list: xInst would first merge the
    // lists of every phrase into one in position order (for `bong da`'s 28 forms, a choice
    // among 28 at each instance: a quarter of the query's time). The sums are of whole
    // weights, so exactly bm25's in any order.
    const int phrases = static_cast<int>(data->group_of.size());
    for (int p = 0; p < phrases; ++p) {
      const int group = data->group_of[static_cast<std::size_t>(p)];
      if (group < 0 || data->excluded[static_cast<std::size_t>(group)]) continue;
      const auto g = static_cast<std::size_t>(group);
      Fts5PhraseIter it;
      int column = 0, offset = 0;
      if (int rc = api->xPhraseFirst(fts, p, &it, &column, &offset); rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
      }
      for (; column >= 0; api->xPhraseNext(fts, &it, &column, &offset)) {
        if (column >= kTextColumns) continue;
        freq[g] += weight[column];
        if (g < watched) at[g].emplace_back(column, offset);
      }
    }
    int length = 0;
    for (int column = 0; column < kTextColumns; ++column) {
      int n = 0;
      if (int rc = api->xColumnSize(fts, column, &n); rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
      }
      length += n;
    }
    constexpr double k1 = 1.2, b = 0.75;
    double score = 0;
    for (std::size_t g = 0; g < freq.size(); ++g) {
      score += data->idf[g] *
               ((freq[g] * (k1 + 1.0)) / (freq[g] + k1 * (1 - b + b * length / data->avgdl)));
    }
    // A group's alternatives are one word each; its term may be several tokens (`TP.HCM`).
    const auto width = [&](std::size_t g) { return api->xPhraseSize(fts, data->first_phrase[g]); };
    const bool together = watched >= 2 && in_a_row(at, watched, width);
    sqlite3_result_double(ctx, -score * (together ? 2.0 : 1.0));
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  }
}

}  // namespace

void register_fts5_functions(fts5_api* api) {
  if (api->xCreateFunction(api, "corpus_rank", nullptr, x_rank, nullptr) != SQLITE_OK) {
    throw std::runtime_error("could not register corpus's FTS5 functions");
  }
}

}  // namespace corpus
