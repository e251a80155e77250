// libFuzzer target: an article file, as `corpus ingest` reads one. Any bytes either parse or
// are rejected with a line and a reason; a parsed article's text is valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corpus/parse.h"
#include "corpus/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const corpus::ParseResult r = corpus::parse_article_file(bytes, "fuzz_1.txt");
  if (!r.ok()) {
    if (r.error.reason.empty()) std::abort();
    return 0;
  }
  const corpus::Article& a = *r.article;
  if (corpus::text::first_invalid_utf8(a.title) || corpus::text::first_invalid_utf8(a.lead.text)) std::abort();
  for (const auto& p : a.body) {
    if (corpus::text::first_invalid_utf8(p.text)) std::abort();
  }
  return 0;
}
