#include "corpus/normalize.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <xxhash.h>

#include "corpus/inflect.h"
#include "corpus/text.h"

namespace corpus {
namespace {

// Vietnamese tone marks (as NFD combining characters) and the vowel modifiers that are
// part of the letter rather than the tone.
bool is_tone(UChar32 c) {
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}
bool is_modifier(UChar32 c) { return c == 0x0302 || c == 0x0306 || c == 0x031B; }
bool is_vowel(UChar32 c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}
constexpr UChar32 kSmallDStroke = 0x0111;  // đ
constexpr UChar32 kSmallEth = 0x00F0;      // ð: what a case-folded U+00D0 becomes

struct Letter {
  UChar32 base;
  std::array<UChar32, 2> mods{};
  int nmods = 0;
};

// Moves the tone mark of a Vietnamese syllable to one fixed place (the "new style": `hoà`,
// `khoẻ`, `thuỷ`), so that old- and new-style spellings share one exact form. Words that are
// not a single Vietnamese syllable with exactly one tone mark are left as they are.
void place_tone(icu::UnicodeString& nfd) {
  std::vector<Letter> letters;
  UChar32 tone = 0;
  int tones = 0;
  for (int32_t i = 0; i < nfd.length();) {
    const UChar32 c = nfd.char32At(i);
    i += U16_LENGTH(c);
    if (is_tone(c)) {
      if (letters.empty()) return;
      tone = c;
      ++tones;
    } else if (is_modifier(c)) {
      if (letters.empty() || letters.back().nmods == 2 || !is_vowel(letters.back().base)) return;
      letters.back().mods[letters.back().nmods++] = c;
    } else if ((c >= 'a' && c <= 'z') || c == kSmallDStroke) {
      letters.push_back(Letter{c});
    } else {
      return;
    }
  }
  if (tones != 1) return;

  std::size_t v0 = 0;
  while (v0 < letters.size() && !is_vowel(letters[v0].base)) ++v0;
  if (v0 == letters.size()) return;
  std::size_t v1 = v0;
  while (v1 < letters.size() && is_vowel(letters[v1].base)) ++v1;
  for (std::size_t i = v1; i < letters.size(); ++i) {
    if (is_vowel(letters[i].base)) return;  // two vowel groups: not one syllable
  }
  // In `qu-` and `gi-` the glide belongs to the onset: `quý`, `giữa`.
  if (v1 - v0 > 1 && v0 > 0 && letters[v0 - 1].base == 'q' && letters[v0].base == 'u') ++v0;
  if (v1 - v0 > 1 && v0 == 1 && letters[0].base == 'g' && letters[1].base == 'i' &&
      letters[1].nmods == 0) {
    ++v0;
  }
  const std::size_t len = v1 - v0;
  if (len > 3) return;

  std::size_t target = letters.size();
  for (std::size_t i = v0; i < v1; ++i) {
    if (letters[i].nmods > 0) target = i;  // â ă ê ô ơ ư carry the tone; of ươ, the ơ
  }
  if (target == letters.size()) {
    if (len == 1) {
      target = v0;
    } else if (v1 < letters.size()) {
      target = v1 - 1;  // closed syllable: the last vowel (`hoàng`, `toán`)
    } else if (len == 3) {
      target = v0 + 1;  // `ngoài`, `khuỷu`
    } else {
      const UChar32 a = letters[v0].base, b = letters[v0 + 1].base;
      const bool second = (a == 'o' && (b == 'a' || b == 'e')) || (a == 'u' && b == 'y');
      target = second ? v0 + 1 : v0;  // `hoà` `khoẻ` `thuỷ`, but `của` `máy` `kìa`
    }
  }

  icu::UnicodeString out;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    out.append(letters[i].base);
    for (int m = 0; m < letters[i].nmods; ++m) out.append(letters[i].mods[m]);
    if (i == target) out.append(tone);
  }
  nfd = out;
}

const icu::Normalizer2& nfd_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFD data unavailable");
  return *n;
}
const icu::Normalizer2& nfc_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC data unavailable");
  return *n;
}

