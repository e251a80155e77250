#include "corpus/extract/officials.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "corpus/inflect.h"

namespace corpus::extraction {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= key.size()) {
    const auto sp = key.find(' ', start);
    out.push_back(key.substr(start, sp == std::string::npos ? std::string::npos : sp - start));
    if (sp == std::string::npos) break;
    start = sp + 1;
  }
  return out;
}

struct TitlePhrase {
  Span span;
  std::vector<std::string> heads;  // the title words, exact forms
  std::string org, country;
  std::vector<std::string> countries;
  std::vector<int> orgs;  // indexes into FieldFindings::orgs
};

class OfficialsPass {
 public:
  OfficialsPass(const SentenceCursor& c, FieldFindings& f, ArticleState& state)
      : c_(c), f_(f), state_(state), vi_(c.vi()) {}

  void run(std::vector<PersonMention>& out);

 private:
  Span name_run(std::size_t i) const;
  bool looks_vietnamese(Span s) const;
  // Vietnamese syllables, with marks on at least one: a name in Vietnamese spelling.
  bool written_vietnamese(Span s) const;
  bool plausible_name(Span s, bool anchored_directly) const;
  std::optional<TitlePhrase> read_title(std::size_t i, std::size_t* name_at,
                                        bool allow_comma_list) const;
  void settle_title_orgs(TitlePhrase& tp);
  Role role_of(const TitlePhrase& tp, bool past) const;
  bool apposed_title_after(std::size_t i) const;
  bool past_before(std::size_t i) const;
  bool full_name_at(std::size_t i) const;
  bool english_qualifier(std::size_t i) const;
  void resolve_anaphor(Span s, const std::vector<std::string>& heads,
                       std::vector<PersonMention>& out);

  const SentenceCursor& c_;
  FieldFindings& f_;
  ArticleState& state_;
  bool vi_;
};

// A run of capitalised words from `i` that can be a personal name.
Span OfficialsPass::name_run(std::size_t i) const {
  const SentenceCursor& c = c_;
  std::size_t e = i;
  while (e < c.size() && e - i < 6) {
    const Word& w = c[e];
    // Abbreviations (`UBND`, `TP`) are not names, unless the whole sentence is in capitals.
    if (c.excluded(e) || !w.cap ||
        (w.upper && !w.single_letter && (vi_ || !c.all_caps_sentence(e))))
      break;
    if (vi_ && c.place(e) > 0) break;
    if (e > i && !(c.joined(e) || (w.gap == Word::dot && c[e - 1].single_letter))) break;
    if (f_.country_at[e] >= 0 || f_.org_at[e] >= 0) break;
    if (c.match(e, {PhraseKind::title, PhraseKind::rank, PhraseKind::honorific})) break;
    if (!vi_ && english_non_name(w.exact)) break;
    if (!vi_ && english_org_suffix(w.exact)) return {i, i};
    ++e;
  }
  // A romanised name's hyphenated tail: `Moon Jae-in`.
  if (e > i && e < c.size() && c[e].gap == Word::hyphen && !c[e].cap && c[e].exact.size() <= 3 &&
      !has_marks(c[e - 1]) && !looks_vietnamese_syllable(c[e - 1].exact) && !c.stop_at(e)) {
    ++e;
  }
  if (e == i) return {i, i};
  if (vi_ && e - i >= 2) {
    // Words with Vietnamese marks before a foreign name end what precedes it: `Người phát
    // ngôn Điện Kremlin Dmitry Peskov`.
    std::size_t k = i;
    while (k < e && has_marks(c[k])) ++k;
    if (k > i && e - k >= 2 && !looks_vietnamese(Span{k, e})) return {k, e};
    // A Vietnamese name starts with its family name; capitalised words before it name a place
    // (`Chủ tịch xã Hoà Liên Nguyễn Văn A`, `Hiệu trưởng trường THCS Quảng Cư Lê Thị B`).
    if (!c.surname(i) && written_vietnamese(Span{i, e})) {
      for (k = i + 1; k + 1 < e; ++k) {
        if (c.surname(k)) return {k, e};
      }
    }
  }
  if (e - i > 4) {
    // A longer run: the name starts at its last Vietnamese surname.
    std::size_t s = e;
    for (std::size_t k = e - 2; k > i; --k) {
      if (c.surname(k)) {
        s = k;
        break;
      }
    }
    if (s == e) return {i, i};
    return {s, e};
  }
  return {i, e};
}

