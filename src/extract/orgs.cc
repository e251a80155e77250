#include "corpus/extract/orgs.h"

#include <algorithm>

#include "corpus/text.h"

namespace corpus::extraction {

namespace {

class OrgsPass {
 public:
  OrgsPass(const SentenceCursor& c, FieldFindings& f) : c_(c), f_(f), gaz_(c.gaz()) {}

  void run() {
    const SentenceCursor& c = c_;
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (c.excluded(i) || f_.org_at[i] >= 0) continue;
      // A known name is a lexicon word, any other begins with a capital or a head word.
      if (!c.has_phrase(i) && !c[i].cap && !(c.info(i) && c.info(i)->lower_case_org_head_start))
        continue;
      if (f_.country_at[i] >= 0 && !c.match(i, {PhraseKind::org})) continue;
      Found f;
      f.type = EntityType::org;
      f.words = {i, i};
      const Phrase* known = c.match(i, {PhraseKind::org});
      Span generic = c.vi() || has_marks(c[i]) ? generic_org_vi(i) : generic_org_en(i);
      if (known) {
        Span s{i, i + known->length};
        // Its country written after it: the same body (`Bộ Công an Việt Nam`), or another
        // country's body of that name (`Bộ Nội vụ Cộng hòa Mozambique`).
        std::string explicit_country;
        if (s.e < c.size() && c.joined(s.e) && f_.country_at[s.e] >= 0) {
          const Found& country = *f_.country(s.e);
          explicit_country = country.code;
          s.e = country.words.e;
        }
        bool longer = false;
        for (std::size_t k = s.e; k < generic.e; ++k) longer = longer || c[k].cap;
        if (longer) {
          // a longer name that starts the same way: `Bộ Tư pháp và Hiến pháp`
        } else if (!explicit_country.empty() && !known->code.empty() &&
                   explicit_country != known->code) {
          generic = s;
        } else {
          const OrgInfo* info = gaz_.org(known->key);
          f.words = s;
          f.org_key = known->key;
          f.name = info->name_vi;
          f.name_en = info->name_en;
          f.code = info->country;
          f.org_kind = info->kind;
          f.kind = c[i].upper && known->length == 1 ? "abbrev" : "name";
          const std::string ctx = explicit_country.empty() ? context_country(i) : std::string();
          if (!ctx.empty() && (info->kind == "ministry" || info->kind == "government") &&
              ctx != info->country) {
            // Another country's ministry of the same name, named by the context.
            f.org_key.clear();
            f.code = ctx;
            f.name = c.surface(Span{i, i + known->length});
            f.base_key = c.key_of(Span{i, i + known->length});
            f.name_en.clear();
          }
          add(std::move(f));
          i = s.e - 1;
          continue;
        }
      }
      if (generic.e <= generic.b) continue;
      f.words = generic;
      f.name = c.surface(generic);
      std::size_t base_end = generic.e;
      for (std::size_t k = generic.b; k < generic.e; ++k) {
        if (const Found* country = f_.country(k)) {
          f.code = country->code;
          if (country->words.e == generic.e) base_end = std::min(base_end, country->words.b);
        }
      }
      f.base_key = c.key_of(base_end > generic.b ? Span{generic.b, base_end} : generic);
      if (f.code.empty()) f.code = context_country(i);
      if (f.code.empty() && c.vi() &&
          in_list(c[i].exact, {"bộ", "cục", "tổng", "sở", "ủy", "uỷ", "ban", "chính", "quốc"})) {
        f.code = "VN";
      }
      add(std::move(f));
      i = generic.e - 1;
    }
  }

 private:
  void add(Found f) {
    for (std::size_t k = f.words.b; k < f.words.e; ++k) {
      if (f_.org_at[k] < 0) f_.org_at[k] = static_cast<int>(f_.orgs.size());
    }
    f_.orgs.push_back(std::move(f));
  }

  // The foreign country an unqualified ministry belongs to: one named shortly before in the
  // same sentence, with only a list of bodies in between (`... pháp luật Iran (Bộ Nội vụ,
  // Bộ Quốc phòng ...)`).
  std::string context_country(std::size_t i) const {
    for (std::size_t k = i, steps = 0; k > 0 && steps < 10; --k, ++steps) {
      const std::size_t j = k - 1;
      if (c_.sentence(j) != c_.sentence(i)) break;
      if (const Found* country = f_.country(j)) {
        return country->code == "VN" ? std::string() : country->code;
      }
      if (const Found* o = f_.org(j)) {
        if (o->org_key.empty() && !o->code.empty() && o->code != "VN") return o->code;
        k = o->words.b + 1;
        continue;
      }
      if (c_[j].cap) break;
    }
    return {};
  }

