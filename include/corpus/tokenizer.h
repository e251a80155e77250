// The FTS5 tokenizer `corpus`: words by text::for_each_word, forms by Normalizer.
//
// Index time: the exact form, then colocated the folded form and the English stem when they
// differ. Query time: the exact form and the stem (FTS5 reads colocated query tokens as
// alternatives), so `dai` meets the folded `đại`, `dài`, while `dài` meets only `dài`.
// Highlight and snippet time: the exact form alone, at the word's byte offsets.
//
// FTS5 calls the tokenizer on the thread that inserts. So that ingest can tokenise on another
// core, a document's tokens can be prepared ahead (prepare_document) and handed to the
// connection's TokenReplay; when FTS5 then asks for that very text, the tokens are replayed
// instead of computed. Any other text is tokenised as usual.
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
PreparedText prepare_document(Normalizer& norm, std::string_view text);

// What the connection's tokenizer may replay: up to three texts with their prepared tokens.
// Set by the store around one insert; the texts must stay alive while set.
struct TokenReplay {
  std::array<std::string_view, 3> texts{};
  std::array<const PreparedText*, 3> tokens{};
  std::uint64_t replayed = 0;  // texts served from prepared tokens, for tests and benchmarks
  void clear() {
    texts = {};
    tokens = {};
  }
};

// Registers the tokenizer with the FTS5 of one connection. Throws if FTS5 is missing.
// `replay` (may be null) must outlive the connection.
void register_tokenizer(sqlite3* db, TokenReplay* replay = nullptr);

// The tokens FTS5 would see for `text` in `mode`; for tests and for the query compiler.
std::vector<Token> tokenize(std::string_view text, TokenizeMode mode);

}  // namespace corpus