bool OfficialsPass::looks_vietnamese(Span s) const {
  for (std::size_t k = s.b; k < s.e; ++k) {
    if (!has_marks(c_[k]) && !looks_vietnamese_syllable(c_[k].exact)) return false;
  }
  return true;
}

bool OfficialsPass::written_vietnamese(Span s) const {
  if (!looks_vietnamese(s)) return false;
  for (std::size_t k = s.b; k < s.e; ++k) {
    if (has_marks(c_[k])) return true;
  }
  return false;
}

bool OfficialsPass::plausible_name(Span s, bool anchored_directly) const {
  const SentenceCursor& c = c_;
  if (s.e <= s.b) return false;
  const std::size_t n = s.e - s.b;
  // A name ends at punctuation, a function word or a verb; a capitalised word followed by
  // lower-case words is the start of a phrase (`An ninh quốc gia`).
  const bool ends_cleanly = s.e >= c.size() || !c.joined(s.e) || c.stop_at(s.e) || !c[s.e].cap;
  if (!ends_cleanly) return false;
  if (vi_) {
    if (looks_vietnamese(s)) {
      if (n == 1) return anchored_directly && (s.e >= c.size() || !c.joined(s.e) || c.stop_at(s.e));
      // Two words or more: a family name first (`Hoà Liên`, `Kỳ Anh` are places); a name
      // without marks is a romanised one (`Hun Sen`, `Moon Jae In`), in its own order.
      return c.surname(s.b) || (anchored_directly && !written_vietnamese(s));
    }
    // A foreign name: one word only when nothing but punctuation or a stop word follows.
    if (n == 1) return s.e >= c.size() || !c.joined(s.e) || c.stop_at(s.e);
    return true;
  }
  for (std::size_t k = s.b; k < s.e; ++k) {
    if (english_non_name(c[k].exact)) return false;
  }
  return true;
}

