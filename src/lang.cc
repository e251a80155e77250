#include "corpus/lang.h"

#include <array>
#include <string>

#include "corpus/text.h"

namespace corpus {
namespace {

// Letters that, in a Latin-script word, mark Vietnamese: the Vietnamese block of Latin
// Extended Additional, đ ơ ư ă, and the combining tone and vowel marks of NFD text.
bool is_vietnamese_mark(UChar32 c) {
  if (c >= 0x1EA0 && c <= 0x1EF9) return true;
  switch (c) {
    case 0x0110: case 0x0111: case 0x01A0: case 0x01A1: case 0x01AF: case 0x01B0:
    case 0x0102: case 0x0103: case 0x0300: case 0x0301: case 0x0303: case 0x0309:
    case 0x0323: case 0x0302: case 0x0306: case 0x031B:
      return true;
    default:
      return false;
  }
}

bool word_in(std::string_view w, const auto& list) {
  for (std::string_view x : list) {
    if (w == x) return true;
  }
  return false;
}

}  // namespace

std::string_view detect_language(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kViWords = {
      "va", "cua", "cac", "nhung", "trong", "duoc", "voi", "mot", "nguoi", "khong", "da", "la"};
  static constexpr std::array<std::string_view, 12> kEnWords = {
      "the", "of", "and", "to", "in", "is", "that", "for", "with", "was", "on", "said"};
  std::size_t words = 0, marked = 0, vi_function = 0, en_function = 0;
  std::string lower;
  text::for_each_word(text, [&](std::size_t b, std::size_t e) {
    if (words >= 2000) return;  // a prefix decides; articles do not switch language
    ++words;
    const std::string_view w = text.substr(b, e - b);
    const auto* p = reinterpret_cast<const uint8_t*>(w.data());
    const int32_t n = static_cast<int32_t>(w.size());
    bool ascii = true;
    for (int32_t i = 0; i < n;) {
      if (p[i] < 0x80) {
        ++i;
        continue;
      }
      ascii = false;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (is_vietnamese_mark(c)) {
        ++marked;
        break;
      }
    }
    if (!ascii || w.size() > 6) return;
    lower.assign(w);
    for (char& c : lower) c = static_cast<char>(c | 0x20);
    if (word_in(lower, kViWords)) ++vi_function;
    if (word_in(lower, kEnWords)) ++en_function;
  });
  if (words == 0) return "en";
  // Accented Vietnamese marks about half of its syllables; a foreign name in English text
  // marks a handful.
  if (marked * 100 >= words * 15) return "vi";
  return vi_function > en_function ? "vi" : "en";
}

}  // namespace corpus
