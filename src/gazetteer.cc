#include "corpus/gazetteer.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <stdexcept>

#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include "corpus/text.h"
#include "entity_data.h"

namespace corpus {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

// Rows of a compiled-in TSV table: comments and blank lines skipped.
std::vector<std::vector<std::string_view>> tsv_rows(std::string_view table) {
  std::vector<std::vector<std::string_view>> rows;
  for (std::string_view line : split(table, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    rows.push_back(split(line, '\t'));
  }
  return rows;
}

// Every name in some '|'-separated columns of a table row, in order.
std::vector<std::string> names_in(std::initializer_list<std::string_view> columns) {
  std::vector<std::string> out;
  for (std::string_view column : columns) {
    for (std::string_view n : split(column, '|')) {
      if (!n.empty()) out.emplace_back(n);
    }
  }
  return out;
}

std::string utf8(const UChar* s, int32_t len) {
  std::string out;
  icu::UnicodeString(s, len).toUTF8String(out);
  return out;
}

// Display names of every territory in `locale`, from CLDR's region bundle: `table` is
// "Countries", "Countries%short" or "Countries%variant".
std::vector<std::pair<std::string, std::string>> cldr_names(const char* locale, const char* table) {
  std::vector<std::pair<std::string, std::string>> out;
  UErrorCode st = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region", locale, &st);
  UResourceBundle* names = ures_getByKey(bundle, table, nullptr, &st);
  while (U_SUCCESS(st) && ures_hasNext(names)) {
    const char* key = nullptr;
    int32_t len = 0;
    const UChar* s = ures_getNextString(names, &len, &key, &st);
    if (U_FAILURE(st)) break;
    out.emplace_back(key, utf8(s, len));
  }
  ures_close(names);
  ures_close(bundle);
  return out;
}

bool is_alpha2(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

// Codes in CLDR's territory list that are not countries for our purposes: unknown and
// pseudo regions, and the two that are organisations (listed in organizations.tsv).
bool skip_territory(std::string_view code) {
  return code == "ZZ" || code == "XA" || code == "XB" || code == "QO" || code == "EZ" ||
         code == "UN" || code == "EU";
}

// The forms a CLDR display name is written in by the press: "Myanmar (Miến Điện)" gives
// itself, "Myanmar" and "Miến Điện"; "Đặc khu Hành chính Hồng Kông, Trung Quốc" gives its
// part before the comma; "&" is read as "and" / "và".
std::vector<std::string> press_forms(const std::string& name, std::string_view lang) {
  std::vector<std::string> out{name};
  const auto open = name.find(" (");
  if (open != std::string::npos && name.back() == ')') {
    out.push_back(name.substr(0, open));
    out.push_back(name.substr(open + 2, name.size() - open - 3));
  }
  const auto comma = name.find(", ");
  if (comma != std::string::npos) out.push_back(name.substr(0, comma));
  const auto amp = name.find(" & ");
  if (amp != std::string::npos) {
    out.push_back(name.substr(0, amp) + (lang == "vi" ? " và " : " and ") + name.substr(amp + 3));
  }
  if (name.rfind("St. ", 0) == 0) out.push_back("Saint " + name.substr(4));
  return out;
}

bool is_upper_letter(UChar32 c) { return u_isupper(c) || u_istitle(c); }

// Words that begin an organisation's name (Vietnamese; English names end in theirs).
}  // namespace

namespace {

// Case, separators and sentence starts of one word whose forms are known.
void add_word(std::vector<Word>& words, std::string_view text, std::size_t b, std::size_t e, std::string_view exact,
              std::string_view folded, std::size_t& prev_end) {
  // Built in place: a Word assembled on the stack and copied in stalled on the copy (its
  // one-byte fields written, then read back 16 bytes at a time).
  const bool first_word = words.empty();
  Word& w = words.emplace_back();
  w.begin = static_cast<std::uint32_t>(b);
  w.end = static_cast<std::uint32_t>(e);
  const std::string_view surface = text.substr(b, e - b);
  w.exact = exact;
  w.folded = folded.empty() ? exact : folded;
  // Case from the code points themselves. Most words start lower-case, and then nothing
  // else about their case matters.
  const auto* p = reinterpret_cast<const uint8_t*>(surface.data());
  const int32_t n = static_cast<int32_t>(surface.size());
  int32_t i = 0, letters = 0, uppers = 0;
  bool first = true;
  while (i < n) {
    UChar32 c;
    if (p[i] < 0x80) {
      c = p[i++];
    } else {
      U8_NEXT(p, i, n, c);
    }
    const bool alpha = c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : (c >= 0 && u_isalpha(c));
    if (!alpha) {
      first = false;
      continue;
    }
    ++letters;
    const bool up = c < 0x80 ? (c >= 'A' && c <= 'Z') : is_upper_letter(c);
    if (up) ++uppers;
    if (first) {
      w.cap = up;
      first = false;
      if (!up && n > 4) {
        letters = 2;  // neither capitalised nor in capitals: the rest cannot change that
        uppers = 0;
        break;
      }
    }
  }
  w.upper = letters >= 2 && uppers == letters;
  w.single_letter = letters == 1 && n <= 4;
  if (first_word) {
    w.gap = Word::start;
    w.sentence_start = true;
  } else {
    const std::string_view gap = text.substr(prev_end, b - prev_end);
    const Word& before = words[words.size() - 2];
    bool newline = false, hyphen = false, dot = false, comma = false, open = false, close = false, stop = false,
         other = false;
    for (std::size_t k = 0; k < gap.size(); ++k) {
      const char c = gap[k];
      if (c == '\n') {
        // A line wrapped inside a paragraph (newswire text is wrapped at ~70 columns) joins
        // like a space; a blank line or an indented next line starts a paragraph.
        const std::string_view rest = gap.substr(k + 1);
        const bool wrapped = !newline && rest.find('\n') == std::string_view::npos &&
                             rest.substr(0, 2) != "  " && rest.substr(0, 1) != "\t";
        if (!wrapped) newline = true;
      }
      else if (c == ' ' || c == '\t' || c == '\r') continue;
      else if (c == '-') hyphen = true;
      else if (c == '.') dot = true;
      else if (c == ',') comma = true;
      else if (c == '(' || c == '[') open = true;
      else if (c == ')' || c == ']') close = true;
      else if (c == '!' || c == '?' || c == ';' || c == ':') stop = true;
      else if (static_cast<unsigned char>(c) == 0xE2 && k + 2 < gap.size() &&
               static_cast<unsigned char>(gap[k + 1]) == 0x80 &&
               (static_cast<unsigned char>(gap[k + 2]) == 0x93 || static_cast<unsigned char>(gap[k + 2]) == 0x94)) {
        hyphen = true;  // – —
        k += 2;
      } else if (static_cast<unsigned char>(c) == 0xC2 && k + 1 < gap.size() &&
                 static_cast<unsigned char>(gap[k + 1]) == 0xA0) {
        ++k;  // no-break space
      } else {
        other = true;
      }
    }
    if (newline || stop) w.gap = Word::stop;
    else if (open) w.gap = Word::open_paren;
    else if (close) w.gap = Word::close_paren;
    else if (other) w.gap = Word::other;
    else if (comma) w.gap = Word::comma;
    else if (dot) w.gap = Word::dot;
    else if (hyphen) w.gap = Word::hyphen;
    else w.gap = Word::space;
    // A dot ends a sentence unless it closes an initial (`T. Kubayi`, `U.S.`) or a lower-case
    // word follows it.
    const bool sentence_dot = dot && !before.single_letter && w.cap;
    w.sentence_start = newline || stop || sentence_dot;
    if (w.gap == Word::dot && sentence_dot) w.gap = Word::stop;
  }
  prev_end = e;
}

}  // namespace

void split_words(std::string_view text, const PreparedText& tokens, std::vector<Word>& words) {
  words.clear();
  words.reserve(tokens.entries.size() / 2 + 1);
  std::size_t prev_end = 0;
  const auto& es = tokens.entries;
  for (std::size_t i = 0; i < es.size();) {
    const auto& e = es[i];
    const std::string_view exact(tokens.arena.data() + e.offset, e.size);
    std::string_view folded;
    std::size_t j = i + 1;
    // Colocated tokens follow: the folded form of a word with marks (never ASCII), or the
    // stem of a plain ASCII word (never both).
    for (; j < es.size() && (es[j].length & PreparedText::kColocated); ++j) {
      const bool ascii = std::all_of(exact.begin(), exact.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (!ascii && folded.empty()) folded = std::string_view(tokens.arena.data() + es[j].offset, es[j].size);
    }
    add_word(words, text, e.start, e.start + (e.length & ~PreparedText::kColocated), exact, folded, prev_end);
    i = j;
  }
}

WordList::WordList(std::string_view text, Normalizer& norm)
    : tokens(prepare_document(norm, text)) {
  split_words(text, tokens, words);
}

std::string name_key(std::string_view name, Normalizer& norm) {
  std::string out;
  text::for_each_word(name, [&](std::size_t b, std::size_t e) {
    if (!out.empty()) out += ' ';
    out += norm.forms(name.substr(b, e - b)).exact;
  });
  return out;
}

std::string folded_key(std::string_view name, Normalizer& norm) {
  std::string out;
  text::for_each_word(name, [&](std::size_t b, std::size_t e) {
    if (!out.empty()) out += ' ';
    const TokenForms& f = norm.forms(name.substr(b, e - b));
    out += f.folded.empty() ? f.exact : f.folded;
  });
  return out;
}

const Gazetteer& Gazetteer::instance() {
  static const Gazetteer g;
  return g;
}

std::string Gazetteer::phrase_key(std::string_view s) const { return name_key(s, *norm_); }

void Gazetteer::add(Phrase p) {
  const WordList list(p.surface, *norm_);
  const std::vector<Word>& ws = list.words;
  if (ws.empty()) return;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    p.words.emplace_back(ws[i].exact);
    std::uint8_t rule = 0;
    if (p.kind == PhraseKind::country || p.kind == PhraseKind::org) {
      rule = ws[i].upper && ws.size() <= 3 && ws[i].end - ws[i].begin <= 6 ? 2 : ws[i].cap ? 1 : 0;
    }
    p.case_rule.push_back(rule);
    p.gaps.push_back(i == 0 ? Word::start : ws[i].gap == Word::stop ? Word::dot : ws[i].gap);
  }
  p.length = p.words.size();
  const std::string first = p.words[0];
  // The same words, case rule and kind: one entry is enough.
  for (std::size_t id : by_first_[first].phrases) {
    const Phrase& q = phrases_[id];
    if (q.kind == p.kind && q.words == p.words && q.case_rule == p.case_rule && q.code == p.code &&
        q.key == p.key) {
      // A supplement row may only add flags to a CLDR name (`Chad` is also a given name).
      Phrase& same = phrases_[id];
      same.short_name = same.short_name || p.short_name;
      same.pronoun = same.pronoun || p.pronoun;
      same.historical = same.historical || p.historical;
      same.adjective = same.adjective || p.adjective;
      return;
    }
  }
  phrases_.push_back(std::move(p));
  auto& ids = by_first_[first].phrases;
  ids.push_back(phrases_.size() - 1);
  std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
    return phrases_[a].length > phrases_[b].length;
  });
}

