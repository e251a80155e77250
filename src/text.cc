#include "corpus/text.h"

#include <stdexcept>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace corpus::text {

std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    // U8_NEXT accepts noncharacters, which are valid UTF-8; it rejects surrogates and overlongs.
    if (c < 0) return static_cast<std::size_t>(at);
  }
  return std::nullopt;
}

std::string to_nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC data unavailable");
  const auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  icu::UnicodeString out = nfc->normalize(u, status);
  if (U_FAILURE(status)) throw std::runtime_error("NFC normalisation failed");
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace corpus::text