// Reads a title and its complement (organisation, country, portfolio) from `i`; the
// complement stops where a name begins (`name_at`), at punctuation or a function word.
std::optional<TitlePhrase> OfficialsPass::read_title(std::size_t i, std::size_t* name_at,
                                                     bool allow_comma_list) const {
  const SentenceCursor& c = c_;
  const Phrase* t = c.match(i, {PhraseKind::title});
  if (!t) return std::nullopt;
  TitlePhrase tp;
  tp.span = {i, i + t->length};
  tp.heads.push_back(c.key_of(tp.span));
  std::size_t j = tp.span.e;
  if (name_at) *name_at = 0;
  std::size_t lower = 0;
  std::size_t safe_end = 0;  // where the title ended before a portfolio's commas
  // Words of no known kind were read (`xã Hoà Liên`, `chấp thuận đầu tư sân bay`): a single
  // word or a name without marks after them (`Sa Pa`) continues them, it is no one's name.
  bool loose = false;
  while (j < c.size() && !c.excluded(j)) {
    const Word& w = c[j];
    const bool comma = w.gap == Word::comma;
    if (!c.joined(j) && !comma) break;
    if (comma) {
      // A comma continues a title only into another title, a country list or the
      // lower-case words of a portfolio (`phụ trách lãnh sự, quốc hội`).
      if (const Phrase* t2 = c.match(j, {PhraseKind::title})) {
        if (!allow_comma_list) break;
        // "Chủ tịch, Tổng Giám đốc ..." shares one complement; "Ủy viên Bộ Chính trị,
        // Bộ trưởng ..." is two roles.
        if (tp.span.e - tp.span.b != t->length || t->length > 2) break;
        tp.heads.push_back(c.key_of(Span{j, j + t2->length}));
        j += t2->length;
        tp.span.e = j;
        continue;
      }
      if (f_.country_at[j] >= 0 && !tp.countries.empty()) {
        if (!allow_comma_list) break;
      } else if (!w.cap && !c.stop_at(j) && lower > 0) {
        if (safe_end == 0) safe_end = tp.span.e;
      } else {
        break;
      }
    }
    if (const Found* country = f_.country(j)) {
      tp.countries.push_back(country->code);
      j = country->words.e;
      tp.span.e = j;
      continue;
    }
    if (const Found* o = f_.org(j)) {
      tp.orgs.push_back(f_.org_at[j]);
      if (tp.org.empty()) tp.org = o->name;
      if (!o->code.empty() && o->org_key.empty()) {
        tp.countries.push_back(o->code);
      } else if (!o->code.empty() && tp.country.empty()) {
        tp.country = o->code;
      }
      j = o->words.e;
      tp.span.e = j;
      continue;
    }
    // A province, city, district or ward in the title (`Bí thư Thành ủy Hà Nội`, `Chủ tịch UBND
    // xã Đông Sơn`, `TP Hồ Chí Minh`).
    if (const std::size_t end = c.place_end(j); end > j) {
      j = end;
      tp.span.e = j;
      continue;
    }
    if (w.cap && c.place(j) > 0) {
      j += c.place(j);
      tp.span.e = j;
      continue;
    }
    if (w.cap) {
      const Span n = name_run(j);
      if (n.e > n.b && plausible_name(n, j == tp.span.e && !loose)) {
        if (name_at) *name_at = n.b;
        // Capitalised words before the name inside the run belong to the title.
        if (n.b > j) tp.span.e = n.b;
        break;
      }
      // A capitalised phrase in the title (an elliptical body: `An ninh quốc gia`).
      ++j;
      tp.span.e = j;
      loose = true;
      continue;
    }
    const bool of_country = w.exact == "của" && j + 1 < c.size() && f_.country_at[j + 1] >= 0;
    if ((c.stop_at(j) && !of_country) || w.exact == "và" || w.exact == "of" || w.upper) break;
    if (!vi_) break;  // English complements are capitalised
    if (++lower > 12) break;
    ++j;
    tp.span.e = j;
    loose = true;
  }
  if (!allow_comma_list && safe_end != 0 && name_at && *name_at == 0) tp.span.e = safe_end;
  // Trailing lower-case words that no name followed are not part of the title.
  if (!name_at || *name_at == 0) {
    while (tp.span.e > tp.span.b + t->length && !c[tp.span.e - 1].cap &&
           f_.country_at[tp.span.e - 1] < 0 && f_.org_at[tp.span.e - 1] < 0) {
      --tp.span.e;
    }
  }
  std::set<std::string> distinct(tp.countries.begin(), tp.countries.end());
  if (distinct.size() == 1) tp.country = *distinct.begin();
  return tp;
}

// A ministry named without its country inside the title of a foreign official is that
// country's: `Thứ trưởng Bộ Ngoại giao ... Iran`.
void OfficialsPass::settle_title_orgs(TitlePhrase& tp) {
  if (tp.country.empty()) return;
  for (int idx : tp.orgs) {
    Found& o = f_.orgs[static_cast<std::size_t>(idx)];
    if (o.org_key.empty() || o.code == tp.country) continue;
    if (o.org_kind != "ministry" && o.org_kind != "government") continue;
    o.org_key.clear();
    o.code = tp.country;
    o.name = c_.surface(o.words);
    o.base_key = c_.key_of(o.words);
    o.name_en.clear();
    tp.org = o.name;
  }
}

Role OfficialsPass::role_of(const TitlePhrase& tp, bool past) const {
  Role r;
  r.title = c_.surface(tp.span);
  r.org = tp.org;
  r.country = tp.country;
  r.past = past;
  return r;
}

