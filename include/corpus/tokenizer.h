// The FTS5 tokenizer `corpus`: words by text::for_each_word, forms by Normalizer. Offsets are
// bytes into the original text. Highlight and snippet time: the exact form alone.
//
// Two ways to meet an unaccented query word:
// - `tokenize='corpus'` (small tables: entity names): index time emits the exact form, then
//   colocated the folded form and the English base forms (inflect.h) when they differ; query
//   time the exact form and its base forms (FTS5 reads colocated query tokens as
//   alternatives). `dai` meets the folded `đại`, `dài`, while `dài` meets only `dài`.
// - `tokenize='corpus vocab'` (the articles): index time emits the exact form alone, one
//   token a word as a bare FTS5 table would, and notes in the `vocab` table (key → word) each
//   word whose folded form differs, under that form, and each English word under each of its
//   base forms (key kInflectionKey + base). Query time emits the exact form and, colocated,
//   every word `vocab` files under it as a folded form: `dai` → `đại`, `dài`, .... English
//   inflections are never added here: they must match English articles only, which search
//   writes out itself (query_forms), each ANDed with the English tag (kLanguageTagMark). The
//   colocated tokens of the first way were 40% of everything FTS5 indexed and wrote for the
//   articles: the writer's largest cost.
// Both: a word in capitals (`US`, `WHO`; `U.S.` too) brings a caps token (TokenForms::caps)
// colocated, and a query word in capitals is that token alone, so `US` never meets `us`.
//
// FTS5 calls the tokenizer on the thread that inserts. So that ingest can tokenise on another
// core, a document's tokens can be prepared ahead (prepare_document) and handed to the
// connection's TokenizerContext; when FTS5 then asks for that very text, the tokens are
// replayed instead of computed. Any other text is tokenised as usual.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace corpus {

inline constexpr const char* kTokenizerName = "corpus";

enum class TokenizeMode { document, query, prefix_query, aux };

struct Token {
  std::string text;
  std::size_t start = 0;  // byte offsets into the original UTF-8
  std::size_t end = 0;
  bool colocated = false;
};

// A word a `corpus vocab` index must list: `key` is its folded form, or kInflectionKey and
// one of its English base forms; `word` its exact form.
struct VocabEntry {
  std::string key;
  std::string word;
  bool operator==(const VocabEntry&) const = default;
};

// A document's tokens in document mode, as FTS5 would receive them.
struct PreparedText {
  // 12 bytes a token: a queue of prepared articles holds a few million of them.
  struct Entry {
    std::uint32_t offset;  // of the token's text in `arena`
    std::uint32_t start;   // byte offset of the word in the document
    std::uint16_t size;    // of the token's text (words are capped at 64 KiB)
    std::uint16_t length;  // of the word in the document, with kColocated set for colocated tokens
  };
  static constexpr std::uint16_t kColocated = 0x8000;
  std::string arena;
  std::vector<Entry> entries;
  // One per word (entry that is not colocated), in order: TokenForms::folded_hash.
  std::vector<std::uint64_t> word_hashes;
};

class Normalizer;
// With `vocab`, also appends the entries of the words this `norm` has not handed out before
// (each word once per Normalizer: whoever receives them must keep them).
PreparedText prepare_document(Normalizer& norm, std::string_view text, std::vector<VocabEntry>* vocab = nullptr);

// What a connection's tokenizer shares with the store on that connection.
struct TokenizerContext {
  // Up to three texts with their prepared tokens, for the tokenizer to replay. Set by the
  // store around one insert; the texts must stay alive while set.
  std::array<std::string_view, 3> texts{};
  std::array<const PreparedText*, 3> tokens{};
  std::uint64_t replayed = 0;  // texts served from prepared tokens, for tests and benchmarks
  // Vocab entries of words a `corpus vocab` table tokenised itself (a rebuild, an update
  // without prepared tokens), each once per tokenizer; the store writes them to `vocab`.
  std::vector<VocabEntry> noted;
  // Bumped when `vocab` is emptied for a rebuild: each tokenizer then notes every word again.
  std::uint64_t vocab_epoch = 0;
  // The connection, for query-time look-ups in `vocab`.
  sqlite3* db = nullptr;
  void clear() {
    texts = {};
    tokens = {};
  }
};

// Registers the tokenizer with the FTS5 of one connection, and the auxiliary functions
// search reads (fts5_functions.h). Throws if FTS5
// is missing. `context` (may be null: no replay, no vocab look-ups) must outlive the
// connection.
// `destroy`: called with `context` when the connection closes (the loadable extension's own).
void register_tokenizer(sqlite3* db, TokenizerContext* context = nullptr, void (*destroy)(void*) = nullptr);

// A query string that starts with this byte is matched as written: the tokenizer adds no
// alternatives from `vocab`. Search writes a word's alternatives out itself (an OR of exact
// terms, which FTS5 tests far faster than colocated alternatives) and marks each so.
inline constexpr char kExactQueryMark = '\x1f';

// The token every article's `fts_lang` column holds: this byte, then the article's language
// (`\x1cen`), from a column of `articles` generated as `char(28) || lang`. A text that is a
// tag as a whole (is_language_tag) is that one token in every mode, so that an English
// inflection can be written as `("talked" AND fts_lang : "\x1cen")` in any expression, negated
// or field-bound. No query a user types holds a tag (the query compiler turns control
// characters into spaces), and search asks for tags in `fts_lang` only, so an article text that
// is one matches nothing.
inline constexpr char kLanguageTagMark = '\x1c';
std::string language_tag(std::string_view lang);
// Whether `text` is a language tag as a whole.
bool is_language_tag(std::string_view text);

struct TokenForms;
// What the query word `f` meets in a `corpus vocab` index, read with one statement.
struct QueryForms {
  // In any article: its exact form first, then what `vocab` files under it as a folded form
  // (the alternatives query time adds); for a word in capitals, its caps token alone.
  std::vector<std::string> indexed;
  // Unless only `indexed` is wanted, for a word without marks or capitals: its English inflections
  // that the index holds, none of them in `indexed`: its base forms and every word `vocab` files
  // under it or under one of them (`banned` → `ban`, `bans`, `banning`). They must match English
  // articles only.
  std::vector<std::string> inflections;
};
// `indexed` holds the exact form alone when only inflections are wanted (the tokenizer adds a
// word's other forms to a query term itself).
enum class FormsWanted { indexed, inflections, both };
QueryForms query_forms(sqlite3* db, const TokenForms& f, FormsWanted wanted);

// The tokens FTS5 would see for `text` in `mode`; for tests and for the query compiler.
std::vector<Token> tokenize(std::string_view text, TokenizeMode mode);

}  // namespace corpus
