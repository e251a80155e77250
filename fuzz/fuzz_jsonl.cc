// libFuzzer target: one JSON Lines record. Any bytes either parse or are rejected with a
// reason; a parsed record's text is valid UTF-8 and its metadata serialises.
#include <cstdint>
#include <string_view>

#include "parse_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const corpus::ParseResult r =
      corpus::parse_jsonl_record(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz#1");
  check_parse(r);
  if (r.ok()) (void)r.article->meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