// Whether a personal name starts at `i` and a title follows it after a comma.
bool OfficialsPass::apposed_title_after(std::size_t i) const {
  const SentenceCursor& c = c_;
  if (!c[i].cap || c[i].upper) return false;
  const Span n = name_run(i);
  if (n.b != i || n.e - n.b < 2 || n.e - n.b > 4 || n.e >= c.size()) return false;
  if (c[n.e].gap != Word::comma) return false;
  if (vi_ ? !c.surname(i) : english_non_name(c[i].exact)) return false;
  std::size_t t = n.e;
  if (const Phrase* p = c.match(t, {PhraseKind::past})) t += p->length;
  if (!vi_) {
    if (t < c.size() && in_list(c[t].exact, {"the", "a", "an"})) ++t;
    // Capitalised qualifiers before an English title: "the U.S. Treasury Secretary".
    while (t < c.size() && english_qualifier(t) && !c.match(t, {PhraseKind::title}) && t - n.e < 5)
      ++t;
  }
  return t < c.size() && c.match(t, {PhraseKind::title}) != nullptr && (!vi_ || c[t].cap);
}

// A word that qualifies an English title after it: a capitalised word (`Treasury`, `Lib Dem`)
// or a noun or adjective (`foreign`, `finance`), never a function word, a verb of speech, a
// past marker, a country or a body of the sentence's own.
bool OfficialsPass::english_qualifier(std::size_t i) const {
  const Word& w = c_[i];
  if (english_non_name(w.exact) || c_.match(i, {PhraseKind::past, PhraseKind::honorific}))
    return false;
  if (w.cap) return true;
  // Not the `s` of a possessive (`Brazil's finance minister`).
  return !w.single_letter && w.exact == w.folded && is_english_noun_or_adjective(w.exact);
}

// A name of two words or more starts at `i`, a Vietnamese one with its family name.
bool OfficialsPass::full_name_at(std::size_t i) const {
  if (i >= c_.size() || !c_[i].cap) return false;
  const Span n = name_run(i);
  return n.b == i && n.e - n.b >= 2 && plausible_name(n, false);
}

bool OfficialsPass::past_before(std::size_t i) const {
  return i > 0 && c_.match(i - 1, {PhraseKind::past}) != nullptr &&
         (c_.joined(i) || c_[i].gap == Word::start);
}

