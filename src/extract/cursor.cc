#include "corpus/extract/cursor.h"

#include <algorithm>

#include "corpus/text.h"

namespace corpus::extraction {

bool has_marks(const Word& w) { return w.exact != w.folded; }

bool in_list(std::string_view exact, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), exact) != list.end();
}

bool english_non_name(std::string_view exact) {
  return Gazetteer::is_english_word(exact, "non_name");
}

bool english_org_suffix(std::string_view exact) {
  return Gazetteer::is_english_word(exact, "org_suffix");
}

SentenceCursor::SentenceCursor(const Gazetteer& gaz, Normalizer& norm, std::string_view text,
                               const PreparedText* tokens, Field field, bool vietnamese,
                               CursorScratch& scratch)
    : gaz_(gaz),
      norm_(norm),
      text_(text),
      field_(field),
      vi_(vietnamese),
      own_tokens_(tokens ? PreparedText{} : prepare_document(norm, text)),
      s_(scratch) {
  auto& words = s_.words;
  split_words(text, tokens ? *tokens : own_tokens_, words);
  const std::size_t n = words.size();
  s_.info.resize(n);
  for (std::size_t i = 0; i < n; ++i) s_.info[i] = gaz_.word_info(words[i].exact);
  // The dot of an abbreviation (`TP. Hà Nội`, `TS. Lê Văn A`) ends no sentence.
  for (std::size_t i = 1; i < n; ++i) {
    if (words[i].gap != Word::stop || !s_.info[i - 1] || !s_.info[i - 1]->abbrev) continue;
    const std::string_view gap = gap_before(i);
    if (gap.find_first_not_of(". ") == std::string_view::npos &&
        std::count(gap.begin(), gap.end(), '.') == 1) {
      words[i].gap = Word::dot;
      words[i].sentence_start = false;
    }
  }
  s_.hits.clear();
  s_.excluded.assign(n, false);
  s_.sentence.assign(n, 0);
  s_.sentence_begin.clear();
  std::size_t s = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && words[i].sentence_start) ++s;
    if (s == s_.sentence_begin.size()) s_.sentence_begin.push_back(i);
    s_.sentence[i] = s;
  }
  s_.caps_sentences.assign(s_.sentence_begin.size(), false);
  for (std::size_t k = 0; k < s_.sentence_begin.size(); ++k) {
    const std::size_t b = s_.sentence_begin[k];
    const std::size_t e = k + 1 < s_.sentence_begin.size() ? s_.sentence_begin[k + 1] : n;
    std::size_t upper = 0;
    for (std::size_t i = b; i < e; ++i) {
      if (words[i].upper || (words[i].single_letter && words[i].cap)) ++upper;
    }
    if (e - b >= 3 && upper * 10 >= (e - b) * 8) s_.caps_sentences[k] = true;
  }
  // Every rule asks the gazetteer about the same few words again and again: ask once.
  s_.hit_of.assign(n, 0);
  s_.stop.assign(n, false);
  s_.surname.assign(n, false);
  s_.place.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const WordInfo* info = s_.info[i];
    if (!info) continue;
    if (!info->phrases.empty()) {
      Gazetteer::KindMatches m;
      gaz_.match_all(info, words, i, m, vi_ ? "vi" : "en");
      if (std::any_of(m.begin(), m.end(), [](const Phrase* p) { return p != nullptr; })) {
        s_.hits.push_back(m);
        s_.hit_of[i] = static_cast<std::uint32_t>(s_.hits.size());
      }
    }
    s_.surname[i] = info->surname;
    if (!info->places.empty())
      s_.place[i] = static_cast<std::uint8_t>(gaz_.place_at(info, words, i));
    if (info->stop) {
      s_.stop[i] = true;
    } else if (info->stop_start && i + 1 < n && joined(i + 1)) {
      s_.stop[i] = gaz_.is_stop_pair(words[i].exact, words[i + 1].exact);
    }
  }
  // After the places: a unit's place may be one (`tỉnh Lào Cai`).
  s_.place_end.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    s_.place_end[i] = static_cast<std::uint32_t>(read_place_end(i));
  }
  mark_bylines();
}

const Phrase* SentenceCursor::match(std::size_t i, std::initializer_list<PhraseKind> kinds) const {
  if (i >= size() || s_.hit_of[i] == 0) return nullptr;
  const Gazetteer::KindMatches& at = s_.hits[s_.hit_of[i] - 1];
  const Phrase* best = nullptr;
  for (PhraseKind k : kinds) {
    const Phrase* p = at[static_cast<std::size_t>(k)];
    if (p && (!best || p->length > best->length)) best = p;
  }
  return best;
}

std::size_t SentenceCursor::head_at(std::size_t i, HeadKind kind, std::string* key) const {
  return gaz_.head_at(s_.info[i], s_.words, i, kind, key);
}

