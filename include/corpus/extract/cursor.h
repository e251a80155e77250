// The words of one field (title, lead or body) with what every extraction rule asks about
// them, computed once when the field is opened: sentences and their bounds, headlines in
// capitals, the gazetteer's phrases at each word, stop words, surnames, place names and the
// fine print of photo credits. Every pass (countries.h, orgs.h, officials.h, agreements.h)
// reads the same cursor; none changes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/extract.h"
#include "corpus/gazetteer.h"

namespace corpus::extraction {

// Words [b, e) of the cursor's field.
struct Span {
  std::size_t b = 0, e = 0;
};

// Per-word working memory, kept by the extractor from one field to the next: allocating it
// afresh for every title, lead and body was a measurable part of extraction.
struct CursorScratch {
  std::vector<Word> words;
  std::vector<bool> excluded, stop, surname, caps_sentences;
  std::vector<std::uint8_t> place;
  std::vector<std::uint32_t> place_end;  // SentenceCursor::place_end, read once per word
  std::vector<std::size_t> sentence, sentence_begin;
  std::vector<std::uint32_t> hit_of;
  std::vector<Gazetteer::KindMatches> hits;
  std::vector<const WordInfo*> info;
};

bool has_marks(const Word& w);
bool in_list(std::string_view exact, std::initializer_list<std::string_view> list);
// English words that look like names at a sentence start but are not (`The`, `Monday`).
bool english_non_name(std::string_view exact);
// English words that end a company's or a body's name (`Corp`, `Ministry`).
bool english_org_suffix(std::string_view exact);

class SentenceCursor {
 public:
  // `tokens`: the tokenizer's prepare_document() of `text`, or nullptr to prepare it here.
  SentenceCursor(const Gazetteer& gaz, Normalizer& norm, std::string_view text,
                 const PreparedText* tokens, Field field, bool vietnamese, CursorScratch& scratch);
  SentenceCursor(const SentenceCursor&) = delete;
  SentenceCursor& operator=(const SentenceCursor&) = delete;

  const Gazetteer& gaz() const { return gaz_; }
  Normalizer& norm() const { return norm_; }
  Field field() const { return field_; }
  bool vi() const { return vi_; }
  std::string_view text() const { return text_; }

  std::size_t size() const { return s_.words.size(); }
  const Word& operator[](std::size_t i) const { return s_.words[i]; }
  const std::vector<Word>& words() const { return s_.words; }

  // In a photo credit or source line (`Ảnh: Phạm Kiên/TTXVN`): no rule reads it.
  bool excluded(std::size_t i) const { return s_.excluded[i]; }
  // A stop word (or the first of a stop pair), or past the end.
  bool stop_at(std::size_t i) const { return i >= size() || s_.stop[i]; }
  bool surname(std::size_t i) const { return s_.surname[i]; }
  // The length of a Vietnamese place name starting at `i`, 0 if none.
  std::size_t place(std::size_t i) const { return s_.place[i]; }
  // The end of an administrative unit and the place it names at `i` (`phường 12`, `xã Hoà
  // Liên`, `TP. Hà Nội`, `tỉnh Lào Cai`), 0 if none.
  std::size_t place_end(std::size_t i) const { return i < size() ? s_.place_end[i] : 0; }
  const WordInfo* info(std::size_t i) const { return s_.info[i]; }
  // Whether any gazetteer phrase starts at `i` (a lexicon word).
  bool has_phrase(std::size_t i) const { return s_.hit_of[i] != 0; }
  // The longest of the phrases of these kinds at `i`, or nullptr.
  const Phrase* match(std::size_t i, std::initializer_list<PhraseKind> kinds) const;
  // The length of an organisation or agreement head (`Bộ`, `Hiệp định`) at `i`, 0 if none.
  std::size_t head_at(std::size_t i, HeadKind kind, std::string* key = nullptr) const;

  std::size_t sentence(std::size_t i) const { return s_.sentence[i]; }
  // The words of the sentence that holds word `i`.
  Span sentence_of(std::size_t i) const;
  // A sentence of three or more words, 80% of them in capitals: a headline or a table.
  bool all_caps_sentence(std::size_t i) const { return s_.caps_sentences[s_.sentence[i]]; }

  // words[i] follows words[i-1] within a phrase (a space or a hyphen between).
  bool joined(std::size_t i) const {
    return i < size() && (s_.words[i].gap == Word::space || s_.words[i].gap == Word::hyphen);
  }
  bool colon_after(std::size_t i) const;
  // The text between words[i-1] and words[i].
  std::string_view gap_before(std::size_t i) const;
  // A capitalised word right before `i`, not at a sentence start: `i` is inside a name.
  bool name_context_before(std::size_t i) const;
  // A capitalised word at `e` that continues a personal or place name: `Mỹ Tho`, `Lào Cai`;
  // in English any such word (`Chad Smith`).
  bool name_after(std::size_t e) const;

  // name_key() / folded_key() of the words in `s`, from the forms at hand.
  std::string key_of(Span s) const { return joined_forms(s, &Word::exact); }
  std::string folded_of(Span s) const { return joined_forms(s, &Word::folded); }
  std::string_view raw(Span s) const;
  // A name as written, with white space (a wrapped line) as one space.
  std::string surface(Span s) const;
  // Mentions keep the exact slice their offsets give.
  Mention mention(Span s, std::string kind) const;

 private:
  std::string joined_forms(Span s, std::string_view Word::*form) const;
  std::size_t read_place_end(std::size_t i) const;
  void mark_bylines();

  const Gazetteer& gaz_;
  Normalizer& norm_;
  std::string_view text_;
  Field field_;
  bool vi_;
  PreparedText own_tokens_;  // when the caller had none prepared
  CursorScratch& s_;
};

}  // namespace corpus::extraction
