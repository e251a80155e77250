// The FTS5 tokenizer `corpus`: words by text::for_each_word, forms by Normalizer.
//
// Index time: the exact form, then colocated the folded form and the English stem when they
// differ. Query time: the exact form and the stem (FTS5 reads colocated query tokens as
// alternatives), so `dai` meets the folded `đại`, `dài`, while `dài` meets only `dài`.
// Highlight and snippet time: the exact form alone, at the word's byte offsets.
#pragma once

#include <cstddef>
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

// Registers the tokenizer with the FTS5 of one connection. Throws if FTS5 is missing.
void register_tokenizer(sqlite3* db);

// The tokens FTS5 would see for `text` in `mode`; for tests and for the query compiler.
std::vector<Token> tokenize(std::string_view text, TokenizeMode mode);

}  // namespace corpus