Gazetteer::Gazetteer() : norm_(std::make_unique<Normalizer>()) {
  // Countries: CLDR first, every territory in both languages.
  std::unordered_map<std::string, CountryInfo> by_code;
  for (const char* lang : {"vi", "en"}) {
    for (const char* table : {"Countries", "Countries%short", "Countries%variant"}) {
      for (auto& [code, name] : cldr_names(lang, table)) {
        if (!is_alpha2(code) || skip_territory(code)) continue;
        CountryInfo& c = by_code[code];
        c.code = code;
        const bool main_name = std::string_view(table) == "Countries";
        if (main_name) {
          const auto forms = press_forms(name, lang);
          // The canonical name drops CLDR's parenthesised alternative: "Myanmar".
          const std::string& canonical = forms.size() > 1 && name.back() == ')' ? forms[1] : forms[0];
          (std::string_view(lang) == "vi" ? c.name_vi : c.name_en) = canonical;
        }
        for (const std::string& form : press_forms(name, lang)) {
          c.aliases.push_back(form);
          Phrase p;
          p.kind = PhraseKind::country;
          p.surface = form;
          p.lang = lang;
          p.code = code;
          add(std::move(p));
        }
      }
    }
  }
  for (const auto& row : tsv_rows(data::kCountriesSupplement)) {
    if (row.size() < 3) continue;
    const std::string code(row[0]);
    const std::string_view flags = row.size() > 3 ? row[3] : "";
    CountryInfo& c = by_code[code];
    c.code = code;
    Phrase p;
    p.kind = PhraseKind::country;
    p.surface = row[2];
    p.lang = row[1];
    p.code = code;
    p.short_name = flags.find("short") != std::string_view::npos;
    p.pronoun = flags.find("pronoun") != std::string_view::npos;
    p.historical = flags.find("historical") != std::string_view::npos;
    p.adjective = flags.find("adjective") != std::string_view::npos;
    c.historical = c.historical || p.historical;
    if (!p.adjective) {
      // An adjective is how a text may name the country, not one of its names.
      if (c.name_vi.empty() && row[1] == "vi") c.name_vi = row[2];
      if (c.name_en.empty() && row[1] == "en") c.name_en = row[2];
      c.aliases.emplace_back(row[2]);
    }
    add(std::move(p));
  }
  for (auto& [code, c] : by_code) {
    if (c.name_vi.empty()) c.name_vi = c.name_en;
    if (c.name_en.empty()) c.name_en = c.name_vi;
    std::sort(c.aliases.begin(), c.aliases.end());
    c.aliases.erase(std::unique(c.aliases.begin(), c.aliases.end()), c.aliases.end());
    countries_.push_back(std::move(c));
  }
  std::sort(countries_.begin(), countries_.end(),
            [](const CountryInfo& a, const CountryInfo& b) { return a.code < b.code; });
  for (std::size_t i = 0; i < countries_.size(); ++i) {
    country_index_[countries_[i].code] = i;
    country_by_name_[countries_[i].code] = i;
    for (const std::string& alias : countries_[i].aliases) country_by_name_.emplace(phrase_key(alias), i);
  }

  for (const auto& row : tsv_rows(data::kOrganizations)) {
    if (row.size() < 5) continue;
    OrgInfo o;
    o.key = row[0];
    o.country = row[1];
    o.kind = row[2];
    o.name_vi = split(row[3], '|')[0];
    o.name_en = split(row[4], '|')[0];
    o.aliases = names_in({row[3], row[4], row.size() > 5 ? row[5] : std::string_view()});
    for (const std::string& alias : o.aliases) {
      Phrase p;
      p.kind = PhraseKind::org;
      p.surface = alias;
      p.code = o.country;
      p.key = o.key;
      p.english = o.name_en;
      add(std::move(p));
    }
    orgs_.push_back(std::move(o));
  }
  for (std::size_t i = 0; i < orgs_.size(); ++i) {
    org_index_[orgs_[i].key] = i;
    for (const std::string& alias : orgs_[i].aliases) org_by_name_.emplace(phrase_key(alias), i);
  }

  for (const auto& row : tsv_rows(data::kAgreements)) {
    if (row.size() < 3) continue;
    AgreementInfo a;
    a.kind = row[0];
    a.name_vi = split(row[1], '|')[0];
    a.name_en = split(row[2], '|')[0];
    a.aliases = names_in({row[1], row[2]});
    agreements_.push_back(std::move(a));
  }
  for (std::size_t i = 0; i < agreements_.size(); ++i) {
    for (const std::string& alias : agreements_[i].aliases) agreement_by_name_.emplace(phrase_key(alias), i);
  }

  for (const auto& row : tsv_rows(data::kTitles)) {
    if (row.size() < 4) continue;
    PhraseKind kind = PhraseKind::title;
    if (row[0] == "rank") kind = PhraseKind::rank;
    else if (row[0] == "honorific") kind = PhraseKind::honorific;
    else if (row[0] == "past") kind = PhraseKind::past;
    Phrase p;
    p.kind = kind;
    p.surface = row[2];
    p.lang = row[1];
    p.english = row[3];
    add(std::move(p));
  }

  // A phrase of words (exact forms) into `list`, indexed by its first word in `starting`.
  auto add_words = [&](std::string_view phrase, std::vector<std::vector<std::string>>& list,
                       std::vector<std::uint16_t> WordInfo::*starting) {
    const WordList w(phrase, *norm_);
    std::vector<std::string> exact;
    for (const Word& x : w.words) exact.emplace_back(x.exact);
    if (exact.empty()) return;
    (by_first_[exact[0]].*starting).push_back(static_cast<std::uint16_t>(list.size()));
    list.push_back(std::move(exact));
  };
  for (const auto& row : tsv_rows(data::kVietnameseWords)) {
    if (row.size() < 2) continue;
    const std::string key = phrase_key(row[1]);
    if (row[0] == "place") {
      add_words(row[1], places_, &WordInfo::places);
    } else if (row[0] == "admin") {
      add_words(row[1], admins_, &WordInfo::admins);
    } else if (row[0] == "abbrev") {
      by_first_[key].abbrev = true;
    } else if (row[0] == "surname") {
      by_first_[key].surname = true;
    } else if (row[0] == "stop") {
      if (const auto sp = key.find(' '); sp != std::string::npos) {
        by_first_[key.substr(0, sp)].stop_start = true;
      } else {
        by_first_[key].stop = true;
      }
    }
  }

  for (const auto& row : tsv_rows(data::kHeads)) {
    if (row.size() < 2 || (row[0] != "org" && row[0] != "agreement")) continue;
    const bool org = row[0] == "org";
    Head head;
    head.key = name_key(row[1], *norm_);
    const WordList w(row[1], *norm_);
    for (const Word& x : w.words) head.words.emplace_back(x.exact);
    if (head.words.empty()) continue;
    std::vector<Head>& heads = org ? org_heads_ : agreement_heads_;
    WordInfo& starting = by_first_[head.words.front()];
    (org ? starting.org_heads : starting.agreement_heads)
        .push_back(static_cast<std::uint16_t>(heads.size()));
    if (row.size() >= 3 && row[2] == "lower") {
      lower_case_heads_.insert(head.key);
      starting.lower_case_org_head_start = true;
    }
    heads.push_back(std::move(head));
  }

  std::size_t size = 16;
  while (size < by_first_.size() * 2) size *= 2;
  slots_.assign(size, Slot{});
  mask_ = size - 1;
  for (const auto& [key, info] : by_first_) {
    const std::uint64_t h = XXH3_64bits(key.data(), key.size());
    std::uint64_t i = h & mask_;
    while (slots_[i].key) i = (i + 1) & mask_;
    slots_[i] = Slot{h, &key, &info};
  }
}

