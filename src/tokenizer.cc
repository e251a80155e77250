#include "corpus/tokenizer.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>
#include <new>
#include <stdexcept>

// Built into the loadable extension too (sqlite_extension.cc), where SQLite's functions must
// be called through the table of the SQLite that loaded it.
#ifdef CORPUS_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#else
#include <sqlite3.h>
#endif

#include "corpus/normalize.h"
#include "corpus/text.h"

namespace corpus {
namespace {

// Emits the tokens of `text`; `emit(token, start, end, colocated)` returns an SQLite code.
// `on_word(forms, start, end)` sees each word's forms first and returns an SQLite code too:
// the query time of a `corpus vocab` table adds its alternatives there.
template <class Emit, class OnWord>
int run(Normalizer& norm, std::string_view text, TokenizeMode mode, bool colocate, Emit&& emit, OnWord&& on_word) {
  int rc = SQLITE_OK;
  if (mode == TokenizeMode::aux) {
    // snippet() and highlight() read only where each token is and which position it has:
    // the word as written will do, without the normaliser's look-ups (the snippets of a
    // page of hits cold-started the cache with every distinct word of 20 articles).
    text::for_each_word(text, [&](std::size_t b, std::size_t e) {
      if (rc == SQLITE_OK) rc = emit(text.substr(b, e - b), b, e, false);
    });
    return rc;
  }
  text::for_each_word(text, [&](std::size_t b, std::size_t e) {
    if (rc != SQLITE_OK) return;
    const TokenForms& f = norm.forms(text.substr(b, e - b));
    rc = emit(f.exact, b, e, false);
    if (rc == SQLITE_OK) rc = on_word(f, b, e);
    if (rc != SQLITE_OK || !colocate || mode == TokenizeMode::prefix_query) return;
    if (mode == TokenizeMode::document && !f.folded.empty()) rc = emit(f.folded, b, e, true);
    if (rc == SQLITE_OK && !f.stem.empty()) rc = emit(f.stem, b, e, true);
  });
  return rc;
}

void note_vocab(const TokenForms& f, std::vector<VocabEntry>& out) {
  if (!f.folded.empty()) out.push_back(VocabEntry{f.folded, f.exact});
  if (!f.stem.empty()) out.push_back(VocabEntry{f.stem, f.exact});
}

// A query word meets, besides its exact form, at most this many other words: enough for
// every tone of a syllable (`dai` has 13 in the test corpora) and every inflection of a stem.
constexpr std::size_t kMaxAlternatives = 64;

// Every word `vocab` files under `key`, appended to `out` unless already there; one more than
// kMaxAlternatives at most (the query word itself may be among them).
void look_up_vocab(sqlite3_stmt* stmt, const std::string& key, std::vector<std::string>& out) {
  sqlite3_reset(stmt);
  sqlite3_bind_text(stmt, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
  while (out.size() <= kMaxAlternatives && sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* w = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    std::string word(w, static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
    if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(std::move(word));
  }
}

// What query time adds to `f` in a `corpus vocab` table, into `out` (cleared first): its
// stem and every word `vocab` files under its exact form or stem, without `f.exact` itself.
void alternatives_of(sqlite3_stmt* stmt, const TokenForms& f, std::vector<std::string>& out) {
  out.clear();
  if (!f.stem.empty()) out.push_back(f.stem);
  if (stmt) {
    look_up_vocab(stmt, f.exact, out);
    if (!f.stem.empty()) look_up_vocab(stmt, f.stem, out);
  }
  out.erase(std::remove(out.begin(), out.end(), f.exact), out.end());
  if (out.size() > kMaxAlternatives) out.resize(kMaxAlternatives);
}

TokenizeMode mode_of(int flags) {
  if (flags & FTS5_TOKENIZE_QUERY) {
    return (flags & FTS5_TOKENIZE_PREFIX) ? TokenizeMode::prefix_query : TokenizeMode::query;
  }
  return (flags & FTS5_TOKENIZE_AUX) ? TokenizeMode::aux : TokenizeMode::document;
}

struct Instance {
  Normalizer norm;
  TokenizerContext* context;
  bool vocab = false;  // `tokenize='corpus vocab'`
  std::uint64_t vocab_epoch = 0;  // the context's when this Normalizer's flags were last valid
};

int x_create(void* user_data, const char** args, int n_args, Fts5Tokenizer** out) {
  try {
    auto inst = std::make_unique<Instance>(Instance{Normalizer(), static_cast<TokenizerContext*>(user_data)});
    for (int i = 0; i < n_args; ++i) {
      if (std::string_view(args[i]) == "vocab") inst->vocab = true;
      else return SQLITE_ERROR;  // an option this version does not know: refuse, never guess
    }
    *out = reinterpret_cast<Fts5Tokenizer*>(inst.release());
    return SQLITE_OK;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

void x_delete(Fts5Tokenizer* t) { delete reinterpret_cast<Instance*>(t); }

// The prepared tokens for exactly this text, if the store handed them over.
const PreparedText* find_prepared(const TokenizerContext* replay, std::string_view text) {
  if (replay == nullptr) return nullptr;
  for (std::size_t i = 0; i < replay->texts.size(); ++i) {
    const std::string_view t = replay->texts[i];
    if (replay->tokens[i] == nullptr || t.size() != text.size()) continue;
    // SQLite normally passes our own buffer back; equal bytes are as good if it copied.
    if (t.data() == text.data() || t == text) return replay->tokens[i];
  }
  return nullptr;
}

int x_tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int n,
               int (*token)(void*, int, const char*, int, int, int)) {
  try {
    auto& inst = *reinterpret_cast<Instance*>(t);
    const std::string_view view(text, static_cast<std::size_t>(n));
    const TokenizeMode mode = mode_of(flags);
    if (mode == TokenizeMode::document) {
      if (const PreparedText* p = find_prepared(inst.context, view)) {
        ++inst.context->replayed;
        for (const auto& e : p->entries) {
          // Prepared tokens keep the colocated forms: extraction and dedupe read them.
          if (inst.vocab && (e.length & PreparedText::kColocated)) continue;
          const int length = e.length & ~PreparedText::kColocated;
          const int rc = token(ctx, (e.length & PreparedText::kColocated) ? FTS5_TOKEN_COLOCATED : 0,
                               p->arena.data() + e.offset, static_cast<int>(e.size), static_cast<int>(e.start),
                               static_cast<int>(e.start) + length);
          if (rc != SQLITE_OK) return rc;
        }
        return SQLITE_OK;
      }
    }
    auto emit = [&](std::string_view s, std::size_t b, std::size_t e, bool colocated) {
      return token(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, s.data(), static_cast<int>(s.size()),
                   static_cast<int>(b), static_cast<int>(e));
    };
    const auto nothing_more = [](const TokenForms&, std::size_t, std::size_t) { return SQLITE_OK; };
    if (!inst.vocab) return run(inst.norm, view, mode, true, emit, nothing_more);
    if (mode == TokenizeMode::document) {
      if (inst.context && inst.vocab_epoch != inst.context->vocab_epoch) {
        inst.norm.forget_noted();
        inst.vocab_epoch = inst.context->vocab_epoch;
      }
      return run(inst.norm, view, mode, false, emit, [&](const TokenForms& f, std::size_t, std::size_t) {
        if (inst.context && !f.vocab_noted) {
          note_vocab(f, inst.context->noted);
          f.vocab_noted = true;
        }
        return SQLITE_OK;
      });
    }
    if (mode != TokenizeMode::query) return run(inst.norm, view, mode, false, emit, nothing_more);
    if (!view.empty() && view.front() == kExactQueryMark) {
      return run(inst.norm, view.substr(1), mode, false, emit, nothing_more);
    }
    // Query: the alternatives from `vocab`, on this connection (FTS5 runs statements of its
    // own inside a query too). Without the table nothing is added.
    sqlite3_stmt* stmt = nullptr;
    if (inst.context && inst.context->db) {
      sqlite3_prepare_v2(inst.context->db, "SELECT word FROM vocab WHERE key = ?1", -1, &stmt, nullptr);
    }
    std::vector<std::string> alternatives;
    const int rc = run(inst.norm, view, mode, false, emit, [&](const TokenForms& f, std::size_t b, std::size_t e) {
      alternatives_of(stmt, f, alternatives);
      for (const std::string& a : alternatives) {
        if (const int r = emit(a, b, e, true); r != SQLITE_OK) return r;
      }
      return SQLITE_OK;
    });
    sqlite3_finalize(stmt);
    return rc;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;  // no C++ exception may unwind through SQLite's C frames
  }
}

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

// corpus_phrases(table): which of the MATCH expression's phrases occur in the row, as bits
// counted from the last phrase (bit 0: the last). Search appends its name expansions as the
// last phrases and learns in the same pass which names found each hit.
void x_phrases(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int, sqlite3_value**) {
  const int phrases = api->xPhraseCount(fts);
  int n = 0;
  if (const int rc = api->xInstCount(fts, &n); rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  std::uint64_t mask = 0;
  for (int i = 0; i < n; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) continue;
    const int from_end = phrases - 1 - phrase;
    if (from_end >= 0 && from_end < 64) mask |= std::uint64_t{1} << from_end;
  }
  sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(mask));
}

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

// corpus_adjacent(table, n): 1 when the MATCH expression's first n phrases occur one right
// after another, in order, in one column of the row; else 0. The phrase boost of a
// query of plain words, read from the instances bm25 has loaded already: a second MATCH of
// the words as a phrase cost a pass over the whole index.
void x_adjacent(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  const int want = argc > 0 ? sqlite3_value_int(argv[0]) : 0;
  int n = 0;
  if (const int rc = api->xInstCount(fts, &n); rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  if (want < 2 || want > api->xPhraseCount(fts)) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  thread_local Instances at;
  if (at.size() < static_cast<std::size_t>(want)) at.resize(static_cast<std::size_t>(want));
  for (auto& v : at) v.clear();
  for (int i = 0; i < n; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK || phrase >= want) continue;
    at[static_cast<std::size_t>(phrase)].emplace_back(column, offset);
  }
  // A phrase may be several tokens (`TP.HCM`).
  const auto length = [&](std::size_t k) { return api->xPhraseSize(fts, static_cast<int>(k)); };
  const bool together = in_a_row(at, static_cast<std::size_t>(want), length);
  sqlite3_result_int(ctx, together ? 1 : 0);
}

// corpus_rank(table, w_title, w_lead, w_body, adjacent, g1, g2, ...): FTS5's bm25 with those
// column weights, for an expression whose first g1 phrases are one query word's alternatives,
// the next g2 the next word's, and so on (search writes `dai` as `"dai" OR "đại" OR ...`); any
// phrase after the groups is a group of its own. Each group counts as one term, as FTS5 counts
// colocated alternatives: its frequency is that of all its phrases, its document frequency the
// union of their rows, so the score is bm25's on the colocated form, to the last bit. Doubled
// when the first `adjacent` groups stand one right after another somewhere, as
// bm25() * (1 + corpus_adjacent()) is for single phrases.
struct RankData {
  std::vector<int> group_of;  // per phrase
  std::vector<double> idf;    // per group
  double avgdl = 0;
};

void x_rank_data_free(void* p) { delete static_cast<RankData*>(p); }

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

int rank_data(const Fts5ExtensionApi* api, Fts5Context* fts, int argc, sqlite3_value** argv, RankData*& out) {
  out = static_cast<RankData*>(api->xGetAuxdata(fts, 0));
  if (out) return SQLITE_OK;
  auto data = std::make_unique<RankData>();
  const int phrases = api->xPhraseCount(fts);
  for (int a = 4; a < argc; ++a) {
    const int size = sqlite3_value_int(argv[a]);
    const int group = static_cast<int>(data->idf.size());
    for (int k = 0; k < size && static_cast<int>(data->group_of.size()) < phrases; ++k) {
      data->group_of.push_back(group);
    }
    data->idf.push_back(0);
  }
  while (static_cast<int>(data->group_of.size()) < phrases) {
    data->group_of.push_back(static_cast<int>(data->idf.size()));
    data->idf.push_back(0);
  }
  sqlite3_int64 rows = 0, tokens = 0;
  if (int rc = api->xRowCount(fts, &rows); rc != SQLITE_OK) return rc;
  if (int rc = api->xColumnTotalSize(fts, -1, &tokens); rc != SQLITE_OK) return rc;
  data->avgdl = static_cast<double>(tokens) / static_cast<double>(rows);
  RowSet seen;
  for (std::size_t g = 0, p = 0; g < data->idf.size(); ++g) {
    seen.clear();
    for (; p < data->group_of.size() && data->group_of[p] == static_cast<int>(g); ++p) {
      if (int rc = api->xQueryPhrase(fts, static_cast<int>(p), &seen, collect_row); rc != SQLITE_OK) return rc;
    }
    // bm25's own: log((N - n + 0.5) / (n + 0.5)), and never zero or below.
    const auto n = static_cast<double>(seen.size());
    const double idf = std::log((static_cast<double>(rows) - n + 0.5) / (n + 0.5));
    data->idf[g] = idf <= 0.0 ? 1e-6 : idf;
  }
  out = data.get();
  if (int rc = api->xSetAuxdata(fts, data.release(), x_rank_data_free); rc != SQLITE_OK) {
    out = nullptr;
    return rc;
  }
  return SQLITE_OK;
}

void x_rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc < 4) {
    sqlite3_result_error(ctx, "corpus_rank: needs three column weights and the adjacent groups", -1);
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
        adjacent >= 2 ? std::min<std::size_t>(static_cast<std::size_t>(adjacent), data->idf.size()) : 0;
    if (at.size() < watched) at.resize(watched);
    for (std::size_t g = 0; g < watched; ++g) at[g].clear();
    int n = 0;
    if (int rc = api->xInstCount(fts, &n); rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    for (int i = 0; i < n; ++i) {
      int phrase = 0, column = 0, offset = 0;
      if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) continue;
      const auto g = static_cast<std::size_t>(data->group_of[static_cast<std::size_t>(phrase)]);
      freq[g] += column < 3 ? weight[column] : 1.0;
      if (g < watched) at[g].emplace_back(column, offset);
    }
    int length = 0;
    if (int rc = api->xColumnSize(fts, -1, &length); rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    constexpr double k1 = 1.2, b = 0.75;
    double score = 0;
    for (std::size_t g = 0; g < freq.size(); ++g) {
      score += data->idf[g] * ((freq[g] * (k1 + 1.0)) / (freq[g] + k1 * (1 - b + b * length / data->avgdl)));
    }
    // The forms of a group are words, one token each.
    const bool together = watched >= 2 && in_a_row(at, watched, [](std::size_t) { return 1; });
    sqlite3_result_double(ctx, -score * (together ? 2.0 : 1.0));
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  }
}

}  // namespace

PreparedText prepare_document(Normalizer& norm, std::string_view text, std::vector<VocabEntry>* vocab) {
  PreparedText p;
  // News text runs about 1.7 tokens to a 5-6 byte word: a third of an entry per byte.
  p.entries.reserve(text.size() / 3);
  p.arena.reserve(text.size());
  p.word_hashes.reserve(text.size() / 5);
  run(
      norm, text, TokenizeMode::document, true,
      [&](std::string_view s, std::size_t b, std::size_t e, bool colocated) {
        p.entries.push_back(PreparedText::Entry{static_cast<std::uint32_t>(p.arena.size()),
                                                static_cast<std::uint32_t>(b), static_cast<std::uint16_t>(s.size()),
                                                static_cast<std::uint16_t>((e - b) | (colocated ? PreparedText::kColocated : 0))});
        p.arena += s;
        return SQLITE_OK;
      },
      [&](const TokenForms& f, std::size_t, std::size_t) {
        p.word_hashes.push_back(f.folded_hash);
        if (vocab && !f.vocab_noted) {
          note_vocab(f, *vocab);
          f.vocab_noted = true;
        }
        return SQLITE_OK;
      });
  return p;
}

void register_tokenizer(sqlite3* db, TokenizerContext* context, void (*destroy)(void*)) {
  fts5_api* api = fts5_api_of(db);
  if (api == nullptr) throw std::runtime_error("this SQLite has no FTS5");
  if (context) context->db = db;
  static fts5_tokenizer methods{x_create, x_delete, x_tokenize};
  if (api->xCreateFunction(api, "corpus_phrases", nullptr, x_phrases, nullptr) != SQLITE_OK ||
      api->xCreateFunction(api, "corpus_adjacent", nullptr, x_adjacent, nullptr) != SQLITE_OK ||
      api->xCreateFunction(api, "corpus_rank", nullptr, x_rank, nullptr) != SQLITE_OK) {
    throw std::runtime_error("could not register corpus's FTS5 functions");
  }
  if (api->xCreateTokenizer(api, kTokenizerName, context, &methods, destroy) != SQLITE_OK) {
    throw std::runtime_error("could not register the FTS5 tokenizer");
  }
}

std::vector<std::string> indexed_forms(sqlite3* db, const TokenForms& f) {
  sqlite3_stmt* stmt = nullptr;
  if (db && sqlite3_prepare_v2(db, "SELECT word FROM vocab WHERE key = ?1", -1, &stmt, nullptr) != SQLITE_OK) {
    stmt = nullptr;  // no `vocab` table: the word alone, and its stem
  }
  std::vector<std::string> alternatives;
  alternatives_of(stmt, f, alternatives);
  sqlite3_finalize(stmt);
  std::vector<std::string> out{f.exact};
  out.insert(out.end(), std::make_move_iterator(alternatives.begin()), std::make_move_iterator(alternatives.end()));
  return out;
}

std::vector<Token> tokenize(std::string_view text, TokenizeMode mode) {
  thread_local Normalizer norm;
  std::vector<Token> out;
  run(
      norm, text, mode, true,
      [&](std::string_view s, std::size_t b, std::size_t e, bool colocated) {
        out.push_back(Token{std::string(s), b, e, colocated});
        return SQLITE_OK;
      },
      [](const TokenForms&, std::size_t, std::size_t) { return SQLITE_OK; });
  return out;
}

}  // namespace corpus