void OfficialsPass::run(std::vector<PersonMention>& out) {
  const SentenceCursor& c = c_;
  std::vector<bool> used(c.size(), false);
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c.excluded(i) || used[i]) continue;
    // Only a lexicon word (honorific, rank, title) or a capitalised one can start a person:
    // most words are neither, and need none of the work below.
    if (!c.has_phrase(i) && !c[i].cap) continue;
    // A headline in capitals has no case to tell names from words (`CHAIRMAN RESIGNS`).
    if (c[i].upper && c.all_caps_sentence(i)) continue;
    PersonMention pm;
    std::size_t name_b = 0;
    bool anchored = false;
    bool past = past_before(i);
    // Honorifics and ranks stack before a name or a title: `ngài Bộ trưởng`, `Đại tướng X`.
    std::size_t j = i;
    while (j < c.size()) {
      const Phrase* h = c.match(j, {PhraseKind::honorific, PhraseKind::rank});
      if (!h) break;
      if (h->kind == PhraseKind::honorific) {
        // Lower-case in Vietnamese (`ông`, `bà`), capitalised in English (`Mr`).
        if (vi_ && c[j].cap && !c[j].sentence_start && h->surface != "Ngài") break;
        pm.honorifics.push_back(c.surface(Span{j, j + h->length}));
      } else {
        // A rank in lower case (`thượng tướng Võ Văn Tuấn`) only before a full name.
        if (!c[j].cap && !(vi_ && full_name_at(j + h->length))) break;
        pm.ranks.push_back(c.surface(Span{j, j + h->length}));
      }
      j += h->length;
      if (j < c.size() && c[j].gap == Word::dot) {
        // `Mr. Baker`, `Gen. X`
      } else if (j < c.size() && !c.joined(j)) {
        j = c.size();
      }
      anchored = true;
    }
    if (j >= c.size()) continue;
    std::optional<TitlePhrase> title;
    if (!anchored && !c.match(j, {PhraseKind::title}) && apposed_title_after(j)) {
      // A name with its title in apposition and nothing before it: `Nguyễn Văn A, Giám
      // đốc Sở Y tế`, `Lee Iacocca, chairman of Chrysler`.
      name_b = j;
    } else if (anchored && !c.match(j, {PhraseKind::title})) {
      const Span n = name_run(j);
      if (n.b != j || !plausible_name(n, true)) continue;
      name_b = n.b;
    } else {
      // A Vietnamese title in lower case names someone only when a full name follows it
      // (`phó chủ tịch UBND tỉnh Nguyễn Văn A`, `thủ tướng Mark Rutte`); alone it is generic
      // (`các bộ trưởng`, `ông là giám đốc`). In English "chairman" follows the company.
      const bool lower_title = vi_ && !c[j].cap;
      if (j > 0 && c.joined(j) &&
          in_list(c[j - 1].exact, {"các", "những", "nhiều", "hai", "ba", "the", "a", "an"})) {
        if (!anchored) continue;
      }
      std::size_t at = 0;
      title = read_title(j, &at, false);
      if (!title) continue;
      // ... a Vietnamese name, or a foreign one whose country the title gives (`giám đốc
      // Agribank Krông Bông` is a branch).
      if (lower_title && (at == 0 || !full_name_at(at) ||
                          (!written_vietnamese(name_run(at)) && title->countries.empty())))
        continue;
      // English: `Argentina's economy minister, Roberto Lavagna, said`: the name in commas.
      if (at == 0 && !vi_ && title->span.e < c.size() && c[title->span.e].gap == Word::comma &&
          full_name_at(title->span.e)) {
        const Span n = name_run(title->span.e);
        if (n.e >= c.size() || c[n.e].gap == Word::comma || c[n.e].gap == Word::stop) {
          at = title->span.e;
        }
      }
      if (at == 0) {
        // A title with no name: a reference to the last named holder.
        if (vi_ && c[j].cap && title->span.e - title->span.b <= 3) {
          resolve_anaphor(Span{j, title->span.e}, title->heads, out);
        }
        i = title->span.e - 1;
        continue;
      }
      name_b = at;
      if (!vi_) {
        // English titles carry their qualifiers before them, capitalised or not: "Treasury
        // Secretary", "shadow foreign secretary", "Lib Dem home affairs spokesman"; a past
        // marker before them makes the role past ("former foreign secretary").
        std::size_t b = j;
        while (b > 0 && c.joined(b) && j - b < 4 && english_qualifier(b - 1)) --b;
        if (b < j) title->span.b = b;
        if (!past && past_before(b)) past = true;
      }
    }
    const Span n = name_run(name_b);
    if (n.e <= n.b) continue;
    pm.words = n;
    pm.name = c.surface(n);
    pm.key = c.key_of(n);
    pm.folded = c.folded_of(n);
    pm.vietnamese = looks_vietnamese(n);
    pm.sentence = c.sentence(n.b);
    pm.field = c.field();
    if (title) {
      settle_title_orgs(*title);
      pm.roles.push_back(role_of(*title, past));
      for (const auto& h : title->heads) pm.title_heads.push_back(h);
      if (!title->country.empty()) pm.country = title->country;
    }
    // After the name: `, Title ...` (appositions, one per role) or `(khi đó là Title ...)`.
    std::size_t k = n.e;
    while (k < c.size() && !c.excluded(k)) {
      // `, Title`; in English also `- Title`; in Vietnamese a spaced dash (`Trương Thanh
      // Hoài - cục trưởng Cục Công nghiệp`).
      const bool dash =
          c[k].gap == Word::hyphen && (!vi_ || c.gap_before(k).find(' ') != std::string_view::npos);
      if (c[k].gap == Word::comma || dash) {
        std::size_t t = k;
        bool was_past = false;
        if (const Phrase* p = c.match(t, {PhraseKind::past})) {
          was_past = true;
          t += p->length;
        } else if (!vi_ && in_list(c[t].exact, {"the", "a", "an"})) {
          ++t;
        }
        if (!vi_) {
          while (t < c.size() && english_qualifier(t) && !c.match(t, {PhraseKind::title}) &&
                 t - k < 5)
            ++t;
        }
        std::size_t at = 0;
        auto tp = read_title(t, &at, true);
        if (!tp || at != 0) break;
        if (!vi_) tp->span.b = k;
        settle_title_orgs(*tp);
        pm.roles.push_back(role_of(*tp, was_past));
        for (const auto& h : tp->heads) pm.title_heads.push_back(h);
        if (pm.country.empty() && !tp->country.empty()) pm.country = tp->country;
        k = tp->span.e;
        continue;
      }
      if (c[k].gap == Word::open_paren) {
        const Phrase* p = c.match(k, {PhraseKind::past});
        if (!p) break;
        std::size_t at = 0;
        auto tp = read_title(k + p->length, &at, true);
        if (!tp) break;
        pm.roles.push_back(role_of(*tp, true));
        k = tp->span.e;
        continue;
      }
      break;
    }
    if (pm.country.empty()) {
      for (const Role& r : pm.roles) {
        if (!r.country.empty()) {
          pm.country = r.country;
          break;
        }
      }
    }
    for (std::size_t u = i; u < std::max(k, n.e); ++u) used[u] = true;
    pm.mention = c.mention(pm.words, pm.kind);
    state_.persons.push_back(pm);
    out.push_back(std::move(pm));
    i = std::max(k, n.e) - 1;
  }
}