namespace {

// Whether phrase `p` stands at words[i]: the same exact forms, case where the phrase has
// one, and the same kind of separators.
bool phrase_fits(const Phrase& p, const std::vector<Word>& words, std::size_t i) {
  if (i + p.length > words.size()) return false;
  for (std::size_t k = 0; k < p.length; ++k) {
    const Word& w = words[i + k];
    if (w.exact != p.words[k]) return false;
    if (p.case_rule[k] == 1 && !w.cap) return false;
    if (p.case_rule[k] == 2 && !w.upper && !(w.single_letter && w.cap)) return false;
    if (k > 0 && w.gap != p.gaps[k] && !(p.gaps[k] == Word::dot && w.gap == Word::stop)) return false;
  }
  return true;
}

}  // namespace

const WordInfo* Gazetteer::word_info(std::string_view exact) const {
  const std::uint64_t h = XXH3_64bits(exact.data(), exact.size());
  for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (!slot.key) return nullptr;
    if (slot.hash == h && *slot.key == exact) return slot.info;
  }
}

void Gazetteer::match_all(const WordInfo* info, const std::vector<Word>& words, std::size_t i,
                          KindMatches& out, std::string_view lang) const {
  out.fill(nullptr);
  if (!info || i >= words.size()) return;
  for (std::size_t id : info->phrases) {  // longest first
    const Phrase& p = phrases_[id];
    const bool lexicon = p.kind == PhraseKind::title || p.kind == PhraseKind::rank ||
                         p.kind == PhraseKind::honorific || p.kind == PhraseKind::past;
    if (lexicon && !lang.empty() && p.lang != lang) continue;
    auto& slot = out[static_cast<std::size_t>(p.kind)];
    if (!slot && phrase_fits(p, words, i)) slot = &p;
  }
}

