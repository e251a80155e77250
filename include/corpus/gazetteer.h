// Gazetteer: the names entity extraction knows before it reads a word. Countries come from
// ICU's CLDR data (every territory's display name in Vietnamese and English, with CLDR's
// short and variant forms), plus a small sourced supplement of press forms CLDR lacks
// (data/countries_supplement.tsv). Organisations with bilingual names and the lexicon of
// titles, ranks and honorifics come from data/*.tsv, compiled into the binary.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corpus/normalize.h"

namespace corpus {

// One word of text as extraction sees it.
struct Word {
  std::uint32_t begin = 0, end = 0;  // bytes into the text
  std::string exact;                 // TokenForms::exact
  std::string folded;                // no marks, `đ` as `d` (equals exact when unmarked)
  bool cap = false;                  // first letter upper case
  bool upper = false;                // two or more letters, all upper case
  bool single_letter = false;
  // What separates this word from the one before it.
  enum Gap : std::uint8_t { start, space, hyphen, dot, comma, open_paren, close_paren, other, stop };
  Gap gap = start;
  bool sentence_start = true;
};

// Cuts `text` into words with their forms and separators.
std::vector<Word> split_words(std::string_view text, Normalizer& norm);

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

class Gazetteer {
 public:
  // The process-wide gazetteer, built once (ICU look-ups and the compiled-in tables).
  static const Gazetteer& instance();

  // The longest phrase of one of `kinds` that starts at words[i], if any.
  const Phrase* match(const std::vector<Word>& words, std::size_t i,
                      std::initializer_list<PhraseKind> kinds) const;

  const CountryInfo* country(std::string_view code) const;
  const OrgInfo* org(std::string_view key) const;
  // A country or organisation by any of its names, abbreviations or (countries) code,
  // ignoring case, marks placement and NFC/NFD.
  const CountryInfo* find_country(std::string_view name) const;
  const OrgInfo* find_org(std::string_view name) const;
  const AgreementInfo* find_agreement(std::string_view name) const;
  const std::vector<CountryInfo>& countries() const { return countries_; }
  bool is_surname(std::string_view exact) const;
  // A Vietnamese function word or common verb: ends an organisation or agreement name.
  bool is_stop_word(std::string_view exact) const;

 private:
  Gazetteer();
  void add(Phrase p);
  std::string phrase_key(std::string_view s) const;

  std::vector<Phrase> phrases_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_;
  std::vector<CountryInfo> countries_;
  std::unordered_map<std::string, std::size_t> country_index_;
  std::vector<OrgInfo> orgs_;
  std::unordered_map<std::string, std::size_t> org_index_;
  std::vector<AgreementInfo> agreements_;
  std::unordered_map<std::string, std::size_t> country_by_name_, org_by_name_, agreement_by_name_;
  std::unordered_map<std::string, bool> surnames_, stop_words_;
  mutable std::unique_ptr<Normalizer> norm_;
};

// The form two names are compared in: each word's exact form, joined by single spaces.
std::string name_key(std::string_view name, Normalizer& norm);
// The same without marks (`đ` as `d`).
std::string folded_key(std::string_view name, Normalizer& norm);

}  // namespace corpus
