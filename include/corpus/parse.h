// Parse: bytes of an article file, or one JSON line, into an Article.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "corpus/article.h"

namespace corpus {

// Why an input was rejected. `line` is 1-based; 0 means the reason concerns the whole input.
struct ParseError {
  std::size_t line = 0;
  std::string reason;
};

struct ParseResult {
  std::optional<Article> article;
  ParseError error;
  bool ok() const { return article.has_value(); }
};

// A dated article file (docs: `date YYYY-MM-DD headline`, then paragraphs). `file_name` gives
// the uid (name without extension) and the source name.
ParseResult parse_article_file(std::string_view bytes, std::string_view file_name);

// One JSON Lines record. `fallback_id` names a record that has no `id`.
ParseResult parse_jsonl_record(std::string_view line, std::string_view fallback_id);

// The kinds a paragraph can have besides running text, by the conventions of Vietnamese news.
bool is_photo_caption(std::string_view paragraph);
// The outlet code that prefixes a lead (`TPO - Ngày 26/10 ...` gives `TPO`), if any.
std::optional<std::string> outlet_prefix(std::string_view paragraph);

// True for a valid calendar date written YYYY-MM-DD.
bool is_valid_iso_date(std::string_view s);

}  // namespace corpus