const CountryInfo* Gazetteer::country(std::string_view code) const {
  const auto it = country_index_.find(std::string(code));
  return it == country_index_.end() ? nullptr : &countries_[it->second];
}

const OrgInfo* Gazetteer::org(std::string_view key) const {
  const auto it = org_index_.find(std::string(key));
  return it == org_index_.end() ? nullptr : &orgs_[it->second];
}

namespace {
std::mutex lookup_mutex;  // the shared normaliser behind name look-ups
}

const CountryInfo* Gazetteer::find_country(std::string_view name) const {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  if (upper.size() == 2) {
    if (const CountryInfo* c = country(upper)) return c;
  }
  std::lock_guard lock(lookup_mutex);
  const auto it = country_by_name_.find(phrase_key(name));
  return it == country_by_name_.end() ? nullptr : &countries_[it->second];
}

const OrgInfo* Gazetteer::find_org(std::string_view name) const {
  std::lock_guard lock(lookup_mutex);
  const auto it = org_by_name_.find(phrase_key(name));
  return it == org_by_name_.end() ? nullptr : &orgs_[it->second];
}

const AgreementInfo* Gazetteer::find_agreement(std::string_view name) const {
  std::lock_guard lock(lookup_mutex);
  const auto it = agreement_by_name_.find(phrase_key(name));
  return it == agreement_by_name_.end() ? nullptr : &agreements_[it->second];
}

