// The article: what parsing produces and every later stage consumes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace corpus {

enum class ParagraphKind { text, caption, outlet, bullet, summary };

std::string_view to_string(ParagraphKind kind);
std::optional<ParagraphKind> paragraph_kind_from_string(std::string_view s);

struct Paragraph {
  ParagraphKind kind = ParagraphKind::text;
  std::string text;  // as written: original normalisation form, trimmed
};

struct Article {
  std::string uid;          // the JSONL `id`, or the file name without extension
  std::string source_name;  // the file name (files) or the JSONL file's name
  std::optional<std::string> date;  // YYYY-MM-DD, nullopt when undated
  std::string lang;                 // "vi" / "en": given, else detected
  std::string title;
  // The lead: the JSONL summary, or else the first paragraph that is not a photo caption.
  Paragraph lead;
  // Where the lead stood among the paragraphs (-1: it came from a summary), so that `show`
  // can print the article in its original order.
  int lead_position = -1;
  std::vector<Paragraph> body;  // every other paragraph, in order
  nlohmann::json meta = nlohmann::json::object();  // outlet, url, datetime, other JSONL fields

  // The paragraphs after the lead, joined by blank lines: the `body` column.
  std::string body_text() const;
  // XXH3-128 (hex) of everything stored about the article but its identity: equal hashes
  // mean an ingest has nothing to change.
  std::string content_hash() const;
};

}  // namespace corpus
