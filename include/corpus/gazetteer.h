// Gazetteer: the names entity extraction knows before it reads a word. Countries come from
// ICU's CLDR data (every territory's display name in Vietnamese and English, with CLDR's
// short and variant forms), plus a small sourced supplement of press forms CLDR lacks
// (src/data/countries_supplement.tsv). Organisations with bilingual names and the lexicon of
// titles, ranks and honorifics come from src/data/*.tsv, compiled into the binary.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "corpus/normalize.h"
#include "corpus/tokenizer.h"

namespace corpus {

// One word of text as extraction sees it.
struct Word {
  std::uint32_t begin = 0, end = 0;  // bytes into the text
  // Views into the PreparedText the words were read from.
  std::string_view exact;   // TokenForms::exact
  std::string_view folded;  // no marks, `đ` as `d` (equals exact when unmarked)
  bool cap = false;                  // first letter upper case
  bool upper = false;                // two or more letters, all upper case
  bool single_letter = false;
  // What separates this word from the one before it.
  enum Gap : std::uint8_t { start, space, hyphen, dot, comma, open_paren, close_paren, other, stop };
  Gap gap = start;
  bool sentence_start = true;
};

// The words of `text` with their forms and separators, read from the document tokens the
// tokenizer prepared for it (their exact and folded forms are there already): ingest
// normalises each word once, for the index and for entities. The words view into `tokens`.
// Into `out` (cleared first), which keeps its capacity from one text to the next.
void split_words(std::string_view text, const PreparedText& tokens, std::vector<Word>& out);
// The same, tokenising `text` first; the list owns the tokens its words view into, so it
// stays where it was made.
struct WordList {
  WordList(std::string_view text, Normalizer& norm);
  WordList(const WordList&) = delete;
  WordList& operator=(const WordList&) = delete;
  PreparedText tokens;
  std::vector<Word> words;
};

enum class PhraseKind : std::uint8_t { country, org, title, rank, honorific, past };

struct Phrase {
  PhraseKind kind;
  std::string surface;  // as listed
  std::string lang;     // "vi", "en"
  std::string code;     // country code (countries; orgs' country)
  std::string key;      // org key
  std::string english;  // title's English, org's English name, country's English name
  bool short_name = false;
  bool pronoun = false;
  bool historical = false;
  bool adjective = false;  // an adjective of nationality: "Japanese"
  std::size_t length = 0;
  std::vector<std::string> words;  // exact forms
  // Per word: 0 any case, 1 capitalised, 2 all upper case (abbreviations).
  std::vector<std::uint8_t> case_rule;
  std::vector<Word::Gap> gaps;  // gaps[i] before words[i], i >= 1
};

struct OrgInfo {
  std::string key, country, kind;
  std::string name_vi, name_en;
  std::vector<std::string> aliases;  // every name and abbreviation
};

struct AgreementInfo {
  std::string kind, name_vi, name_en;
  std::vector<std::string> aliases;  // every name in either language
};

struct CountryInfo {
  std::string code;
  std::string name_vi, name_en;
  std::vector<std::string> aliases;
  bool historical = false;
};

// What the gazetteer knows of one word (exact form): the phrases it begins, longest first,
// and its word classes. One look-up per word of text answers every rule.
struct WordInfo {
  std::vector<std::size_t> phrases;
  bool stop = false;        // a stop word
  bool stop_start = false;  // begins a stop phrase of two words
  bool surname = false;
  // The Vietnamese place names (src/data/vietnamese_words.tsv) and administrative units
  // (`tỉnh`, `thành phố`, `phường`) that begin with this word: indexes into the gazetteer's lists.
  std::vector<std::uint16_t> places, admins;
  bool abbrev = false;       // an abbreviation whose dot ends no sentence (`TP.`, `TS.`)
  // The organisation heads (`Bộ`, `Tổng công ty`) and agreement heads (`Hiệp định`, `Treaty`)
  // that begin with this word: indexes into the gazetteer's lists, so that a look-up reads only
  // those (the rules ask about heads at most capitalised words).
  std::vector<std::uint16_t> org_heads, agreement_heads;
  bool lower_case_org_head_start = false;  // one of them names a body in lower case too
};

// The words that name what kind of body or instrument follows: `Bộ`, `Tập đoàn`, `Hiệp định`,
// `Treaty`.
enum class HeadKind : std::uint8_t { org, agreement };

class Gazetteer {
 public:
  // The process-wide gazetteer, built once (ICU look-ups and the compiled-in tables).
  static const Gazetteer& instance();

