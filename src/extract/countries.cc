#include "corpus/extract/countries.h"

namespace corpus::extraction {

namespace {

// The start of a long form ending at the country name at `i`: `Cộng hòa (Xã hội chủ
// nghĩa|Hồi giáo|...) X`, `(Islamic|Federal) Republic of X`, `Kingdom of X`; `i` if none.
std::size_t extend_long_form(const SentenceCursor& c, std::size_t i) {
  std::size_t b = i;
  // Vietnamese: qualifiers between "Cộng hòa" and the name.
  std::size_t k = i;
  int steps = 0;
  while (k > 0 && c.joined(k) && steps < 5) {
    // Folded forms: `hòa` and `hoà` alike.
    const std::string_view w = c[k - 1].folded;
    if (w == "hoa" && k >= 2 && c.joined(k - 1) && c[k - 2].folded == "cong" && c[k - 2].cap) {
      b = k - 2;
      break;
    }
    if (!in_list(w, {"xa", "hoi", "chu", "nghia", "giao", "dan", "nhan", "lien", "bang", "a", "rap",
                     "thong", "nhat", "hop", "chung", "quoc"}))
      break;
    --k;
    ++steps;
  }
  if (b != i) return b;
  if (i >= 2 && c.joined(i) && c[i - 1].exact == "of" && c.joined(i - 1) &&
      in_list(c[i - 2].exact, {"republic", "kingdom", "federation", "state", "sultanate", "emirate",
                               "commonwealth"}) &&
      c[i - 2].cap) {
    b = i - 2;
    while (b > 0 && c.joined(b) && c[b - 1].cap && !c[b - 1].sentence_start && i - b < 5) --b;
  }
  return b;
}

}  // namespace

void find_countries(const SentenceCursor& c, FieldFindings& f, ArticleState& state) {
  const bool vi = c.vi();
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c.excluded(i)) continue;
    const Phrase* p = c.match(i, {PhraseKind::country});
    if (!p) continue;
    const std::size_t e = i + p->length;
    // One Vietnamese syllable (`Nga`, `Lào`, `Đức`) is also a given name or part of a place
    // name (`Nga Sơn`, `Lào Cai`): the same care as the supplement's short names.
    const bool one_syllable =
        p->length == 1 && vi && (has_marks(c[i]) || looks_vietnamese_syllable(c[i].exact));
    if (p->short_name || one_syllable) {
      if (c.name_context_before(i) || c.name_after(e)) continue;
      if (p->pronoun && c[i].sentence_start) continue;
      // `anh`, `ý`, `mỹ` after an honorific or before a verb of speech are people.
      if (i > 0 && c.joined(i) && in_list(c[i - 1].exact, {"ông", "bà", "chị", "em", "cô"}))
        continue;
    }
    // A name in a run of capitalised words (`Air France`, `Chad Smith`) is not the country;
    // only for the short names, the longer ones are not personal names.
    if (p->length == 1 && !vi && c.name_context_before(i) && c[i].gap == Word::space &&
        !english_non_name(c[i - 1].exact) && !c[i - 1].upper && !p->adjective) {
      if (!c.match(i - 1, {PhraseKind::title, PhraseKind::org})) continue;
    }
    // Headlines in capitals: a two-letter abbreviation there is as likely a word (`US`).
    if (c[i].upper && p->words.size() == 1 && p->words[0].size() <= 2 && c.all_caps_sentence(i))
      continue;
    Found found;
    found.type = EntityType::country;
    found.words = Span{extend_long_form(c, i), e};
    found.code = p->code;
    if (p->adjective) found.kind = "adjective";
    found.name = c.surface(found.words);
    for (std::size_t k = found.words.b; k < found.words.e; ++k) {
      f.country_at[k] = static_cast<int>(f.countries.size());
    }
    f.countries.push_back(std::move(found));
    if (p->code != "VN") state.last_foreign_country = p->code;
    i = e - 1;
  }
}

void add_countries(const SentenceCursor& c, const FieldFindings& f, ArticleEntities& out) {
  const Gazetteer& gaz = c.gaz();
  for (const Found& found : f.countries) {
    const CountryInfo* info = gaz.country(found.code);
    Entity& e = out.get("country:" + found.code, EntityType::country);
    e.code = found.code;
    e.name = info ? info->name_vi : found.code;
    e.name_en = info ? info->name_en : "";
    e.mentions.push_back(c.mention(found.words, found.kind));
    add_unique(e.aliases, c.surface(found.words));
  }
}

}  // namespace corpus::extraction
