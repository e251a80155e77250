// What fuzz_article and fuzz_jsonl require of any parse: a rejection has a reason, and an
// accepted article's text is valid UTF-8 (the index and snippets rely on it).
#pragma once

#include <cstdlib>

#include "corpus/parse.h"
#include "corpus/text.h"

inline void check_parse(const corpus::ParseResult& r) {
  if (!r.ok()) {
    if (r.error.reason.empty()) std::abort();
    return;
  }
  const corpus::Article& a = *r.article;
  if (a.uid.empty() || corpus::text::first_invalid_utf8(a.title) || corpus::text::first_invalid_utf8(a.lead.text)) {
    std::abort();
  }
  for (const auto& p : a.body) {
    if (corpus::text::first_invalid_utf8(p.text)) std::abort();
  }
  (void)a.content_hash();
}
