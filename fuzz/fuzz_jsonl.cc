// libFuzzer target: one JSON Lines record. Any bytes either parse or are rejected with a
// reason; a parsed record's text is valid UTF-8 and its metadata serialises.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corpus/parse.h"
#include "corpus/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const corpus::ParseResult r = corpus::parse_jsonl_record(line, "fuzz#1");
  if (!r.ok()) {
    if (r.error.reason.empty()) std::abort();
    return 0;
  }
  const corpus::Article& a = *r.article;
  if (a.uid.empty() || corpus::text::first_invalid_utf8(a.title) || corpus::text::first_invalid_utf8(a.lead.text)) {
    std::abort();
  }
  for (const auto& p : a.body) {
    if (corpus::text::first_invalid_utf8(p.text)) std::abort();
  }
  (void)a.meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  (void)a.content_hash();
  return 0;
}