  Span generic_org_vi(std::size_t i) const {
    const SentenceCursor& c = c_;
    if (i > 0 && c.joined(i) &&
        in_list(c[i - 1].exact, {"các", "những", "nhiều", "hai", "mỗi", "toàn", "từng"}))
      return {i, i};
    std::string head;
    const std::size_t head_len = c.head_at(i, HeadKind::org, &head);
    if (head_len == 0) return {i, i};
    // A title that begins with the head is a person's (`Bộ trưởng Quốc phòng Mỹ`, `Tổng cục
    // trưởng`), not a body's name.
    if (const Phrase* t = c.match(i, {PhraseKind::title}); t && t->length > head_len) return {i, i};
    std::size_t j = i + head_len;
    if (j >= c.size() || !c.joined(j)) return {i, i};
    // A head in lower case names a body only before the place or country it serves
    // (`huyện uỷ An Lão`, `chính phủ Mexico`, `ủy ban nhân dân phường 12`).
    if (!c[i].cap && !(gaz_.head_in_lower_case(head) &&
                       (c.place_end(j) > j || c.place(j) > 0 || f_.country_at[j] >= 0)))
      return {i, i};
    const bool cap_after = c[j].cap;
    std::size_t lower_run = 0;
    std::size_t lower_total = 0;
    std::size_t end = j;
    bool saw_country = false, saw_place = false;
    while (j < c.size() && c.joined(j) && !c.excluded(j)) {
      // The place a local body serves ends its name: `UBND phường 12`, `Công an TP. Hà Nội`,
      // `Sở Tài nguyên môi trường tỉnh Thanh Hoá`, `Đại học Tổng hợp Hà Nội`.
      std::size_t place = c.place_end(j);
      if (place <= j && c[j].cap) place = j + c.place(j);
      if (place > j) {
        j = end = place;
        saw_place = true;
        break;
      }
      if (const Found* country = f_.country(j)) {
        j = country->words.e;
        end = j;
        saw_country = true;
        break;
      }
      const Word& w = c[j];
      if (w.cap) {
        if (c.match(j, {PhraseKind::title, PhraseKind::rank})) break;
        if (j > i + head_len && c.surname(j) && j + 1 < c.size() && c.joined(j + 1) && c[j + 1].cap)
          break;
        if (j > i + head_len && org_head_at(j)) break;
        lower_run = 0;
        ++j;
        end = j;
        continue;
      }
      if (w.exact == "và" && j + 1 < c.size() && c.joined(j + 1) && c[j + 1].cap &&
          !c.match(j + 1, {PhraseKind::title, PhraseKind::rank}) && !org_head_at(j + 1)) {
        j += 1;
        continue;
      }
      if (c.stop_at(j) || w.exact == "và") break;
      if (w.upper || !text::has_word(w.exact)) break;
      // Lower-case words finish a Vietnamese compound (`Công an`, `Nội vụ`), never a
      // foreign name (`Ericsson chia sẻ`).
      if (j > i + head_len && c[j - 1].cap && !has_marks(c[j - 1]) &&
          !looks_vietnamese_syllable(c[j - 1].exact))
        break;
      ++lower_run;
      ++lower_total;
      if (lower_run > 4) break;
      ++j;
      if (cap_after) end = j;
    }
    if (!cap_after && !saw_country && !saw_place) return {i, i};
    if (!cap_after && lower_total > 4) return {i, i};
    if (end <= i + head_len) return {i, i};
    return {i, end};
  }

  // A capitalised head followed by a capitalised word: another organisation begins.
  bool org_head_at(std::size_t j) const {
    if (!c_[j].cap) return false;
    const std::size_t n = c_.head_at(j, HeadKind::org);
    return n > 0 && j + n < c_.size() && c_.joined(j + n) && c_[j + n].cap;
  }

  Span generic_org_en(std::size_t i) const {
    const SentenceCursor& c = c_;
    if (!c[i].cap || (c[i].upper && c.all_caps_sentence(i))) return {i, i};
    if (english_non_name(c[i].exact) && c[i].sentence_start) return {i, i};
    // "Ministry of Finance", "Bank of Japan"
    if (in_list(c[i].exact, {"ministry", "department", "bank", "bureau", "office"}) &&
        i + 2 < c.size() && c.joined(i + 1) && c[i + 1].exact == "of" && c.joined(i + 2) &&
        c[i + 2].cap) {
      std::size_t e = i + 2;
      while (e < c.size() && c.joined(e) &&
             (c[e].cap || (c[e].exact == "and" && e + 1 < c.size() && c[e + 1].cap)))
        ++e;
      return {i, e};
    }
    // A run of capitalised words ending in a company or body word: "Chrysler Corp"; not one
    // that starts with such a word ("Co Inc" after a name the run missed).
    if (english_org_suffix(c[i].exact)) return {i, i};
    // Inside a longer run, unless what comes before is a word (`The Southeast Asia Treaty
    // Organization`).
    if (i > 0 && c.joined(i) && c[i - 1].cap && !english_non_name(c[i - 1].exact)) return {i, i};
    std::size_t e = i;
    while (e < c.size() && (e == i || c.joined(e)) && c[e].cap && e - i < 6) {
      if (e > i && english_org_suffix(c[e].exact)) return {i, e + 1};
      if (c.match(e, {PhraseKind::title})) break;
      ++e;
    }
    return {i, i};
  }

  const SentenceCursor& c_;
  FieldFindings& f_;
  const Gazetteer& gaz_;
};

}  // namespace

void find_orgs(const SentenceCursor& c, FieldFindings& f) { OrgsPass(c, f).run(); }

void add_orgs(const SentenceCursor& c, const FieldFindings& f, ArticleEntities& out) {
  for (const Found& found : f.orgs) {
    const std::string key =
        !found.org_key.empty()
            ? "org:" + found.org_key
            : "org:" + found.base_key + (found.code.empty() ? "" : "|" + found.code);
    Entity& e = out.get(key, EntityType::org);
    if (e.name.empty()) e.name = found.name;
    e.name_en = found.name_en;
    e.code = found.code;
    e.org_kind = found.org_kind;
    e.mentions.push_back(c.mention(found.words, found.kind));
    add_unique(e.aliases, c.surface(found.words));
  }
}

}  // namespace corpus::extraction