void OfficialsPass::resolve_anaphor(Span s, const std::vector<std::string>& heads,
                                    std::vector<PersonMention>& out) {
  const std::size_t here = c_.sentence(s.b);
  const PersonMention* best = nullptr;
  for (auto it = state_.persons.rbegin(); it != state_.persons.rend(); ++it) {
    bool match = false;
    for (const auto& h : it->title_heads) {
      for (const auto& q : heads) {
        if (h == q || h.rfind(q + " ", 0) == 0) match = true;
      }
    }
    if (!match) continue;
    if (!best) best = &*it;
    // Someone named in this same sentence is the speaker, not the one referred to.
    const bool same_sentence = it->sentence == here && it->field == c_.field();
    if (!same_sentence) {
      best = &*it;
      break;
    }
  }
  if (!best) return;
  PersonMention pm;
  pm.words = s;
  pm.name = best->name;
  pm.key = best->key;
  pm.folded = best->folded;
  pm.kind = "anaphor";
  pm.sentence = here;
  pm.field = c_.field();
  pm.vietnamese = best->vietnamese;
  pm.mention = c_.mention(s, pm.kind);
  out.push_back(std::move(pm));
}

}  // namespace

void find_officials(const SentenceCursor& c, FieldFindings& f, ArticleState& state,
                    std::vector<PersonMention>& out) {
  OfficialsPass(c, f, state).run(out);
}

