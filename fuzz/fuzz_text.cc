// libFuzzer target: normalisation and tokenisation of valid UTF-8 text, as ingest does them.
// Every token lies inside the text on character boundaries (FTS5 highlights by these byte
// offsets), in order, and each word's forms are valid UTF-8 that normalise to themselves.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corpus/normalize.h"
#include "corpus/text.h"
#include "corpus/tokenizer.h"

namespace {
bool boundary(std::string_view s, std::size_t i) {
  return i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (corpus::text::first_invalid_utf8(text)) return 0;  // ingest rejects it before this
  static corpus::Normalizer norm;
  std::vector<corpus::VocabEntry> vocab;
  const corpus::PreparedText t = corpus::prepare_document(norm, text, &vocab);
  std::size_t last = 0;
  for (const auto& e : t.entries) {
    const std::size_t len = e.length & ~corpus::PreparedText::kColocated;
    if (e.start < last || e.start + len > text.size() || !boundary(text, e.start) || !boundary(text, e.start + len)) {
      std::abort();
    }
    if (e.offset + e.size > t.arena.size()) std::abort();
    if (corpus::text::first_invalid_utf8(std::string_view(t.arena).substr(e.offset, e.size))) std::abort();
    last = e.start;
  }
  corpus::text::for_each_word(text, [&](std::size_t b, std::size_t e) {
    const corpus::TokenForms& f = norm.forms(text.substr(b, e - b));
    if (corpus::text::first_invalid_utf8(f.exact) || corpus::text::first_invalid_utf8(f.folded)) std::abort();
    // The exact form is a fixed point: a query typed in it finds what the text indexed.
    const std::string exact = f.exact;
    if (!exact.empty() && norm.forms(exact).exact != exact) std::abort();
  });
  return 0;
}
