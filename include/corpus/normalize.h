// The text rules of search: how one word becomes the forms that are indexed and queried.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corpus {

// Bumped whenever a rule below changes what a word normalises to; a database indexed under
// another version is rebuilt on open.
inline constexpr int kRulesVersion = 4;

// The first byte of the token a word written in capitals adds (TokenForms::caps): no word
// holds it (control characters separate words), so `US` never meets `us`.
inline constexpr char kCapsMark = '\x1d';
// The first byte of a `vocab` key that files an English word under one of its base forms
// (TokenForms::lemmas); other keys are folded forms, which never start with it.
inline constexpr char kInflectionKey = '\x1e';

struct TokenForms {
  // Case-folded, NFC, tone mark in one canonical place (`hòa` and `hoà` give one form),
  // U+00F0 read as `đ`. The form a query word must match exactly.
  std::string exact;
  // `exact` without any mark, `đ` as `d`; empty when it equals `exact`. What an unaccented
  // query word meets.
  std::string folded;
  // The English base forms of a word of plain lower-case ASCII letters other than itself
  // (inflect.h, WordNet): `banned` → `ban`, `went` → `go`; none for `news` or `organ`.
  std::vector<std::string> lemmas;
  // For a word written in capitals, two to five ASCII letters (`US`, `WHO`, `UBND`):
  // kCapsMark + `exact`, the token ingest adds beside it and a query in capitals asks for.
  std::string caps;
  // The word as dedupe compares it, hashed once per distinct word: XXH3 of the folded form
  // (of `exact` when `folded` is empty), a lone `y` after an initial consonant read as `i`
  // (`tỷ` and `tỉ` are one word spelt two ways).
  std::uint64_t folded_hash = 0;
  // Set by prepare_document once this Normalizer has handed out the word's vocab entries;
  // a cache flag, not a form, hence mutable.
  mutable bool vocab_noted = false;
};

// The rules, uncached.
TokenForms normalize_word(std::string_view word);

// The token of a run of two to five capital letters each followed by a dot (`U.S.`, `U.N.`)
// that starts at `text[at]`, as TokenForms::caps of the letters written together; with the
// byte just past the run's last dot in `end`. Empty when no such run starts there.
std::string dotted_caps(std::string_view text, std::size_t at, std::size_t& end);

// True for an ASCII lower-case word with the shape of a Vietnamese syllable (onset, one to
// three vowels, a Vietnamese final), such as `quang` or `nguyen`.
bool looks_vietnamese_syllable(std::string_view ascii_lower);

// Caches the forms of each distinct word: news text repeats a few thousand syllables, and a
// cache hit costs one hash look-up where ICU costs microseconds. Not thread-safe: one per thread.
class Normalizer {
 public:
  Normalizer();
  // Valid until the next call: callers use the forms before asking for another word.
  const TokenForms& forms(std::string_view word);
  // Every cached word's vocab entries are handed out again (the `vocab` table was emptied).
  void forget_noted();

 private:
  // Open addressing over a dense array of entries, keyed by XXH3: this look-up runs for
  // every word ingest reads (std::unordered_map's was a tenth of the reader's time).
  struct Entry {
    std::uint64_t hash;
    std::string word;
    TokenForms forms;
  };
  void grow();
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;  // 1 + index into entries_, 0 for empty
  std::uint64_t mask_ = 0;
  TokenForms number_;  // the forms of the last all-digit word, which are not cached
};

}  // namespace corpus
