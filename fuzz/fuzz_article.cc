// libFuzzer target: an article file, as `corpus ingest` reads one. Any bytes either parse or
// are rejected with a line and a reason; a parsed article's text is valid UTF-8.
#include <cstdint>
#include <string_view>

#include "parse_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_parse(corpus::parse_article_file(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz_1.txt"));
  return 0;
}
