#include "corpus/extract.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <set>

#include "corpus/text.h"

namespace corpus {

std::string_view to_string(EntityType t) {
  switch (t) {
    case EntityType::country: return "country";
    case EntityType::official: return "official";
    case EntityType::org: return "org";
    case EntityType::agreement: return "agreement";
  }
  return "country";
}

std::optional<EntityType> entity_type_from_string(std::string_view s) {
  if (s == "country") return EntityType::country;
  if (s == "official") return EntityType::official;
  if (s == "org" || s == "organisation" || s == "organization") return EntityType::org;
  if (s == "agreement") return EntityType::agreement;
  return std::nullopt;
}

std::string_view to_string(Field f) {
  switch (f) {
    case Field::title: return "title";
    case Field::lead: return "lead";
    case Field::body: return "body";
  }
  return "body";
}

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

bool has_marks(const Word& w) { return w.exact != w.folded; }

constexpr std::string_view kOrgSuffixesEn[] = {
    "corp", "corporation", "inc", "co", "ltd", "plc", "group", "bank", "ministry", "agency",
    "commission", "council", "organization", "organisation", "association", "party", "board",
    "fund", "authority", "exchange", "union", "department", "institute", "company", "airlines",
    "ag", "sa", "nv", "bv", "gmbh", "spa", "federation", "office", "service", "bureau"};
std::string agreement_kind_of(const std::string& head_key) {
  if (head_key == "công ước" || head_key == "convention") return "convention";
  if (head_key == "hiệp ước" || head_key == "treaty" || head_key == "pact") return "treaty";
  if (head_key == "nghị định thư" || head_key == "protocol") return "protocol";
  if (head_key == "bản ghi nhớ" || head_key.rfind("memorandum", 0) == 0) return "memorandum";
  if (head_key == "tuyên bố chung") return "joint statement";
  if (head_key == "hiến chương" || head_key == "charter") return "charter";
  return "agreement";
}

// English words that look like names at a sentence start but are not.
constexpr std::string_view kEnglishNonNames[] = {
    "the", "a", "an", "in", "on", "at", "for", "but", "and", "or", "of", "to", "by", "with",
    "he", "she", "it", "they", "we", "i", "this", "that", "these", "those", "his", "her", "its",
    "their", "our", "mr", "mrs", "ms", "dr", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "said", "says", "after",
    "before", "under", "as", "if", "when", "while", "since", "reuters", "ap", "afp"};

bool english_non_name(std::string_view exact) {
  return std::find(std::begin(kEnglishNonNames), std::end(kEnglishNonNames), exact) !=
         std::end(kEnglishNonNames);
}

bool in_list(std::string_view exact, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), exact) != list.end();
}

struct Span {
  std::size_t b = 0, e = 0;  // words [b, e)
};

// A mention found in one field, before entities are grouped.
struct Found {
  EntityType type = EntityType::country;
  Span words;
  std::string kind = "name";
  std::string code;  // country / org country
  std::string org_key;
  std::string name;  // surface (or canonical for known orgs)
  // name_key() of an organisation's name without the country written after it.
  std::string base_key;
  std::string name_en;
  std::string org_kind;
};

struct PersonMention {
  Span words;
  std::string name;
  std::string key, folded;  // name_key() and folded_key() of the name
  std::vector<Role> roles;
  std::vector<std::string> honorifics, ranks;
  std::vector<std::string> title_heads;  // exact forms of the title words, for anaphora
  std::string country;
  std::size_t sentence = 0;
  Field field = Field::body;
  bool vietnamese = false;
  std::string kind = "name";
};

struct AgreementMention {
  Span words;
  std::string core, full, alias, head_key;
  std::vector<std::string> folded_names;  // folded core and alias, for grouping
  bool proper = false;  // a capitalised word besides the head: a name, not a topic
  std::vector<std::string> parties;
  std::string status, year;
  bool parties_from_clause = false;
};

}  // namespace

// Per-word working memory, kept by the extractor from one text to the next: allocating it
// afresh for every title, lead and body was a measurable part of extraction.
struct ExtractScratch {
  std::vector<Word> words;
  std::vector<bool> excluded, stop, surname, caps_sentences;
  std::vector<std::uint8_t> place;
  std::vector<int> country_at, org_at;
  std::vector<std::size_t> sentence;
  std::vector<std::uint32_t> hit_of;
  std::vector<Gazetteer::KindMatches> hits;
  std::vector<const WordInfo*> info;
};

namespace {

// All the rules for one text (title, lead or body); state that spans the article lives in
// `ArticleState`.
struct ArticleState {
  std::vector<PersonMention> persons;  // every named person so far, in order
  std::string last_foreign_country;      // in the fields read so far
  std::string previous_foreign_country;  // as it was before the current field
};

class FieldPass {
 public:
  FieldPass(const Gazetteer& gaz, Normalizer& norm, const Article& a, std::string_view text,
            const PreparedText* tokens, Field field, ArticleState& state, ExtractScratch& scratch)
      : gaz_(gaz), norm_(norm), text_(text), field_(field), state_(state),
        vi_(a.lang == "vi"),
        own_tokens_(tokens ? PreparedText{} : prepare_document(norm, text)),
        words_(scratch.words), excluded_(scratch.excluded), country_at_(scratch.country_at),
        org_at_(scratch.org_at), sentence_(scratch.sentence), hits_(scratch.hits), hit_of_(scratch.hit_of),
        stop_(scratch.stop), surname_(scratch.surname), caps_sentences_(scratch.caps_sentences),
        place_(scratch.place), info_(scratch.info) {
    split_words(text, tokens ? *tokens : own_tokens_, words_);
    hits_.clear();
    excluded_.assign(words_.size(), false);
    country_at_.assign(words_.size(), -1);
    org_at_.assign(words_.size(), -1);
    sentence_.assign(words_.size(), 0);
    std::size_t s = 0;
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (i > 0 && words_[i].sentence_start) ++s;
      sentence_[i] = s;
    }
    caps_sentences_.assign(words_.empty() ? 0 : sentence_.back() + 1, false);
    for (std::size_t b = 0; b < words_.size();) {
      std::size_t e = b, upper = 0;
      for (; e < words_.size() && sentence_[e] == sentence_[b]; ++e) {
        if (words_[e].upper || (words_[e].single_letter && words_[e].cap)) ++upper;
      }
      if (e - b >= 3 && upper * 10 >= (e - b) * 8) caps_sentences_[sentence_[b]] = true;
      b = e;
    }
    // Every rule asks the gazetteer about the same few words again and again: ask once.
    hit_of_.assign(words_.size(), 0);
    stop_.assign(words_.size(), false);
    surname_.assign(words_.size(), false);
    place_.assign(words_.size(), 0);
    info_.resize(words_.size());
    for (std::size_t i = 0; i < words_.size(); ++i) {
      const WordInfo* info = info_[i] = gaz_.word_info(words_[i].exact);
      if (!info) continue;
      if (!info->phrases.empty()) {
        Gazetteer::KindMatches m;
        gaz_.match_all(info, words_, i, m, vi_ ? "vi" : "en");
        if (std::any_of(m.begin(), m.end(), [](const Phrase* p) { return p != nullptr; })) {
          hits_.push_back(m);
          hit_of_[i] = static_cast<std::uint32_t>(hits_.size());
        }
      }
      surname_[i] = info->surname;
      if (info->place_start) place_[i] = static_cast<std::uint8_t>(gaz_.place_at(words_, i));
      if (info->stop) {
        stop_[i] = true;
      } else if (info->stop_start && i + 1 < words_.size() && joined(i + 1)) {
        stop_[i] = gaz_.is_stop_pair(words_[i].exact, words_[i + 1].exact);
      }
    }
  }