std::string nfc_utf8(const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString composed = nfc_instance().normalize(s, status);
  std::string out;
  (U_SUCCESS(status) ? composed : s).toUTF8String(out);
  return out;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool all_lower_letters(std::string_view s) {
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// The English base forms of a plain lower-case ASCII word; none for other words.
std::vector<std::string> lemmas_of(const std::string& exact) {
  if (exact.size() < 3 || !all_lower_letters(exact)) return {};
  return english_lemmas(exact);
}

// The caps token of a word written in two to five ASCII capitals, else empty.
std::string caps_of(std::string_view word, const std::string& exact) {
  if (word.size() < 2 || word.size() > 5 ||
      !std::all_of(word.begin(), word.end(), corpus::text::is_ascii_capital))
    return {};
  return kCapsMark + exact;
}

}  // namespace

std::string dotted_caps(std::string_view text, std::size_t at, std::size_t& end) {
  std::string out(1, kCapsMark);
  std::size_t i = at;
  while (i + 1 < text.size() && corpus::text::is_ascii_capital(text[i]) && text[i + 1] == '.' &&
         out.size() <= 5) {
    out += static_cast<char>(text[i] - 'A' + 'a');
    i += 2;
  }
  // A letter right after the last dot makes it no run of initials (`U.Sa`), and neither
  // does a sixth.
  const auto c = i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
  const bool letter_after = std::isalnum(c) || c >= 0x80;
  if (out.size() < 3 || letter_after) return {};
  end = i;
  return out;
}

bool looks_vietnamese_syllable(std::string_view w) {
  static constexpr std::string_view kOnsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph",
                                                 "qu",  "th", "tr", "b",  "c",  "d",  "g",  "h",
                                                 "k",   "l",  "m",  "n",  "p",  "r",  "s",  "t",
                                                 "v",   "x",  ""};
  static constexpr std::string_view kFinals[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", ""};
  for (std::string_view onset : kOnsets) {
    if (!w.starts_with(onset)) continue;
    std::string_view rest = w.substr(onset.size());
    std::size_t vowels = 0;
    while (vowels < rest.size() && is_vowel(static_cast<unsigned char>(rest[vowels]))) ++vowels;
    if (vowels == 0 || vowels > 3) continue;
    const std::string_view cluster = rest.substr(0, vowels);
    const std::string_view final_part = rest.substr(vowels);
    // A glide (i o u y) closes a syllable: `oi`, `ai`, `au` take no final consonant, so
    // `going` is English. `uy`, `uo`, `oo` are vowels before a final (`huynh`, `uong`, `xoong`).
    const char last = cluster.back();
    if (!final_part.empty() && cluster.size() >= 2 && (last == 'i' || last == 'o' || last == 'u' || last == 'y') &&
        cluster != "uy" && cluster != "uo" && cluster != "oo") {
      continue;
    }
    for (std::string_view f : kFinals) {
      if (final_part == f) return true;
    }
  }
  return false;
}

// The hash dedupe compares a word by: its folded form, with a lone `y` after an initial
// consonant read as `i`. Vietnamese writes those syllables either way (`tỷ`/`tỉ`, `kỹ`/`kĩ`,
// `lý`/`lí`, `quy`/`qui`), and one outlet's copy of another's text may respell them; `ay`/`ai`
// or `uy`/`ui` are other words and stay apart. Search keeps the spellings apart (`ly` and `li`
// are different words).
std::uint64_t dedupe_hash(std::string_view folded) {
  static constexpr std::string_view kInitials[] = {"b", "c",  "ch", "d", "g",  "gh", "h",  "k",  "kh", "l", "m",
                                                   "n", "ng", "nh", "p", "ph", "qu", "r",  "s",  "t",  "th", "tr",
                                                   "v", "x"};
  if (folded.size() >= 2 && folded.size() <= 3 && folded.back() == 'y') {
    const std::string_view initial = folded.substr(0, folded.size() - 1);
    if (std::find(std::begin(kInitials), std::end(kInitials), initial) != std::end(kInitials)) {
      std::string respelled(folded);
      respelled.back() = 'i';
      return XXH3_64bits(respelled.data(), respelled.size());
    }
  }
  return XXH3_64bits(folded.data(), folded.size());
}

TokenForms normalize_word(std::string_view word) {
  TokenForms forms;
  if (is_ascii(word)) {
    forms.exact.assign(word);
    for (char& c : forms.exact) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    forms.lemmas = lemmas_of(forms.exact);
    forms.caps = caps_of(word, forms.exact);
    forms.folded_hash = dedupe_hash(forms.exact);
    return forms;
  }

  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.foldCase();
  u.findAndReplace(icu::UnicodeString(kSmallEth), icu::UnicodeString(kSmallDStroke));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString nfd = nfd_instance().normalize(u, status);
  if (U_FAILURE(status)) nfd = u;
  place_tone(nfd);
  forms.exact = nfc_utf8(nfd);

  icu::UnicodeString bare;
  for (int32_t i = 0; i < nfd.length();) {
    const UChar32 c = nfd.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    bare.append(c == kSmallDStroke ? UChar32{'d'} : c);
  }
  std::string folded = nfc_utf8(bare);
  if (folded != forms.exact) forms.folded = std::move(folded);
  forms.folded_hash = dedupe_hash(forms.folded.empty() ? forms.exact : forms.folded);
  return forms;
}

Normalizer::Normalizer() {
  // Small at first, and grown as words come: a search makes a few Normalizers for a handful
  // of words, and a cache of 16,384 slots was 64 KiB of zeroes (page faults) for each.
  entries_.reserve(1 << 9);
  slots_.assign(1 << 10, 0);
  mask_ = slots_.size() - 1;
}

void Normalizer::grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (std::uint32_t n = 0; n < entries_.size(); ++n) {
    std::uint64_t i = entries_[n].hash & mask_;
    while (slots_[i]) i = (i + 1) & mask_;
    slots_[i] = n + 1;
  }
}