  // What is known of one word (exact form), or nullptr.
  const WordInfo* word_info(std::string_view exact) const;
  // The longest phrase of each kind that starts at words[i], whose first word's info is
  // `info` (nullptr where none): one look-up per word for every rule that asks about it.
  // Titles, ranks, honorifics and past markers count only in their own language (`Premier`
  // and `Sen` are English titles, not the Vietnamese words); `lang` empty: any.
  using KindMatches = std::array<const Phrase*, 6>;
  void match_all(const WordInfo* info, const std::vector<Word>& words, std::size_t i, KindMatches& out,
                 std::string_view lang = {}) const;
  // A Vietnamese place name of `n` words at words[i] (`Hà Nội`, `TP`): 0 if none.
  std::size_t place_at(const WordInfo* info, const std::vector<Word>& words, std::size_t i) const;
  // An administrative unit word of `n` words at words[i] (`tỉnh`, `thị xã`): 0 if none.
  std::size_t admin_at(const WordInfo* info, const std::vector<Word>& words, std::size_t i) const;
  // The longest head of this kind at words[i] (its words joined by spaces or hyphens), whose
  // first word's info is `info`: its length in words, 0 if none, and its key (exact forms).
  std::size_t head_at(const WordInfo* info, const std::vector<Word>& words, std::size_t i, HeadKind kind,
                      std::string* key = nullptr) const;

  // Whether an organisation head (its key from head_at) names a body in lower case too, before
  // its place or country (src/data/heads.tsv).
  bool head_in_lower_case(std::string_view key) const;

  const CountryInfo* country(std::string_view code) const;
  const OrgInfo* org(std::string_view key) const;
  // A country or organisation by any of its names, abbreviations or (countries) code,
  // ignoring case, marks placement and NFC/NFD.
  const CountryInfo* find_country(std::string_view name) const;
  const OrgInfo* find_org(std::string_view name) const;
  const AgreementInfo* find_agreement(std::string_view name) const;
  const std::vector<CountryInfo>& countries() const { return countries_; }
  // A Vietnamese function word or common verb: ends an organisation or agreement name.
  // Static: the list is read on its own, without building the gazetteer (a few milliseconds
  // of ICU work that a search naming an entity would otherwise wait for).
  static bool is_stop_word(std::string_view exact);
  // Whether `exact` is an English word of this class of src/data/english_words.tsv
  // (`non_name`, `org_suffix`).
  static bool is_english_word(std::string_view exact, std::string_view word_class);
  // `exact` + " " + `next` is a stop phrase (`nhân dịp`); ask only for a word whose info has
  // `stop_start`.
  bool is_stop_pair(std::string_view exact, std::string_view next) const;

 private:
  Gazetteer();
  void add(Phrase p);
  std::string phrase_key(std::string_view s) const;

  std::vector<Phrase> phrases_;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, WordInfo, Hash, std::equal_to<>> by_first_;
  // by_first_ again as an open-addressing table keyed by XXH3, built once the gazetteer is
  // complete: word_info() runs for every word of every article.
  struct Slot {
    std::uint64_t hash = 0;
    const std::string* key = nullptr;
    const WordInfo* info = nullptr;
  };
  std::vector<Slot> slots_;
  std::uint64_t mask_ = 0;
  std::vector<CountryInfo> countries_;
  std::unordered_map<std::string, std::size_t> country_index_;
  std::vector<OrgInfo> orgs_;
  std::unordered_map<std::string, std::size_t> org_index_;
  std::vector<AgreementInfo> agreements_;
  std::unordered_map<std::string, std::size_t> country_by_name_, org_by_name_, agreement_by_name_;
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;
  static const Set& stop_words();  // exact forms of the `stop` rows, words and pairs
  std::vector<std::vector<std::string>> places_, admins_;  // exact forms
  static std::size_t longest_at(const std::vector<std::vector<std::string>>& phrases,
                                const std::vector<std::uint16_t>& starting,
                                const std::vector<Word>& words, std::size_t i);
  struct Head {
    std::vector<std::string> words;  // exact forms
    std::string key;
  };
  std::vector<Head> org_heads_, agreement_heads_;
  Set lower_case_heads_;
  mutable std::unique_ptr<Normalizer> norm_;
};

// The form two names are compared in: each word's exact form, joined by single spaces.
std::string name_key(std::string_view name, Normalizer& norm);
// The same without marks (`đ` as `d`).
std::string folded_key(std::string_view name, Normalizer& norm);

}  // namespace corpus