  // The longest of the phrases of these kinds at words_[i].
  const Phrase* match(std::size_t i, std::initializer_list<PhraseKind> kinds) const {
    if (i >= words_.size() || hit_of_[i] == 0) return nullptr;
    const Gazetteer::KindMatches& at = hits_[hit_of_[i] - 1];
    const Phrase* best = nullptr;
    for (PhraseKind k : kinds) {
      const Phrase* p = at[static_cast<std::size_t>(k)];
      if (p && (!best || p->length > best->length)) best = p;
    }
    return best;
  }

  void run(std::vector<Found>& found, std::vector<PersonMention>& persons,
           std::vector<AgreementMention>& agreements) {
    state_.previous_foreign_country = state_.last_foreign_country;
    mark_bylines();
    find_countries();
    find_orgs();
    find_persons(persons);
    find_agreements(agreements);
    for (const Found& f : countries_) found.push_back(f);
    for (const Found& f : orgs_) found.push_back(f);
  }

  // name_key() / folded_key() of the words in `s`, from forms already at hand.
  std::string key_of(Span s) const { return joined_forms(s, &Word::exact); }
  std::string folded_of(Span s) const { return joined_forms(s, &Word::folded); }
  std::string joined_forms(Span s, std::string_view Word::*form) const {
    std::string out;
    for (std::size_t k = s.b; k < s.e; ++k) {
      if (k > s.b) out += ' ';
      out += words_[k].*form;
    }
    return out;
  }

  std::string_view raw(Span s) const {
    return text_.substr(words_[s.b].begin, words_[s.e - 1].end - words_[s.b].begin);
  }
  // A name as written, with white space (a wrapped line) as one space.
  std::string surface(Span s) const {
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
  // Mentions keep the exact slice their offsets give.
  Mention mention(Span s, std::string kind) const {
    return Mention{field_, words_[s.b].begin, words_[s.e - 1].end, std::move(kind), std::string(raw(s))};
  }

 private:
  bool joined(std::size_t i) const {  // words_[i] follows words_[i-1] within a phrase
    return i < words_.size() && (words_[i].gap == Word::space || words_[i].gap == Word::hyphen);
  }
  bool stop_at(std::size_t i) const { return i >= words_.size() || stop_[i]; }
  bool colon_after(std::size_t i) const {
    if (i + 1 >= words_.size()) return false;
    const auto gap = text_.substr(words_[i].end, words_[i + 1].begin - words_[i].end);
    return gap.find(':') != std::string_view::npos;
  }
  // A word in the fine print of a photo credit or source line: `Ảnh: Phạm Kiên/TTXVN`.
  void mark_bylines() {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      const std::string_view w = words_[i].exact;
      if (!words_[i].cap || !colon_after(i)) continue;
      if (!in_list(w, {"ảnh", "nguồn", "photo", "source", "video", "clip", "đồ", "họa", "hoạ",
                       "graphic", "credit", "theo"}))
        continue;
      for (std::size_t j = i; j < words_.size(); ++j) {
        if (j > i && words_[j].gap == Word::stop && text_.substr(words_[j - 1].end, words_[j].begin - words_[j - 1].end).find('\n') != std::string_view::npos) break;
        excluded_[j] = true;
      }
    }
  }

  bool name_context_before(std::size_t i) const {
    // A capitalised word right before, not at a sentence start: part of a name.
    return i > 0 && joined(i) && words_[i - 1].cap && !words_[i - 1].sentence_start;
  }
  // A capitalised word right after that continues a personal or place name: `Mỹ Tho`,
  // `Lào Cai`; in English any such word (`Chad Smith`).
  bool name_after(std::size_t e) const {
    if (e >= words_.size() || !joined(e) || !words_[e].cap) return false;
    if (match(e, {PhraseKind::country, PhraseKind::title, PhraseKind::org})) return false;
    if (!vi_) return !english_non_name(words_[e].exact);
    return has_marks(words_[e]) || looks_vietnamese_syllable(words_[e].exact);
  }

