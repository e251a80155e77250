#include "corpus/tokenizer.h"

#include <algorithm>
#include <memory>
#include <new>
#include <stdexcept>

#include "corpus/sqlite_api.h"

#include "corpus/fts5_functions.h"
#include "corpus/normalize.h"
#include "corpus/text.h"

namespace corpus {
namespace {

// Which colocated forms a document's words bring beside their exact form.
struct Colocate {
  bool folded = false;  // the form without marks (the `corpus` tokenizer; extraction)
  bool lemmas = false;  // the English base forms (the `corpus` tokenizer: entity names)
  bool caps = false;    // the token of a word in capitals, which every index keeps
};
constexpr Colocate kAllForms{true, true, true};

// Emits the tokens of `text`; `emit(token, start, end, colocated)` returns an SQLite code.
// `on_word(forms, start, end)` sees each word's forms first and returns an SQLite code too:
// the query time of a `corpus vocab` table adds its alternatives there. Query time: a word in
// capitals is its caps token alone, which only capitals meet.
template <class Emit, class OnWord>
int run(Normalizer& norm, std::string_view text, TokenizeMode mode, Colocate with, Emit&& emit,
        OnWord&& on_word) {
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
  std::size_t initials_end = 0;  // past the run of initials (`U.S.`) a word is part of
  text::for_each_word(text, [&](std::size_t b, std::size_t e) {
    if (rc != SQLITE_OK) return;
    const TokenForms& f = norm.forms(text.substr(b, e - b));
    if (mode == TokenizeMode::query && !f.caps.empty()) {
      rc = emit(f.caps, b, e, false);
      return;
    }
    rc = emit(f.exact, b, e, false);
    if (rc == SQLITE_OK) rc = on_word(f, b, e);
    if (rc != SQLITE_OK || mode != TokenizeMode::document) {
      if (rc == SQLITE_OK && mode == TokenizeMode::query && with.lemmas) {
        for (const std::string& l : f.lemmas) {
          if (rc == SQLITE_OK) rc = emit(l, b, e, true);
        }
      }
      return;
    }
    if (with.folded && !f.folded.empty()) rc = emit(f.folded, b, e, true);
    if (with.lemmas) {
      for (const std::string& l : f.lemmas) {
        if (rc == SQLITE_OK) rc = emit(l, b, e, true);
      }
    }
    if (rc == SQLITE_OK && with.caps) {
      if (!f.caps.empty()) {
        rc = emit(f.caps, b, e, true);
      } else if (e - b == 1 && b >= initials_end && corpus::text::is_ascii_capital(text[b])) {
        // The first of a run of initials: `U.S.` is `US` in capitals, where the word rule
        // sees `u` and `s`.
        std::size_t end = 0;
        const std::string caps = dotted_caps(text, b, end);
        if (!caps.empty()) {
          initials_end = end;
          rc = emit(caps, b, e, true);
        }
      }
    }
  });
  return rc;
}

// The `vocab` entries of a word: under its folded form, and under each English base form.
void note_vocab(const TokenForms& f, std::vector<VocabEntry>& out) {
  if (!f.folded.empty()) out.push_back(VocabEntry{f.folded, f.exact});
  for (const std::string& l : f.lemmas) out.push_back(VocabEntry{kInflectionKey + l, f.exact});
}

// A query word meets, besides its exact form, at most this many other words: enough for
// every tone of a syllable (`dai` has 13 in the test corpora), and as many inflections.
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

// What query time adds to `f` in a `corpus vocab` table, into `out` (cleared first): every
// word `vocab` files under its exact form (an unaccented word's accented spellings), without
// `f.exact` itself. Never an inflection: those match English articles only, which search
// writes out itself (query_forms).
void alternatives_of(sqlite3_stmt* stmt, const TokenForms& f, std::vector<std::string>& out) {
  out.clear();
  if (stmt) look_up_vocab(stmt, f.exact, out);
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
    if (is_language_tag(view)) {
      return token(ctx, 0, view.data(), static_cast<int>(view.size()), 0,
                   static_cast<int>(view.size()));
    }
    if (mode == TokenizeMode::document) {
      if (const PreparedText* p = find_prepared(inst.context, view)) {
        ++inst.context->replayed;
        for (const auto& e : p->entries) {
          // Prepared tokens keep the folded forms, which extraction reads; of the colocated
          // tokens an articles index keeps only the caps tokens.
          if (inst.vocab && (e.length & PreparedText::kColocated) &&
              p->arena[e.offset] != kCapsMark)
            continue;
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
    if (!inst.vocab) return run(inst.norm, view, mode, kAllForms, emit, nothing_more);
    const Colocate caps_only{false, false, true};
    if (mode == TokenizeMode::document) {
      if (inst.context && inst.vocab_epoch != inst.context->vocab_epoch) {
        inst.norm.forget_noted();
        inst.vocab_epoch = inst.context->vocab_epoch;
      }
      return run(inst.norm, view, mode, caps_only, emit,
                 [&](const TokenForms& f, std::size_t, std::size_t) {
                   if (inst.context && !f.vocab_noted) {
                     note_vocab(f, inst.context->noted);
                     f.vocab_noted = true;
                   }
                   return SQLITE_OK;
                 });
    }
    if (mode != TokenizeMode::query)
      return run(inst.norm, view, mode, caps_only, emit, nothing_more);
    if (!view.empty() && view.front() == kExactQueryMark) {
      // A caps token written out by search is one token as it stands.
      if (view.size() > 2 && view[1] == kCapsMark)
        return emit(view.substr(1), 0, view.size(), false);
      return run(inst.norm, view.substr(1), mode, caps_only, emit, nothing_more);
    }
    // Query: the alternatives from `vocab`, on this connection (FTS5 runs statements of its
    // own inside a query too). Without the table nothing is added.
    sqlite3_stmt* stmt = nullptr;
    if (inst.context && inst.context->db) {
      sqlite3_prepare_v2(inst.context->db, "SELECT word FROM vocab WHERE key = ?1", -1, &stmt, nullptr);
    }
    // A query typed with marks is typed precisely: its words without marks get no accented
    // alternatives (`"Việt Nam"` is never `Việt năm`).
    bool accented = false;
    text::for_each_word(view, [&](std::size_t b, std::size_t e) {
      accented = accented || !inst.norm.forms(view.substr(b, e - b)).folded.empty();
    });
    std::vector<std::string> alternatives;
    const int rc = run(inst.norm, view, mode, caps_only, emit,
                       [&](const TokenForms& f, std::size_t b, std::size_t e) {
                         if (accented && f.folded.empty()) return SQLITE_OK;
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

}  // namespace

PreparedText prepare_document(Normalizer& norm, std::string_view text, std::vector<VocabEntry>* vocab) {
  PreparedText p;
  // News text runs about 1.7 tokens to a 5-6 byte word: a third of an entry per byte.
  p.entries.reserve(text.size() / 3);
  p.arena.reserve(text.size());
  p.word_hashes.reserve(text.size() / 5);
  // The folded forms for extraction, the caps tokens for the index; never the lemmas, which
  // only `vocab` needs.
  run(
      norm, text, TokenizeMode::document, Colocate{true, false, true},
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
  register_fts5_functions(api);
  if (api->xCreateTokenizer(api, kTokenizerName, context, &methods, destroy) != SQLITE_OK) {
    throw std::runtime_error("could not register the FTS5 tokenizer");
  }
}

namespace {

// `SELECT word FROM vocab WHERE key = ?1` on `db`, or null where there is no `vocab` table.
sqlite3_stmt* vocab_statement(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  if (db && sqlite3_prepare_v2(db, "SELECT word FROM vocab WHERE key = ?1", -1, &stmt, nullptr) != SQLITE_OK) {
    stmt = nullptr;
  }
  return stmt;
}

}  // namespace

std::string language_tag(std::string_view lang) {
  std::string out(1, kLanguageTagMark);
  out += lang;
  return out;
}

bool is_language_tag(std::string_view text) {
  // A language code: `en`, `vi`, `pt-br`.
  if (text.size() < 3 || text.size() > 16 || text[0] != kLanguageTagMark) return false;
  return std::all_of(text.begin() + 1, text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

QueryForms query_forms(sqlite3* db, const TokenForms& f, FormsWanted wanted) {
  QueryForms out;
  if (!f.caps.empty()) {
    out.indexed = {f.caps};
    return out;
  }
  sqlite3_stmt* stmt = vocab_statement(db);
  out.indexed.push_back(f.exact);
  if (wanted != FormsWanted::inflections) {
    std::vector<std::string> alternatives;
    alternatives_of(stmt, f, alternatives);
    out.indexed.insert(out.indexed.end(), std::make_move_iterator(alternatives.begin()),
                       std::make_move_iterator(alternatives.end()));
  }
  if (wanted != FormsWanted::indexed && f.folded.empty()) {
    // The word's base forms, and whatever `vocab` files under the word or any of them. None
    // is another indexed form: those are spellings with marks, and an inflection has none.
    std::vector<std::string>& more = out.inflections;
    for (const std::string& l : f.lemmas) {
      if (std::find(more.begin(), more.end(), l) == more.end()) more.push_back(l);
    }
    if (stmt) {
      look_up_vocab(stmt, kInflectionKey + f.exact, more);
      for (const std::string& l : f.lemmas) look_up_vocab(stmt, kInflectionKey + l, more);
    }
    std::erase_if(more, [&](const std::string& w) {
      return std::find(out.indexed.begin(), out.indexed.end(), w) != out.indexed.end();
    });
    if (more.size() > kMaxAlternatives) more.resize(kMaxAlternatives);
  }
  sqlite3_finalize(stmt);
  return out;
}

std::vector<Token> tokenize(std::string_view text, TokenizeMode mode) {
  thread_local Normalizer norm;
  std::vector<Token> out;
  if (is_language_tag(text)) return {Token{std::string(text), 0, text.size(), false}};
  run(
      norm, text, mode, kAllForms,
      [&](std::string_view s, std::size_t b, std::size_t e, bool colocated) {
        out.push_back(Token{std::string(s), b, e, colocated});
        return SQLITE_OK;
      },
      [](const TokenForms&, std::size_t, std::size_t) { return SQLITE_OK; });
  return out;
}

}  // namespace corpus
