#include "corpus/tokenizer.h"

#include <new>
#include <stdexcept>

#include <sqlite3.h>

#include "corpus/normalize.h"
#include "corpus/text.h"

namespace corpus {
namespace {

// Emits the tokens of `text`; `emit(text, start, end, colocated)` returns an SQLite code.
template <class Emit>
int run(Normalizer& norm, std::string_view text, TokenizeMode mode, Emit&& emit) {
  int rc = SQLITE_OK;
  text::for_each_word(text, [&](std::size_t b, std::size_t e) {
    if (rc != SQLITE_OK) return;
    const TokenForms& f = norm.forms(text.substr(b, e - b));
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

int x_create(void*, const char**, int, Fts5Tokenizer** out) {
  try {
    *out = reinterpret_cast<Fts5Tokenizer*>(new Normalizer());
    return SQLITE_OK;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

void x_delete(Fts5Tokenizer* t) { delete reinterpret_cast<Normalizer*>(t); }

int x_tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int n,
               int (*token)(void*, int, const char*, int, int, int)) {
  try {
    auto& norm = *reinterpret_cast<Normalizer*>(t);
    return run(norm, std::string_view(text, static_cast<std::size_t>(n)), mode_of(flags),
               [&](const std::string& s, std::size_t b, std::size_t e, bool colocated) {
                 return token(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, s.data(),
                              static_cast<int>(s.size()), static_cast<int>(b), static_cast<int>(e));
               });
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

void register_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (api == nullptr) throw std::runtime_error("this SQLite has no FTS5");
  static fts5_tokenizer methods{x_create, x_delete, x_tokenize};
  if (api->xCreateTokenizer(api, kTokenizerName, nullptr, &methods, nullptr) != SQLITE_OK) {
    throw std::runtime_error("could not register the FTS5 tokenizer");
  }
}

std::vector<Token> tokenize(std::string_view text, TokenizeMode mode) {
  thread_local Normalizer norm;
  std::vector<Token> out;
  run(norm, text, mode, [&](const std::string& s, std::size_t b, std::size_t e, bool colocated) {
    out.push_back(Token{s, b, e, colocated});
    return SQLITE_OK;
  });
  return out;
}

}  // namespace corpus
