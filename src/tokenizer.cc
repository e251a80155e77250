#include "corpus/tokenizer.h"

#include <new>
#include <stdexcept>

#include <sqlite3.h>

#include "corpus/normalize.h"
#include "corpus/text.h"

namespace corpus {
namespace {

// Emits the tokens of `text`; `emit(text, start, end, colocated)` returns an SQLite code.
// `on_word(forms)` sees each word's forms first.
template <class Emit, class OnWord>
int run(Normalizer& norm, std::string_view text, TokenizeMode mode, Emit&& emit, OnWord&& on_word) {
  int rc = SQLITE_OK;
  text::for_each_word(text, [&](std::size_t b, std::size_t e) {
    if (rc != SQLITE_OK) return;
    const TokenForms& f = norm.forms(text.substr(b, e - b));
    on_word(f);
    rc = emit(f.exact, b, e, false);
    if (rc != SQLITE_OK || mode == TokenizeMode::aux || mode == TokenizeMode::prefix_query) return;
    if (mode == TokenizeMode::document && !f.folded.empty()) rc = emit(f.folded, b, e, true);
    if (rc == SQLITE_OK && !f.stem.empty()) rc = emit(f.stem, b, e, true);
  });
  return rc;
}

TokenizeMode mode_of(int flags) {
  if (flags & FTS5_TOKENIZE_QUERY) {
    return (flags & FTS5_TOKENIZE_PREFIX) ? TokenizeMode::prefix_query : TokenizeMode::query;
  }
  return (flags & FTS5_TOKENIZE_AUX) ? TokenizeMode::aux : TokenizeMode::document;
}

struct Instance {
  Normalizer norm;
  TokenReplay* replay;
};

int x_create(void* user_data, const char**, int, Fts5Tokenizer** out) {
  try {
    *out = reinterpret_cast<Fts5Tokenizer*>(new Instance{Normalizer(), static_cast<TokenReplay*>(user_data)});
    return SQLITE_OK;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

void x_delete(Fts5Tokenizer* t) { delete reinterpret_cast<Instance*>(t); }

// The prepared tokens for exactly this text, if the store handed them over.
const PreparedText* find_prepared(const TokenReplay* replay, std::string_view text) {
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
      if (const PreparedText* p = find_prepared(inst.replay, view)) {
        ++inst.replay->replayed;
        for (const auto& e : p->entries) {
          const int length = e.length & ~PreparedText::kColocated;
          const int rc = token(ctx, (e.length & PreparedText::kColocated) ? FTS5_TOKEN_COLOCATED : 0,
                               p->arena.data() + e.offset, static_cast<int>(e.size), static_cast<int>(e.start),
                               static_cast<int>(e.start) + length);
          if (rc != SQLITE_OK) return rc;
        }
        return SQLITE_OK;
      }
    }
    return run(
        inst.norm, view, mode,
        [&](const std::string& s, std::size_t b, std::size_t e, bool colocated) {
          return token(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, s.data(), static_cast<int>(s.size()),
                       static_cast<int>(b), static_cast<int>(e));
        },
        [](const TokenForms&) {});
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

}  // namespace

PreparedText prepare_document(Normalizer& norm, std::string_view text) {
  PreparedText p;
  // News text runs about 1.7 tokens to a 5-6 byte word: a third of an entry per byte.
  p.entries.reserve(text.size() / 3);
  p.arena.reserve(text.size());
  p.word_hashes.reserve(text.size() / 5);
  run(
      norm, text, TokenizeMode::document,
      [&](const std::string& s, std::size_t b, std::size_t e, bool colocated) {
        p.entries.push_back(PreparedText::Entry{static_cast<std::uint32_t>(p.arena.size()),
                                                static_cast<std::uint32_t>(b), static_cast<std::uint16_t>(s.size()),
                                                static_cast<std::uint16_t>((e - b) | (colocated ? PreparedText::kColocated : 0))});
        p.arena += s;
        return SQLITE_OK;
      },
      [&](const TokenForms& f) { p.word_hashes.push_back(f.folded_hash); });
  return p;
}

void register_tokenizer(sqlite3* db, TokenReplay* replay) {
  fts5_api* api = fts5_api_of(db);
  if (api == nullptr) throw std::runtime_error("this SQLite has no FTS5");
  static fts5_tokenizer methods{x_create, x_delete, x_tokenize};
  if (api->xCreateTokenizer(api, kTokenizerName, replay, &methods, nullptr) != SQLITE_OK) {
    throw std::runtime_error("could not register the FTS5 tokenizer");
  }
}

std::vector<Token> tokenize(std::string_view text, TokenizeMode mode) {
  thread_local Normalizer norm;
  std::vector<Token> out;
  run(
      norm, text, mode,
      [&](const std::string& s, std::size_t b, std::size_t e, bool colocated) {
        out.push_back(Token{s, b, e, colocated});
        return SQLITE_OK;
      },
      [](const TokenForms&) {});
  return out;
}

}  // namespace corpus
