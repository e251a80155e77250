// UTF-8 helpers shared by every stage: validation, NFC, and the word segmentation rule
// that the tokenizer, the query compiler and language detection all agree on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace corpus::text {

// Byte offset of the first ill-formed UTF-8 sequence, or nullopt when the text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

// NFC form of valid UTF-8 text.
std::string to_nfc(std::string_view s);

inline bool is_word_char(UChar32 c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  // Letters, marks and numbers, by ICU's character database. Marks keep NFD text in one word.
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

// `A` to `Z`: the letters of an acronym's caps token (normalize.h) and of initials (`U.S.`).
inline bool is_ascii_capital(char c) { return c >= 'A' && c <= 'Z'; }

// A run of word characters is cut, at a character boundary, once it reaches this many bytes:
// no language has such words, and the cap bounds token sizes (base64 blobs, runaway text).
inline constexpr int32_t kMaxWordBytes = 255;

// Calls f(begin, end) with the byte range of each word: a maximal run of letters, marks and
// digits. Punctuation always separates, so `TP.HCM`, `COVID-19` and `Rịa-Vũng` are found by
// their parts (ICU's UAX #29 rules would keep `TP.HCM` whole and hide `HCM`). Ill-formed
// sequences separate too. Offsets always fall on character boundaries.
template <class F>
void for_each_word(std::string_view s, F&& f) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  int32_t start = -1;
  while (i < n) {
    const int32_t at = i;
    UChar32 c;
    if (p[i] < 0x80) {
      c = p[i++];
    } else {
      U8_NEXT(p, i, n, c);
    }
    const bool word = c >= 0 && is_word_char(c);
    if (word && start >= 0 && at - start >= kMaxWordBytes) {
      f(static_cast<std::size_t>(start), static_cast<std::size_t>(at));
      start = at;
    }
    if (word && start < 0) {
      start = at;
    } else if (!word && start >= 0) {
      f(static_cast<std::size_t>(start), static_cast<std::size_t>(at));
      start = -1;
    }
  }
  if (start >= 0) f(static_cast<std::size_t>(start), static_cast<std::size_t>(n));
}

inline bool has_word(std::string_view s) {
  bool found = false;
  for_each_word(s, [&](std::size_t, std::size_t) { found = true; });
  return found;
}

}  // namespace corpus::text