const Gazetteer::Set& Gazetteer::stop_words() {
  static const Set words = [] {
    Normalizer norm;
    Set set;
    for (const auto& row : tsv_rows(data::kVietnameseWords)) {
      if (row.size() >= 2 && row[0] == "stop") set.insert(name_key(row[1], norm));
    }
    return set;
  }();
  return words;
}

bool Gazetteer::is_english_word(std::string_view exact, std::string_view word_class) {
  // Read on its own, as the stop words: class → its words.
  static const std::vector<std::pair<std::string, Set>> classes = [] {
    std::vector<std::pair<std::string, Set>> out;
    for (const auto& row : tsv_rows(data::kEnglishWords)) {
      if (row.size() < 2) continue;
      auto it =
          std::find_if(out.begin(), out.end(), [&](const auto& c) { return c.first == row[0]; });
      if (it == out.end()) it = out.insert(out.end(), {std::string(row[0]), Set{}});
      it->second.emplace(row[1]);
    }
    return out;
  }();
  for (const auto& [name, words] : classes) {
    if (name == word_class) return words.find(exact) != words.end();
  }
  return false;
}

bool Gazetteer::is_stop_word(std::string_view exact) {
  return stop_words().find(exact) != stop_words().end();
}

std::size_t Gazetteer::place_at(const WordInfo* info, const std::vector<Word>& words,
                                std::size_t i) const {
  return info ? longest_at(places_, info->places, words, i) : 0;
}