  void find_countries() {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (excluded_[i]) continue;
      const Phrase* p = match(i, {PhraseKind::country});
      if (!p) continue;
      const std::size_t e = i + p->length;
      // One Vietnamese syllable (`Nga`, `Lào`, `Đức`) is also a given name or part of a place
      // name (`Nga Sơn`, `Lào Cai`): the same care as the supplement's short names.
      const bool one_syllable = p->length == 1 && vi_ &&
                                (has_marks(words_[i]) || looks_vietnamese_syllable(words_[i].exact));
      if (p->short_name || one_syllable) {
        if (name_context_before(i) || name_after(e)) continue;
        if (p->pronoun && words_[i].sentence_start) continue;
        // `anh`, `ý`, `mỹ` after an honorific or before a verb of speech are people.
        if (i > 0 && joined(i) && in_list(words_[i - 1].exact, {"ông", "bà", "chị", "em", "cô"})) continue;
      }
      // A name in a run of capitalised words (`Air France`, `Chad Smith`) is not the country;
      // only for the short names, the longer ones are not personal names.
      if (p->length == 1 && !vi_ && name_context_before(i) && words_[i].gap == Word::space &&
          !english_non_name(words_[i - 1].exact) && !words_[i - 1].upper && !p->adjective) {
        if (!match(i - 1, {PhraseKind::title, PhraseKind::org})) continue;
      }
      // Headlines in capitals: a two-letter abbreviation there is as likely a word (`US`).
      if (words_[i].upper && p->words.size() == 1 && p->words[0].size() <= 2 && all_caps_sentence(i)) continue;
      Span s{i, e};
      // The long form: `Cộng hòa (Xã hội chủ nghĩa|Hồi giáo|...) X`, `Republic of X`.
      s.b = extend_long_form(i);
      Found f;
      f.type = EntityType::country;
      f.words = s;
      f.code = p->code;
      if (p->adjective) f.kind = "adjective";
      f.name = surface(s);
      for (std::size_t k = s.b; k < s.e; ++k) country_at_[k] = static_cast<int>(countries_.size());
      countries_.push_back(std::move(f));
      if (p->code != "VN") state_.last_foreign_country = p->code;
      i = e - 1;
    }
  }

  // A sentence of three or more words, 80% of them in capitals: a headline or a table.
  bool all_caps_sentence(std::size_t i) const { return caps_sentences_[sentence_[i]]; }

  std::size_t extend_long_form(std::size_t i) const {
    std::size_t b = i;
    // Vietnamese: qualifiers between "Cộng hòa" and the name.
    std::size_t k = i;
    int steps = 0;
    while (k > 0 && joined(k) && steps < 5) {
      // Folded forms: `hòa` and `hoà` alike.
      const std::string_view w = words_[k - 1].folded;
      if (w == "hoa" && k >= 2 && joined(k - 1) && words_[k - 2].folded == "cong" && words_[k - 2].cap) {
        b = k - 2;
        break;
      }
      if (!in_list(w, {"xa", "hoi", "chu", "nghia", "giao", "dan", "nhan", "lien", "bang", "a",
                       "rap", "thong", "nhat", "hop", "chung", "quoc"}))
        break;
      --k;
      ++steps;
    }
    if (b != i) return b;
    // English: "(Islamic|Federal|People's) Republic of X", "Kingdom of X".
    if (i >= 2 && joined(i) && words_[i - 1].exact == "of" && joined(i - 1) &&
        in_list(words_[i - 2].exact, {"republic", "kingdom", "federation", "state", "sultanate",
                                      "emirate", "commonwealth"}) &&
        words_[i - 2].cap) {
      b = i - 2;
      while (b > 0 && joined(b) && words_[b - 1].cap && !words_[b - 1].sentence_start && i - b < 5) --b;
    }
    return b;
  }

  // Known organisations, then organisations by the shape of their names.
  void find_orgs() {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (excluded_[i] || org_at_[i] >= 0) continue;
      // A known name is a lexicon word, any other begins with a capital.
      if (hit_of_[i] == 0 && !words_[i].cap) continue;
      if (country_at_[i] >= 0 && !match(i, {PhraseKind::org})) continue;
      Found f;
      f.type = EntityType::org;
      f.words = {i, i};
      const Phrase* known = match(i, {PhraseKind::org});
      Span generic = vi_ || has_marks(words_[i]) ? generic_org_vi(i) : generic_org_en(i);
      if (known) {
        Span s{i, i + known->length};
        // Its country written after it: the same body (`Bộ Công an Việt Nam`), or another
        // country's body of that name (`Bộ Nội vụ Cộng hòa Mozambique`).
        std::string explicit_country;
        if (s.e < words_.size() && joined(s.e) && country_at_[s.e] >= 0) {
          const Found& c = countries_[country_at_[s.e]];
          explicit_country = c.code;
          s.e = c.words.e;
        }
        bool longer = false;
        for (std::size_t k = s.e; k < generic.e; ++k) longer = longer || words_[k].cap;
        if (longer) {
          // a longer name that starts the same way: `Bộ Tư pháp và Hiến pháp`
        } else if (!explicit_country.empty() && !known->code.empty() && explicit_country != known->code) {
          generic = s;
        } else {
          const OrgInfo* info = gaz_.org(known->key);
          f.words = s;
          f.org_key = known->key;
          f.name = info->name_vi;
          f.name_en = info->name_en;
          f.code = info->country;
          f.org_kind = info->kind;
          f.kind = words_[i].upper && known->length == 1 ? "abbrev" : "name";
          const std::string ctx = explicit_country.empty() ? context_country(i) : std::string();
          if (!ctx.empty() && (info->kind == "ministry" || info->kind == "government") && ctx != info->country) {
            // Another country's ministry of the same name, named by the context.
            f.org_key.clear();
            f.code = ctx;
            f.name = surface(Span{i, i + known->length});
            f.base_key = key_of(Span{i, i + known->length});
            f.name_en.clear();
          }
          add_org(std::move(f));
          i = s.e - 1;
          continue;
        }
      }
      if (generic.e <= generic.b) continue;
      f.words = generic;
      f.name = surface(generic);
      std::size_t base_end = generic.e;
      for (std::size_t k = generic.b; k < generic.e; ++k) {
        if (country_at_[k] >= 0) {
          f.code = countries_[country_at_[k]].code;
          if (countries_[country_at_[k]].words.e == generic.e) {
            base_end = std::min(base_end, countries_[country_at_[k]].words.b);
          }
        }
      }
      f.base_key = key_of(base_end > generic.b ? Span{generic.b, base_end} : generic);
      if (f.code.empty()) f.code = context_country(i);
      if (f.code.empty() && vi_ && in_list(words_[i].exact, {"bộ", "cục", "tổng", "sở", "ủy", "uỷ", "ban", "chính", "quốc"})) {
        f.code = "VN";
      }
      add_org(std::move(f));
      i = generic.e - 1;
    }
  }

  void add_org(Found f) {
    for (std::size_t k = f.words.b; k < f.words.e; ++k) {
      if (org_at_[k] < 0) org_at_[k] = static_cast<int>(orgs_.size());
    }
    orgs_.push_back(std::move(f));
  }

  // The foreign country an unqualified ministry belongs to: one named shortly before in the
  // same sentence, with only a list of bodies in between (`... pháp luật Iran (Bộ Nội vụ,
  // Bộ Quốc phòng ...)`).
  std::string context_country(std::size_t i) const {
    for (std::size_t k = i, steps = 0; k > 0 && steps < 10; --k, ++steps) {
      const std::size_t j = k - 1;
      if (sentence_[j] != sentence_[i]) break;
      if (country_at_[j] >= 0) {
        const Found& c = countries_[country_at_[j]];
        return c.code == "VN" ? std::string() : c.code;
      }
      if (org_at_[j] >= 0) {
        const Found& o = orgs_[org_at_[j]];
        if (o.org_key.empty() && !o.code.empty() && o.code != "VN") return o.code;
        k = o.words.b + 1;
        continue;
      }
      if (words_[j].cap) break;
    }
    return {};
  }

  Span generic_org_vi(std::size_t i) const {
    if (!words_[i].cap) return {i, i};
    if (i > 0 && joined(i) && in_list(words_[i - 1].exact, {"các", "những", "nhiều", "hai", "mỗi"})) return {i, i};
    const std::size_t head_len = org_head_len(i);
    if (head_len == 0) return {i, i};
    std::size_t j = i + head_len;
    if (j >= words_.size() || !joined(j)) return {i, i};
    const bool cap_after = words_[j].cap;
    std::size_t lower_run = 0;
    std::size_t lower_total = 0;
    std::size_t end = j;
    bool saw_country = false;
    while (j < words_.size() && joined(j) && !excluded_[j]) {
      if (country_at_[j] >= 0) {
        j = countries_[country_at_[j]].words.e;
        end = j;
        saw_country = true;
        break;
      }
      const Word& w = words_[j];
      if (w.cap) {
        if (match(j, {PhraseKind::title, PhraseKind::rank})) break;
        if (j > i + head_len && surname_[j] && j + 1 < words_.size() && joined(j + 1) &&
            words_[j + 1].cap)
          break;
        if (j > i + head_len && org_head_at(j)) break;
        lower_run = 0;
        ++j;
        end = j;
        continue;
      }
      if (w.exact == "và" && j + 1 < words_.size() && joined(j + 1) && words_[j + 1].cap &&
          !match(j + 1, {PhraseKind::title, PhraseKind::rank}) && !org_head_at(j + 1)) {
        j += 1;
        continue;
      }
      if (stop_at(j) || w.exact == "và") break;
      if (w.upper || !text::has_word(w.exact)) break;
      // Lower-case words finish a Vietnamese compound (`Công an`, `Nội vụ`), never a
      // foreign name (`Ericsson chia sẻ`).
      if (j > i + head_len && words_[j - 1].cap && !has_marks(words_[j - 1]) &&
          !looks_vietnamese_syllable(words_[j - 1].exact))
        break;
      ++lower_run;
      ++lower_total;
      if (lower_run > 4) break;
      ++j;
      if (cap_after) end = j;
    }
    if (!cap_after && !saw_country) return {i, i};
    if (!cap_after && lower_total > 4) return {i, i};
    if (end <= i + head_len) return {i, i};
    return {i, end};
  }

  // The length of an organisation head word (`Bộ`, `Công ty`, `Tổng cục`) at `j`, 0 if none.
  std::size_t org_head_len(std::size_t j) const { return gaz_.head_at(info_[j], words_, j, HeadKind::org); }

  // A capitalised head followed by a capitalised word: another organisation begins.
  bool org_head_at(std::size_t j) const {
    if (!words_[j].cap) return false;
    const std::size_t n = org_head_len(j);
    return n > 0 && j + n < words_.size() && joined(j + n) && words_[j + n].cap;
  }

  Span generic_org_en(std::size_t i) const {
    if (!words_[i].cap || (words_[i].upper && all_caps_sentence(i))) return {i, i};
    if (english_non_name(words_[i].exact) && words_[i].sentence_start) return {i, i};
    // "Ministry of Finance", "Bank of Japan"
    if (in_list(words_[i].exact, {"ministry", "department", "bank", "bureau", "office"}) &&
        i + 2 < words_.size() && joined(i + 1) && words_[i + 1].exact == "of" && joined(i + 2) &&
        words_[i + 2].cap) {
      std::size_t e = i + 2;
      while (e < words_.size() && joined(e) && (words_[e].cap || (words_[e].exact == "and" && e + 1 < words_.size() && words_[e + 1].cap))) ++e;
      return {i, e};
    }
    // A run of capitalised words ending in a company or body word: "Chrysler Corp"; not one
    // that starts with such a word ("Co Inc" after a name the run missed).
    if (std::find(std::begin(kOrgSuffixesEn), std::end(kOrgSuffixesEn), words_[i].exact) != std::end(kOrgSuffixesEn)) {
      return {i, i};
    }
    if (i > 0 && joined(i) && words_[i - 1].cap) return {i, i};  // inside a longer run
    std::size_t e = i;
    while (e < words_.size() && (e == i || joined(e)) && words_[e].cap && e - i < 6) {
      const std::string_view w = words_[e].exact;
      if (e > i && std::find(std::begin(kOrgSuffixesEn), std::end(kOrgSuffixesEn), w) != std::end(kOrgSuffixesEn)) {
        return {i, e + 1};
      }
      if (match(e, {PhraseKind::title})) break;
      ++e;
    }
    return {i, i};
  }

  // --- officials ---------------------------------------------------------------------------

  // A run of capitalised words from `i` that can be a personal name.
  Span name_run(std::size_t i) const {
    std::size_t e = i;
    while (e < words_.size() && e - i < 6) {
      const Word& w = words_[e];
      // Abbreviations (`UBND`, `TP`) are not names, unless the whole sentence is in capitals.
      if (excluded_[e] || !w.cap || (w.upper && !w.single_letter && (vi_ || !all_caps_sentence(e)))) break;
      if (vi_ && place_[e] > 0) break;
      if (e > i && !(joined(e) || (w.gap == Word::dot && words_[e - 1].single_letter))) break;
      if (country_at_[e] >= 0 || org_at_[e] >= 0) break;
      if (match(e, {PhraseKind::title, PhraseKind::rank, PhraseKind::honorific})) break;
      if (!vi_ && english_non_name(w.exact)) break;
      if (!vi_ && std::find(std::begin(kOrgSuffixesEn), std::end(kOrgSuffixesEn), w.exact) != std::end(kOrgSuffixesEn)) return {i, i};
      ++e;
    }
    // A romanised name's hyphenated tail: `Moon Jae-in`.
    if (e > i && e < words_.size() && words_[e].gap == Word::hyphen && !words_[e].cap && words_[e].exact.size() <= 3 &&
        !has_marks(words_[e - 1]) && !looks_vietnamese_syllable(words_[e - 1].exact) && !stop_at(e)) {
      ++e;
    }
    if (e == i) return {i, i};
    if (e - i > 4) {
      // A longer run: the name starts at its last Vietnamese surname.
      std::size_t s = e;
      for (std::size_t k = e - 2; k > i; --k) {
        if (surname_[k]) {
          s = k;
          break;
        }
      }
      if (s == e) return {i, i};
      return {s, e};
    }
    return {i, e};
  }

  bool looks_vietnamese(Span s) const {
    for (std::size_t k = s.b; k < s.e; ++k) {
      if (!has_marks(words_[k]) && !looks_vietnamese_syllable(words_[k].exact)) return false;
    }
    return true;
  }

  bool plausible_name(Span s, bool anchored_directly) const {
    if (s.e <= s.b) return false;
    const std::size_t n = s.e - s.b;
    // A name ends at punctuation, a function word or a verb; a capitalised word followed by
    // lower-case words is the start of a phrase (`An ninh quốc gia`).
    const bool ends_cleanly = s.e >= words_.size() || !joined(s.e) || stop_at(s.e) || !words_[s.e].cap;
    if (!ends_cleanly) return false;
    if (vi_) {
      if (looks_vietnamese(s)) {
        if (n == 1) return anchored_directly && (s.e >= words_.size() || !joined(s.e) || stop_at(s.e));
        return surname_[s.b] || n >= 2;
      }
      // A foreign name: one word only when nothing but punctuation or a stop word follows.
      if (n == 1) return s.e >= words_.size() || !joined(s.e) || stop_at(s.e);
      return true;
    }
    for (std::size_t k = s.b; k < s.e; ++k) {
      if (english_non_name(words_[k].exact)) return false;
    }
    return true;
  }

  struct TitlePhrase {
    Span span;
    std::vector<std::string> heads;  // the title words, exact forms
    std::string org, country;
    std::vector<std::string> countries;
    std::vector<int> orgs;  // indexes into orgs_
  };

  // Reads a title and its complement (organisation, country, portfolio) from `i`; the
  // complement stops where a name begins (`name_at`), at punctuation or a function word.
  std::optional<TitlePhrase> read_title(std::size_t i, std::size_t* name_at, bool allow_comma_list) const {
    const Phrase* t = match(i, {PhraseKind::title});
    if (!t) return std::nullopt;
    TitlePhrase tp;
    tp.span = {i, i + t->length};
    tp.heads.push_back(key_of(tp.span));
    std::size_t j = tp.span.e;
    if (name_at) *name_at = 0;
    std::size_t lower = 0;
    std::size_t safe_end = 0;  // where the title ended before a portfolio's commas
    while (j < words_.size() && !excluded_[j]) {
      const Word& w = words_[j];
      const bool comma = w.gap == Word::comma;
      if (!joined(j) && !comma) break;
      if (comma) {
        // A comma continues a title only into another title, a country list or the
        // lower-case words of a portfolio (`phụ trách lãnh sự, quốc hội`).
        if (match(j, {PhraseKind::title})) {
          if (!allow_comma_list) break;
          const Phrase* t2 = match(j, {PhraseKind::title});
          // "Chủ tịch, Tổng Giám đốc ..." shares one complement; "Ủy viên Bộ Chính trị,
          // Bộ trưởng ..." is two roles.
          if (tp.span.e - tp.span.b != t->length || t->length > 2) break;
          tp.heads.push_back(key_of(Span{j, j + t2->length}));
          j += t2->length;
          tp.span.e = j;
          continue;
        }
        if (country_at_[j] >= 0 && !tp.countries.empty()) {
          if (!allow_comma_list) break;
        } else if (!w.cap && !stop_at(j) && lower > 0) {
          if (safe_end == 0) safe_end = tp.span.e;
        } else {
          break;
        }
      }
      if (country_at_[j] >= 0) {
        const Found& c = countries_[country_at_[j]];
        tp.countries.push_back(c.code);
        j = c.words.e;
        tp.span.e = j;
        continue;
      }
      if (org_at_[j] >= 0) {
        const Found& o = orgs_[org_at_[j]];
        tp.orgs.push_back(org_at_[j]);
        if (tp.org.empty()) tp.org = o.name;
        if (!o.code.empty() && o.org_key.empty()) tp.countries.push_back(o.code);
        else if (!o.code.empty() && tp.country.empty()) tp.country = o.code;
        j = o.words.e;
        tp.span.e = j;
        continue;
      }
      if (w.cap && place_[j] > 0) {
        // A province or city in the title (`Bí thư Thành ủy Hà Nội`, `TP Hồ Chí Minh`).
        const bool city_prefix = words_[j].folded == "tp";
        j += place_[j];
        if (city_prefix) j = after_city_name(j);
        tp.span.e = j;
        continue;
      }
      if (w.cap) {
        const Span n = name_run(j);
        if (n.e > n.b && plausible_name(n, j == tp.span.e)) {
          if (name_at) *name_at = n.b;
          // Capitalised words before the name inside the run belong to the title.
          if (n.b > j) tp.span.e = n.b;
          break;
        }
        // A capitalised phrase in the title (an elliptical body: `An ninh quốc gia`).
        ++j;
        tp.span.e = j;
        continue;
      }
      const bool of_country = w.exact == "của" && j + 1 < words_.size() && country_at_[j + 1] >= 0;
      if ((stop_at(j) && !of_country) || w.exact == "và" || w.exact == "of" || w.upper) break;
      if (!vi_) break;  // English complements are capitalised
      if (++lower > 12) break;
      ++j;
      tp.span.e = j;
    }
    if (!allow_comma_list && safe_end != 0 && name_at && *name_at == 0) tp.span.e = safe_end;
    // Trailing lower-case words that no name followed are not part of the title.
    if (!name_at || *name_at == 0) {
      while (tp.span.e > tp.span.b + t->length && !words_[tp.span.e - 1].cap &&
             country_at_[tp.span.e - 1] < 0 && org_at_[tp.span.e - 1] < 0) {
        --tp.span.e;
      }
    }
    std::set<std::string> distinct(tp.countries.begin(), tp.countries.end());
    if (distinct.size() == 1) tp.country = *distinct.begin();
    return tp;
  }

  // A ministry named without its country inside the title of a foreign official is that
  // country's: `Thứ trưởng Bộ Ngoại giao ... Iran`.
  void settle_title_orgs(TitlePhrase& tp) {
    if (tp.country.empty()) return;
    for (int idx : tp.orgs) {
      Found& o = orgs_[idx];
      if (o.org_key.empty() || o.code == tp.country) continue;
      if (o.org_kind != "ministry" && o.org_kind != "government") continue;
      o.org_key.clear();
      o.code = tp.country;
      o.name = surface(o.words);
      o.base_key = key_of(o.words);
      o.name_en.clear();
      tp.org = o.name;
    }
  }

  // The end of the city name after `TP`: a known place, `Hồ Chí Minh`, or up to two
  // capitalised words that do not start a personal name (`TP Thủ Đức`, `TP Vinh`).
  std::size_t after_city_name(std::size_t j) const {
    if (j >= words_.size() || !joined(j) || !words_[j].cap) return j;
    if (place_[j] > 0) return j + place_[j];
    if (j + 2 < words_.size() && words_[j].folded == "ho" && words_[j + 1].folded == "chi" &&
        words_[j + 2].folded == "minh") {
      return j + 3;
    }
    std::size_t k = j;
    while (k < words_.size() && k - j < 2 && joined(k) && words_[k].cap &&
           !(surname_[k] && k + 1 < words_.size() && joined(k + 1) && words_[k + 1].cap)) {
      ++k;
    }
    return k;
  }

  Role role_of(const TitlePhrase& tp, bool past) const {
    Role r;
    r.title = surface(tp.span);
    r.org = tp.org;
    r.country = tp.country;
    r.past = past;
    return r;
  }

  // Whether a personal name starts at `i` and a title follows it after a comma.
  bool apposed_title_after(std::size_t i) const {
    if (!words_[i].cap || words_[i].upper) return false;
    const Span n = name_run(i);
    if (n.b != i || n.e - n.b < 2 || n.e - n.b > 4 || n.e >= words_.size()) return false;
    if (words_[n.e].gap != Word::comma) return false;
    if (vi_ ? !surname_[i] : english_non_name(words_[i].exact)) return false;
    std::size_t t = n.e;
    if (match(t, {PhraseKind::past})) t += match(t, {PhraseKind::past})->length;
    if (!vi_) {
      if (t < words_.size() && in_list(words_[t].exact, {"the", "a", "an"})) ++t;
      // Capitalised qualifiers before an English title: "the U.S. Treasury Secretary".
      while (t < words_.size() && words_[t].cap && !match(t, {PhraseKind::title}) && t - n.e < 4) ++t;
    }
    return t < words_.size() && match(t, {PhraseKind::title}) != nullptr && (!vi_ || words_[t].cap);
  }

  bool past_before(std::size_t i) const {
    return i > 0 && match(i - 1, {PhraseKind::past}) != nullptr &&
           (joined(i) || words_[i].gap == Word::start);
  }

  void find_persons(std::vector<PersonMention>& out) {
    std::vector<bool> used(words_.size(), false);
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (excluded_[i] || used[i]) continue;
      // Only a lexicon word (honorific, rank, title) or a capitalised one can start a person:
      // most words are neither, and need none of the work below.
      if (hit_of_[i] == 0 && !words_[i].cap) continue;
      // A headline in capitals has no case to tell names from words (`CHAIRMAN RESIGNS`).
      if (words_[i].upper && all_caps_sentence(i)) continue;
      PersonMention pm;
      std::size_t name_b = 0;
      bool anchored = false;
      bool past = past_before(i);
      // Honorifics and ranks stack before a name or a title: `ngài Bộ trưởng`, `Đại tướng X`.
      std::size_t j = i;
      while (j < words_.size()) {
        const Phrase* h = match(j, {PhraseKind::honorific, PhraseKind::rank});
        if (!h) break;
        if (h->kind == PhraseKind::honorific) {
          // Lower-case in Vietnamese (`ông`, `bà`), capitalised in English (`Mr`).
          if (vi_ && words_[j].cap && !words_[j].sentence_start && h->surface != "Ngài") break;
          pm.honorifics.push_back(surface(Span{j, j + h->length}));
        } else {
          if (!words_[j].cap) break;
          pm.ranks.push_back(surface(Span{j, j + h->length}));
        }
        j += h->length;
        if (j < words_.size() && words_[j].gap == Word::dot) {
          // `Mr. Baker`, `Gen. X`
        } else if (j < words_.size() && !joined(j)) {
          j = words_.size();
        }
        anchored = true;
      }
      if (j >= words_.size()) continue;
      std::optional<TitlePhrase> title;
      if (!anchored && !match(j, {PhraseKind::title}) && apposed_title_after(j)) {
        // A name with its title in apposition and nothing before it: `Nguyễn Văn A, Giám
        // đốc Sở Y tế`, `Lee Iacocca, chairman of Chrysler`.
        name_b = j;
      } else if (anchored && !match(j, {PhraseKind::title})) {
        const Span n = name_run(j);
        if (n.b != j || !plausible_name(n, true)) continue;
        name_b = n.b;
      } else {
        // Titles are capitalised before a name; a lower-case one is generic (`các bộ trưởng`)
        // except in English, where "chairman" follows the company.
        if (vi_ && !words_[j].cap) continue;
        if (j > 0 && joined(j) && in_list(words_[j - 1].exact, {"các", "những", "nhiều", "hai", "ba", "the", "a", "an"})) {
          if (!anchored) continue;
        }
        std::size_t at = 0;
        title = read_title(j, &at, false);
        if (!title) continue;
        if (at == 0) {
          // A title with no name: a reference to the last named holder.
          if (vi_ && words_[j].cap && title->span.e - title->span.b <= 3) {
            resolve_anaphor(Span{j, title->span.e}, title->heads, out);
          }
          i = title->span.e - 1;
          continue;
        }
        name_b = at;
        if (!vi_) {
          // English titles carry their qualifiers before them: "Treasury Secretary".
          std::size_t b = j;
          while (b > 0 && joined(b) && words_[b - 1].cap && j - b < 3 && !english_non_name(words_[b - 1].exact)) {
            --b;
          }
          if (b < j) title->span.b = b;
        }
      }
      const Span n = name_run(name_b);
      if (n.e <= n.b) continue;
      pm.words = n;
      pm.name = surface(n);
      pm.key = key_of(n);
      pm.folded = folded_of(n);
      pm.vietnamese = looks_vietnamese(n);
      pm.sentence = sentence_[n.b];
      pm.field = field_;
      if (title) {
        settle_title_orgs(*title);
        pm.roles.push_back(role_of(*title, past));
        for (const auto& h : title->heads) pm.title_heads.push_back(h);
        if (!title->country.empty()) pm.country = title->country;
      }
      // After the name: `, Title ...` (appositions, one per role) or `(khi đó là Title ...)`.
      std::size_t k = n.e;
      while (k < words_.size() && !excluded_[k]) {
        if (words_[k].gap == Word::comma || (words_[k].gap == Word::hyphen && !vi_)) {
          std::size_t t = k;
          bool was_past = false;
          if (match(t, {PhraseKind::past})) {
            was_past = true;
            t += match(t, {PhraseKind::past})->length;
          } else if (!vi_ && in_list(words_[t].exact, {"the", "a", "an"})) {
            ++t;
          }
          if (!vi_) {
            while (t < words_.size() && words_[t].cap && !match(t, {PhraseKind::title}) && t - k < 4) ++t;
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
        if (words_[k].gap == Word::open_paren) {
          const Phrase* p = match(k, {PhraseKind::past});
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
      if (pm.roles.empty() && pm.ranks.empty()) {
        // Honorific alone: a person, an official only if titled elsewhere in the article.
        pm.kind = "name";  // honorific alone: kept only if the name is titled elsewhere
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
      state_.persons.push_back(pm);
      out.push_back(std::move(pm));
      i = std::max(k, n.e) - 1;
    }
  }

  void resolve_anaphor(Span s, const std::vector<std::string>& heads, std::vector<PersonMention>& out) {
    const std::size_t here = sentence_[s.b];
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
      const bool same_sentence = it->sentence == here && it->field == field_;
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
    pm.field = field_;
    pm.vietnamese = best->vietnamese;
    out.push_back(std::move(pm));
  }

  // --- agreements --------------------------------------------------------------------------

  std::size_t head_at(std::size_t i, std::string* key) const {
    return gaz_.head_at(info_[i], words_, i, HeadKind::agreement, key);
  }

  void find_agreements(std::vector<AgreementMention>& out) {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (excluded_[i] || !words_[i].cap) continue;
      if (words_[i].upper && all_caps_sentence(i)) continue;  // `SIGNS PACT`
      std::string head_key;
      const std::size_t hl = head_at(i, &head_key);
      if (hl == 0) continue;
      const bool english_head = !has_marks(words_[i]) && !vi_;
      if (i > 0 && joined(i) &&
          in_list(words_[i - 1].exact, {"các", "những", "nhiều", "hai", "ba", "một", "mỗi", "số", "bản"})) {
        continue;
      }
      AgreementMention am;
      am.head_key = head_key;
      std::size_t b = i, e = i + hl;
      if (english_head || !vi_) {
        // English: capitalised words before the head and "of/on X" after it.
        while (b > 0 && joined(b) && words_[b - 1].cap && !english_non_name(words_[b - 1].exact) &&
               !(words_[b - 1].sentence_start && english_non_name(words_[b - 1].exact)) && i - b < 5) {
          --b;
        }
        while (e < words_.size() && joined(e)) {
          if (in_list(words_[e].exact, {"of", "on", "for", "against", "between", "and"}) && e + 1 < words_.size() &&
              joined(e + 1) && words_[e + 1].cap) {
            e += 2;
            continue;
          }
          if (words_[e].cap && e > i + hl && (words_[e - 1].cap || in_list(words_[e - 1].exact, {"of", "on", "for", "against", "between", "and"}))) {
            if (head_at(e, nullptr)) break;
            ++e;
            continue;
          }
          break;
        }
        if (b == i && e == i + hl) continue;  // "the Agreement": generic
        am.words = {b, e};
        am.core = am.full = surface(am.words);
      } else {
        bool in_clause = false;
        std::size_t clause_at = 0;
        bool anaphoric = false;
        while (e < words_.size() && !excluded_[e]) {
          const Word& w = words_[e];
          if (w.gap == Word::comma) {
            if (head_at(e, nullptr) || w.cap || stop_at(e) || in_clause) break;
            if (e + 1 < words_.size() && head_at(e + 1, nullptr)) break;
          } else if (!joined(e)) {
            break;
          }
          if (head_at(e, nullptr) && e > i + hl) break;
          if (w.exact == "này" || w.exact == "đó" || w.exact == "trên") {
            anaphoric = true;
            break;
          }
          if (w.exact == "giữa" && !in_clause) {
            in_clause = true;
            clause_at = e;
            ++e;
            continue;
          }
          if (w.exact == "và") {
            if (e + 1 < words_.size() && head_at(e + 1, nullptr)) break;
            if (!in_clause && e + 1 < words_.size() && !words_[e + 1].cap && stop_at(e + 1)) break;
            ++e;
            continue;
          }
          if (in_clause) {
            if (stop_at(e) && !in_list(w.exact, {"hai", "các", "của", "bộ"})) break;
            ++e;
            continue;
          }
          if (!in_list(w.exact, {"về", "trong", "của", "bị", "được", "cho", "với", "từ", "đối", "các", "những", "người"}) && stop_at(e)) break;
          if (e - i > 24) break;
          ++e;
        }
        if (anaphoric) continue;
        while (e > i + hl && in_list(words_[e - 1].exact, {"về", "trong", "của", "và", "giữa", "việc", "các", "những"})) --e;
        if (e <= i + hl) continue;
        if (stop_at(i + hl)) continue;
        am.words = {b, e};
        am.full = surface(am.words);
        if (in_clause && clause_at > i + hl && clause_at < e) {
          am.core = surface(Span{b, clause_at});
          am.parties_from_clause = true;
          std::set<std::string> parties;
          for (std::size_t k = clause_at; k < e; ++k) {
            if (country_at_[k] >= 0) parties.insert(countries_[country_at_[k]].code);
            else if (org_at_[k] >= 0 && !orgs_[org_at_[k]].code.empty()) parties.insert(orgs_[org_at_[k]].code);
          }
          am.parties.assign(parties.begin(), parties.end());
          if (am.parties.empty()) am.parties_from_clause = false;
        } else {
          am.core = am.full;
        }
      }
      // `(Công ước Hà Nội)`, `(EVFTA)` right after: another name of it.
      if (e < words_.size() && words_[e].gap == Word::open_paren) {
        std::size_t k = e;
        while (k < words_.size() && (k == e || joined(k)) && k - e < 8) ++k;
        const bool closed = k >= words_.size() || words_[k].gap == Word::close_paren ||
                            text_.substr(words_[k - 1].end, 2).find(')') != std::string_view::npos;
        if (closed && (head_at(e, nullptr) || (k - e == 1 && words_[e].upper))) {
          am.alias = surface(Span{e, k});
        }
      }
      for (std::size_t k = b; k < e; ++k) {
        if (k >= i && k < i + hl) continue;
        if (words_[k].cap && country_at_[k] < 0 && org_at_[k] < 0) am.proper = true;
      }
      am.folded_names.push_back(folded_key(am.core, norm_));
      if (!am.alias.empty()) am.folded_names.push_back(folded_key(am.alias, norm_));
      if (!am.parties_from_clause) am.parties = sentence_countries(am.words);
      const bool multilateral = am.head_key == "công ước" || am.head_key == "convention";
      if (multilateral) {
        am.parties.clear();
      } else {
        if (am.parties.empty()) {
          const std::string before = last_foreign_before(am.words.b);
          if (!before.empty()) am.parties.push_back(before);
        }
        // A Vietnamese report of a bilateral instrument: Vietnam is the other party.
        if (vi_ && am.parties.size() == 1 && am.parties[0] != "VN") {
          am.parties.push_back("VN");
          std::sort(am.parties.begin(), am.parties.end());
        }
      }
      am.status = status_of(am.words);
      am.year = year_of(am.words);
      out.push_back(std::move(am));
      i = e - 1;
    }
  }

  std::string last_foreign_before(std::size_t i) const {
    for (std::size_t k = i; k > 0; --k) {
      const int c = country_at_[k - 1];
      if (c >= 0 && countries_[c].code != "VN") return countries_[c].code;
    }
    return state_.previous_foreign_country;
  }

  std::vector<std::string> sentence_countries(Span s) const {
    std::set<std::string> out;
    for (std::size_t k = 0; k < words_.size(); ++k) {
      if (sentence_[k] != sentence_[s.b] || country_at_[k] < 0) continue;
      out.insert(countries_[country_at_[k]].code);
    }
    return {out.begin(), out.end()};
  }

  std::string status_of(Span s) const {
    std::string sentence;
    for (std::size_t k = 0; k < words_.size(); ++k) {
      if (sentence_[k] != sentence_[s.b] || (k >= s.b && k < s.e)) continue;
      sentence += ' ';
      sentence += words_[k].folded;
    }
    sentence += ' ';
    auto has = [&](std::string_view w) { return sentence.find(w) != std::string::npos; };
    if (has(" dam phan ") || has(" trao doi nham ") || has(" negotiat")) return "under negotiation";
    if (has(" som ky ") || has(" se ky ") || has(" tien toi ky ") || has(" chuan bi ky ") ||
        has(" will sign ") || has(" to sign ") || has(" to be signed ")) {
      return "to be signed";
    }
    if (has(" mo ky ")) return "opened for signature";
    if (has(" ky ") || has(" signed ") || has(" ky ket ")) return "signed";
    if (has(" phe chuan ") || has(" ratif")) return "ratified";
    return "";
  }

  std::string year_of(Span s) const {
    for (std::size_t k = 0; k < words_.size(); ++k) {
      if (sentence_[k] != sentence_[s.b]) continue;
      const std::string_view w = words_[k].exact;
      if (w.size() == 4 && (w.rfind("19", 0) == 0 || w.rfind("20", 0) == 0) &&
          std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }) && k > 0 &&
          in_list(words_[k - 1].exact, {"năm", "in", "since"})) {
        return std::string(w);
      }
    }
    return "";
  }

  const Gazetteer& gaz_;
  Normalizer& norm_;
  std::string_view text_;
  Field field_;
  ArticleState& state_;
  bool vi_;
  PreparedText own_tokens_;  // when the caller had none prepared
  std::vector<Word>& words_;
  std::vector<bool>& excluded_;
  std::vector<int>& country_at_;
  std::vector<int>& org_at_;
  std::vector<std::size_t>& sentence_;
  std::vector<Gazetteer::KindMatches>& hits_;  // for the words that begin a phrase
  std::vector<std::uint32_t>& hit_of_;         // 1 + index into hits_, 0 for none
  std::vector<bool>& stop_;
  std::vector<bool>& surname_;
  std::vector<bool>& caps_sentences_;  // by sentence number: 80% or more in capitals
  std::vector<std::uint8_t>& place_;  // length of a place name starting here
  std::vector<const WordInfo*>& info_;  // the gazetteer's entry for each word, or nullptr
  std::vector<Found> countries_, orgs_;
};

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace

bool foreign_name_variants(std::string_view a, std::string_view b, Normalizer& norm) {
  return folded_name_variants(folded_key(a, norm), folded_key(b, norm));
}

bool folded_name_variants(const std::string& a, const std::string& b) {
  const auto wa = split_key(a);
  const auto wb = split_key(b);
  if (wa.size() != wb.size() || wa.empty()) return false;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < wa.size(); ++i) {
    if (wa[i] == wb[i]) continue;
    // One edit per word, and never on a word too short for an edit to be a spelling.
    if (wa[i].size() < 4 || wb[i].size() < 4 || edit_distance(wa[i], wb[i]) > 1) return false;
    ++differing;
  }
  return differing > 0;
}

Extractor::Extractor(Normalizer* shared)
    : gaz_(Gazetteer::instance()),
      own_(shared ? nullptr : std::make_unique<Normalizer>()),
      norm_(shared ? *shared : *own_),
      scratch_(std::make_unique<ExtractScratch>()) {}

Extractor::~Extractor() = default;

std::vector<Entity> Extractor::extract(const Article& a, std::string_view body,
                                       const std::array<PreparedText, 3>* tokens) {
  ArticleState state;
  std::map<std::string, Entity> by_key;
  std::vector<std::string> order;
  auto entity = [&](const std::string& key, EntityType type) -> Entity& {
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      it = by_key.emplace(key, Entity{}).first;
      it->second.type = type;
      it->second.key = key;
      order.push_back(key);
    }
    return it->second;
  };
  const bool vi = a.lang == "vi";

  struct Pending {
    AgreementMention am;
    Mention mention;
  };
  std::vector<Pending> agreements;
  std::vector<std::pair<PersonMention, Mention>> persons;

  const std::array<std::pair<Field, std::string_view>, 3> fields{
      {{Field::title, a.title}, {Field::lead, a.lead.text}, {Field::body, body}}};
  for (const auto& [field, text] : fields) {
    if (text.empty()) continue;
    const PreparedText* prepared = tokens ? &(*tokens)[static_cast<std::size_t>(field)] : nullptr;
    FieldPass pass(gaz_, norm_, a, text, prepared, field, state, *scratch_);
    std::vector<Found> found;
    std::vector<PersonMention> ps;
    std::vector<AgreementMention> ags;
    pass.run(found, ps, ags);
    for (Found& f : found) {
      if (f.type == EntityType::country) {
        const CountryInfo* c = gaz_.country(f.code);
        Entity& e = entity("country:" + f.code, EntityType::country);
        e.code = f.code;
        e.name = c ? c->name_vi : f.code;
        e.name_en = c ? c->name_en : "";
        e.mentions.push_back(pass.mention(f.words, f.kind));
        add_unique(e.aliases, pass.surface(f.words));
      } else {
        const std::string key = !f.org_key.empty() ? "org:" + f.org_key
                                                   : "org:" + f.base_key + (f.code.empty() ? "" : "|" + f.code);
        Entity& e = entity(key, EntityType::org);
        if (e.name.empty()) e.name = f.name;
        e.name_en = f.name_en;
        e.code = f.code;
        e.org_kind = f.org_kind;
        e.mentions.push_back(pass.mention(f.words, f.kind));
        add_unique(e.aliases, pass.surface(f.words));
      }
    }
    for (PersonMention& p : ps) persons.emplace_back(p, pass.mention(p.words, p.kind));
    for (AgreementMention& am : ags) {
      Mention m = pass.mention(am.words, "name");
      agreements.push_back({std::move(am), std::move(m)});
    }
  }

  // Officials: a person with a title or rank anywhere in the article; honorific-only
  // mentions and title references join a titled person of that name.
  std::vector<std::string> official_keys;
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
        if (other.size() > nk.size() && other.compare(other.size() - nk.size(), nk.size(), nk) == 0 &&
            other[other.size() - nk.size() - 1] == ' ' && !by_key.at(known.entity_key).vietnamese_name) {
          person_key[nk] = known;
          return known.entity_key;
        }
      }
    }
    if (!p.vietnamese) {
      for (const auto& [other, known] : person_key) {
        const Entity& e = by_key.at(known.entity_key);
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
  // Full names first, so that a family name alone finds its full name wherever it stands;
  // then people named with an honorific only, who join a titled person of that name.
  for (int pass = 0; pass < 3; ++pass) {
    for (auto& [p, m] : persons) {
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
      Entity& e = entity(key, EntityType::official);
      if (e.name.empty()) e.name = p.name;
      e.vietnamese_name = p.vietnamese;
      if (e.code.empty()) e.code = p.country;
      if (m.kind != "anaphor") add_unique(e.aliases, p.name);
      e.mentions.push_back(m);
      for (const Role& r : p.roles) {
        bool dup = false;
        for (const Role& q : e.roles) dup = dup || (q.title == r.title && q.past == r.past);
        if (!dup) e.roles.push_back(r);
      }
      for (const auto& h : p.honorifics) add_unique(e.honorifics, h);
      for (const auto& r : p.ranks) add_unique(e.ranks, r);
    }
  }
  for (auto& [key, e] : by_key) {
    if (e.type != EntityType::official) continue;
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
    if (e.code.empty() && vi && e.vietnamese_name) e.code = "VN";
  }

  // Agreements: a full name and its bracketed popular name are one; `X về ...` extends X.
  std::vector<std::size_t> parent(agreements.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  std::function<std::size_t(std::size_t)> find = [&](std::size_t x) {
    return parent[x] == x ? x : parent[x] = find(parent[x]);
  };
  auto names_of = [](const AgreementMention& am) -> const std::vector<std::string>& { return am.folded_names; };
  auto party_key = [](const AgreementMention& am) {
    // Parties tell apart instruments that share a topic name (`Hiệp định dẫn độ` with
    // Mozambique, with South Africa); a proper name (`Louvre Accord`) or a convention is one.
    if (am.head_key == "công ước" || am.head_key == "convention" || am.proper) return std::string();
    std::string k;
    for (const auto& p : am.parties) k += p + ",";
    return k;
  };
  for (std::size_t i = 0; i < agreements.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const auto& a1 = agreements[i].am;
      const auto& a2 = agreements[j].am;
      if (party_key(a1) != party_key(a2)) continue;
      bool same = false;
      for (const auto& x : names_of(a1)) {
        for (const auto& y : names_of(a2)) {
          if (x == y) same = true;
          for (const auto& [p, q] : {std::pair{x, y}, std::pair{y, x}}) {
            if (p.size() > q.size() && p.rfind(q + " ve ", 0) == 0) same = true;
            if (p.size() > q.size() && p.rfind(q + " on ", 0) == 0) same = true;
          }
        }
      }
      if (same) parent[find(i)] = find(j);
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < agreements.size(); ++i) groups[find(i)].push_back(i);
  for (const auto& [root, members] : groups) {
    // The official name: the one given a popular name in brackets, else the longest.
    const AgreementMention* best = &agreements[members[0]].am;
    for (std::size_t m : members) {
      const auto& am = agreements[m].am;
      const bool official = !am.alias.empty() && best->alias.empty();
      if (official || (am.alias.empty() == best->alias.empty() && am.core.size() > best->core.size())) best = &am;
    }
    // A well-known instrument: its names in both languages (src/data/agreements.tsv).
    const AgreementInfo* known = nullptr;
    for (std::size_t m : members) {
      for (const std::string* n : {&agreements[m].am.core, &agreements[m].am.alias, &agreements[m].am.full}) {
        if (!known && !n->empty()) known = gaz_.find_agreement(*n);
      }
    }
    const std::string key = known ? "agreement:" + folded_key(known->name_vi, norm_) + "|"
                                   : "agreement:" + folded_key(best->core, norm_) + "|" + party_key(*best);
    Entity& e = entity(key, EntityType::agreement);
    e.name = known ? known->name_vi : best->core;
    e.agreement_kind = known ? known->kind : agreement_kind_of(best->head_key);
    if (known) e.name_en = known->name_en;
    std::set<std::string> parties;
    for (std::size_t m : members) {
      const auto& am = agreements[m].am;
      Mention mention = agreements[m].mention;
      mention.kind = am.core == best->core ? "name" : "alias";
      e.mentions.push_back(mention);
      add_unique(e.aliases, am.core);
      add_unique(e.aliases, am.full);
      add_unique(e.aliases, am.alias);
      if (e.status.empty()) e.status = am.status;
      if (e.date.empty() && !am.year.empty()) e.date = am.year;
      parties.insert(am.parties.begin(), am.parties.end());
    }
    e.parties.assign(parties.begin(), parties.end());
    if (e.date.empty() && a.date && !e.status.empty() && e.status != "under negotiation" &&
        e.status != "to be signed") {
      e.date = *a.date;
    }
  }

  std::vector<Entity> out;
  for (const auto& key : order) {
    Entity& e = by_key.at(key);
    e.aliases.erase(std::remove(e.aliases.begin(), e.aliases.end(), e.name), e.aliases.end());
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace corpus