void group_officials(const std::vector<PersonMention>& persons, bool vietnamese_article,
                     ArticleEntities& out) {
  struct Known {
    std::string folded, entity_key;
  };
  std::map<std::string, Known> person_key;  // name_key → its folded form and entity key
  auto key_for_person = [&](const PersonMention& p) -> std::string {
    const std::string& nk = p.key;
    if (auto it = person_key.find(nk); it != person_key.end()) return it->second.entity_key;
    if (!p.vietnamese && nk.find(' ') == std::string::npos) {
      // `Trump` after `Donald Trump`: the family name alone.
      for (const auto& [other, known] : person_key) {
        if (other.size() > nk.size() &&
            other.compare(other.size() - nk.size(), nk.size(), nk) == 0 &&
            other[other.size() - nk.size() - 1] == ' ' &&
            !out.at(known.entity_key).vietnamese_name) {
          person_key[nk] = known;
          return known.entity_key;
        }
      }
    }
    if (!p.vietnamese) {
      for (const auto& [other, known] : person_key) {
        const Entity& e = out.at(known.entity_key);
        if (!e.vietnamese_name && folded_name_variants(known.folded, p.folded) &&
            (p.country.empty() || e.code.empty() || p.country == e.code)) {
          person_key[nk] = Known{p.folded, known.entity_key};
          return known.entity_key;
        }
      }
    }
    const std::string key = "official:" + nk;
    person_key[nk] = Known{p.folded, key};
    return key;
  };
  std::vector<std::string> keys;
  // Full names first, so that a family name alone finds its full name wherever it stands;
  // then people named with an honorific only, who join a titled person of that name.
  for (int pass = 0; pass < 3; ++pass) {
    for (const PersonMention& p : persons) {
      const bool titled = !p.roles.empty() || !p.ranks.empty();
      const bool one_word = p.key.find(' ') == std::string::npos;
      if (pass == 0 && (!titled || one_word)) continue;
      if (pass == 1 && (!titled || !one_word)) continue;
      if (pass == 2 && titled) continue;
      if (pass == 2) {
        bool known = person_key.count(p.key) > 0;
        if (!known && !p.vietnamese) {
          for (const auto& [other, k] : person_key) {
            if (folded_name_variants(k.folded, p.folded)) known = true;
          }
        }
        if (!known) continue;
      }
      const std::string key = key_for_person(p);
      Entity& e = out.get(key, EntityType::official);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
      if (e.name.empty()) e.name = p.name;
      e.vietnamese_name = p.vietnamese;
      if (e.code.empty()) e.code = p.country;
      if (p.mention.kind != "anaphor") add_unique(e.aliases, p.name);
      e.mentions.push_back(p.mention);
      for (const Role& r : p.roles) {
        bool dup = false;
        for (const Role& q : e.roles) dup = dup || (q.title == r.title && q.past == r.past);
        if (!dup) e.roles.push_back(r);
      }
      for (const auto& h : p.honorifics) add_unique(e.honorifics, h);
      for (const auto& r : p.ranks) add_unique(e.ranks, r);
    }
  }
  for (const std::string& key : keys) {
    Entity& e = out.at(key);
    if (e.code.empty()) {
      for (const Role& r : e.roles) {
        if (!r.country.empty()) {
          e.code = r.country;
          break;
        }
      }
    }
    // A bare title adds nothing to a fuller one it begins: `Bộ trưởng` beside
    // `Bộ trưởng Bộ Công an`.
    std::vector<Role> kept;
    for (const Role& r : e.roles) {
      bool covered = false;
      for (const Role& q : e.roles) {
        covered = covered || (&q != &r && q.past == r.past && q.title.size() > r.title.size() &&
                              q.title.rfind(r.title, 0) == 0);
      }
      if (!covered) kept.push_back(r);
    }
    e.roles = std::move(kept);
    // A bare domestic title in the Vietnamese press is a Vietnamese office.
    e.code_from_title = !e.code.empty();
    if (e.code.empty() && vietnamese_article && e.vietnamese_name) e.code = "VN";
  }
}

}  // namespace corpus::extraction

namespace corpus {

bool foreign_name_variants(std::string_view a, std::string_view b, Normalizer& norm) {
  return folded_name_variants(folded_key(a, norm), folded_key(b, norm));
}

bool folded_name_variants(const std::string& a, const std::string& b) {
  const auto wa = extraction::split_key(a);
  const auto wb = extraction::split_key(b);
  if (wa.size() != wb.size() || wa.empty()) return false;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < wa.size(); ++i) {
    if (wa[i] == wb[i]) continue;
    // One edit per word, and never on a word too short for an edit to be a spelling.
    if (wa[i].size() < 4 || wb[i].size() < 4 || extraction::edit_distance(wa[i], wb[i]) > 1)
      return false;
    ++differing;
  }
  return differing > 0;
}

}  // namespace corpus