void Normalizer::forget_noted() {
  for (Entry& e : entries_) e.forms.vocab_noted = false;
  number_.vocab_noted = false;
}

const TokenForms& Normalizer::forms(std::string_view word) {
  // Numbers are most of the distinct words of news (amounts, dates, scores) and their forms
  // are themselves: caching them only grew the cache with the corpus.
  if (!word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    number_.exact.assign(word);
    number_.folded_hash = dedupe_hash(number_.exact);
    return number_;
  }
  const std::uint64_t h = XXH3_64bits(word.data(), word.size());
  std::uint64_t i = h & mask_;
  for (; slots_[i]; i = (i + 1) & mask_) {
    const Entry& e = entries_[slots_[i] - 1];
    if (e.hash == h && e.word == word) return e.forms;
  }
  // A bound, so that memory stays flat as a corpus grows: news repeats a few thousand words
  // and the rest are rare (names, English, typos). 65,536 words hold the hot ones, in about
  // 10 MiB; at 512k the cache was most of ingest's growth from 10k to 80k articles.
  if (entries_.size() >= (1u << 16)) {
    entries_.clear();
    std::fill(slots_.begin(), slots_.end(), 0);
    i = h & mask_;
  } else if ((entries_.size() + 1) * 2 > slots_.size()) {
    grow();
    i = h & mask_;
    while (slots_[i]) i = (i + 1) & mask_;
  }
  entries_.push_back(Entry{h, std::string(word), normalize_word(word)});
  slots_[i] = static_cast<std::uint32_t>(entries_.size());
  return entries_.back().forms;
}

}  // namespace corpus