Span SentenceCursor::sentence_of(std::size_t i) const {
  const std::size_t k = s_.sentence[i];
  return {s_.sentence_begin[k],
          k + 1 < s_.sentence_begin.size() ? s_.sentence_begin[k + 1] : size()};
}

std::size_t SentenceCursor::read_place_end(std::size_t i) const {
  if (!s_.info[i] || s_.info[i]->admins.empty()) return 0;
  const auto& words = s_.words;
  const std::size_t unit = gaz_.admin_at(s_.info[i], words, i);
  if (unit == 0) return 0;
  const std::size_t j = i + unit;
  if (j >= size() || !(joined(j) || words[j].gap == Word::dot)) return 0;
  const Word& w = words[j];
  if (std::all_of(w.exact.begin(), w.exact.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return j + 1;  // `phường 12`, `quận 10`
  }
  if (w.cap && s_.place[j] > 0) return j + s_.place[j];  // `TP. HCM` too
  if (!w.cap || w.upper) return 0;
  // A family name and two more capitalised words is a person (`UBND tỉnh Phan Ngọc Thọ`: the
  // province is left out), not a place named after one (`xã Trần Phú`).
  if (s_.surname[j] && j + 2 < size() && joined(j + 1) && words[j + 1].cap && joined(j + 2) &&
      words[j + 2].cap)
    return 0;
  if (j + 2 < size() && words[j].folded == "ho" && words[j + 1].folded == "chi" &&
      words[j + 2].folded == "minh") {
    return j + 3;
  }
  // Up to three capitalised words, not into a personal name (a family name and another
  // capitalised word), a title or another body.
  std::size_t k = j;
  while (k < size() && k - j < 3 && words[k].cap && !words[k].upper &&
         (k == j || words[k].gap == Word::space ||
          (words[k].gap == Word::hyphen && gap_before(k).find(' ') == std::string_view::npos))) {
    if (k > j && s_.surname[k] && k + 1 < size() && joined(k + 1) && words[k + 1].cap) break;
    if (match(k, {PhraseKind::title, PhraseKind::rank, PhraseKind::honorific, PhraseKind::org}))
      break;
    if (head_at(k, HeadKind::org) > 0) break;
    ++k;
  }
  return k > j ? k : 0;
}

bool SentenceCursor::colon_after(std::size_t i) const {
  if (i + 1 >= size()) return false;
  return gap_before(i + 1).find(':') != std::string_view::npos;
}

std::string_view SentenceCursor::gap_before(std::size_t i) const {
  if (i == 0 || i >= size()) return {};
  return text_.substr(s_.words[i - 1].end, s_.words[i].begin - s_.words[i - 1].end);
}

void SentenceCursor::mark_bylines() {
  const auto& words = s_.words;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = words[i].exact;
    if (!words[i].cap || !colon_after(i)) continue;
    if (!in_list(w, {"ảnh", "nguồn", "photo", "source", "video", "clip", "đồ", "họa", "hoạ",
                     "graphic", "credit", "theo"}))
      continue;
    // To the end of the line.
    for (std::size_t j = i; j < words.size(); ++j) {
      if (j > i && words[j].gap == Word::stop && gap_before(j).find('\n') != std::string_view::npos)
        break;
      s_.excluded[j] = true;
    }
  }
}

bool SentenceCursor::name_context_before(std::size_t i) const {
  return i > 0 && joined(i) && s_.words[i - 1].cap && !s_.words[i - 1].sentence_start;
}

bool SentenceCursor::name_after(std::size_t e) const {
  if (e >= size() || !joined(e) || !s_.words[e].cap) return false;
  if (match(e, {PhraseKind::country, PhraseKind::title, PhraseKind::org})) return false;
  if (!vi_) return !english_non_name(s_.words[e].exact);
  return has_marks(s_.words[e]) || looks_vietnamese_syllable(s_.words[e].exact);
}

std::string SentenceCursor::joined_forms(Span s, std::string_view Word::*form) const {
  std::string out;
  for (std::size_t k = s.b; k < s.e; ++k) {
    if (k > s.b) out += ' ';
    out += s_.words[k].*form;
  }
  return out;
}

std::string_view SentenceCursor::raw(Span s) const {
  return text_.substr(s_.words[s.b].begin, s_.words[s.e - 1].end - s_.words[s.b].begin);
}

std::string SentenceCursor::surface(Span s) const {
  std::string out;
  bool space = false;
  for (char c : raw(s)) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Mention SentenceCursor::mention(Span s, std::string kind) const {
  return Mention{field_, s_.words[s.b].begin, s_.words[s.e - 1].end, std::move(kind),
                 std::string(raw(s))};
}

}  // namespace corpus::extraction