std::size_t Gazetteer::admin_at(const WordInfo* info, const std::vector<Word>& words,
                                std::size_t i) const {
  return info ? longest_at(admins_, info->admins, words, i) : 0;
}

std::size_t Gazetteer::longest_at(const std::vector<std::vector<std::string>>& phrases,
                                  const std::vector<std::uint16_t>& starting,
                                  const std::vector<Word>& words, std::size_t i) {
  std::size_t best = 0;
  for (const std::uint16_t index : starting) {
    const auto& p = phrases[index];
    if (p.size() <= best || i + p.size() > words.size()) continue;
    bool ok = true;
    for (std::size_t k = 1; k < p.size() && ok; ++k) ok = words[i + k].exact == p[k];
    if (ok) best = p.size();
  }
  return best;
}

bool Gazetteer::head_in_lower_case(std::string_view key) const {
  return lower_case_heads_.find(key) != lower_case_heads_.end();
}

std::size_t Gazetteer::head_at(const WordInfo* info, const std::vector<Word>& words, std::size_t i, HeadKind kind,
                               std::string* key) const {
  if (!info) return 0;
  const std::vector<Head>& heads = kind == HeadKind::org ? org_heads_ : agreement_heads_;
  std::size_t best = 0;
  for (const std::uint16_t index :
       kind == HeadKind::org ? info->org_heads : info->agreement_heads) {
    const Head& h = heads[index];
    if (h.words.size() <= best || i + h.words.size() > words.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < h.words.size() && ok; ++k) {
      ok = words[i + k].exact == h.words[k] &&
           (k == 0 || words[i + k].gap == Word::space || words[i + k].gap == Word::hyphen);
    }
    if (ok) {
      best = h.words.size();
      if (key) *key = h.key;
    }
  }
  return best;
}

bool Gazetteer::is_stop_pair(std::string_view exact, std::string_view next) const {
  std::string pair;
  pair.reserve(exact.size() + 1 + next.size());
  pair.append(exact).append(" ").append(next);
  return stop_words().find(pair) != stop_words().end();
}

}  // namespace corpus
