#include "corpus/extract/agreements.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace corpus::extraction {

namespace {

std::string agreement_kind_of(const std::string& head_key) {
  if (head_key == "công ước" || head_key == "convention") return "convention";
  if (head_key == "hiệp ước" || head_key == "treaty" || head_key == "pact") return "treaty";
  if (head_key == "nghị định thư" || head_key == "protocol") return "protocol";
  if (head_key == "bản ghi nhớ" || head_key.rfind("memorandum", 0) == 0) return "memorandum";
  if (head_key == "tuyên bố chung") return "joint statement";
  if (head_key == "hiến chương" || head_key == "charter") return "charter";
  return "agreement";
}

class AgreementsPass {
 public:
  AgreementsPass(const SentenceCursor& c, const FieldFindings& f, const ArticleState& state)
      : c_(c), f_(f), state_(state), vi_(c.vi()) {}

  void run(std::vector<AgreementMention>& out);

 private:
  std::size_t head_at(std::size_t i, std::string* key = nullptr) const {
    return c_.head_at(i, HeadKind::agreement, key);
  }
  std::string last_foreign_before(std::size_t i) const;
  // Word e-1 ends a proper name: an abbreviation, a foreign word, a country or a body.
  bool proper_name_before(std::size_t e) const {
    const Word& w = c_[e - 1];
    if (!w.cap) return false;
    // Inside one country's or body's name, `e` goes on with it (`Liên hợp quốc`).
    if (f_.org_at[e] >= 0 && f_.org_at[e] == f_.org_at[e - 1]) return false;
    if (f_.country_at[e] >= 0 && f_.country_at[e] == f_.country_at[e - 1]) return false;
    return w.upper || (!has_marks(w) && !looks_vietnamese_syllable(w.exact)) ||
           f_.country_at[e - 1] >= 0 || f_.org_at[e - 1] >= 0;
  }
  std::vector<std::string> sentence_countries(Span s) const;
  std::string status_of(Span s) const;
  std::string year_of(Span s) const;

  const SentenceCursor& c_;
  const FieldFindings& f_;
  const ArticleState& state_;
  bool vi_;
};

void AgreementsPass::run(std::vector<AgreementMention>& out) {
  const SentenceCursor& c = c_;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c.excluded(i) || !c[i].cap) continue;
    if (c[i].upper && c.all_caps_sentence(i)) continue;  // `SIGNS PACT`
    std::string head_key;
    const std::size_t hl = head_at(i, &head_key);
    if (hl == 0) continue;
    // A head inside an organisation's name names the organisation (`Tổ chức Hiệp ước Bắc Đại
    // Tây Dương`, `North Atlantic Treaty Organization`).
    if (f_.org_at[i] >= 0) continue;
    const bool english_head = !has_marks(c[i]) && !vi_;
    if (i > 0 && c.joined(i) &&
        in_list(c[i - 1].exact,
                {"các", "những", "nhiều", "hai", "ba", "một", "mỗi", "số", "bản"})) {
      continue;
    }
    AgreementMention am;
    am.head_key = head_key;
    std::size_t b = i, e = i + hl;
    if (english_head || !vi_) {
      // English: capitalised words before the head and "of/on X" after it.
      while (b > 0 && c.joined(b) && c[b - 1].cap && !english_non_name(c[b - 1].exact) &&
             !(c[b - 1].sentence_start && english_non_name(c[b - 1].exact)) && i - b < 5) {
        --b;
      }
      while (e < c.size() && c.joined(e)) {
        if (in_list(c[e].exact, {"of", "on", "for", "against", "between", "and"}) &&
            e + 1 < c.size() && c.joined(e + 1) && c[e + 1].cap) {
          e += 2;
          continue;
        }
        if (c[e].cap && e > i + hl &&
            (c[e - 1].cap ||
             in_list(c[e - 1].exact, {"of", "on", "for", "against", "between", "and"}))) {
          if (head_at(e)) break;
          ++e;
          continue;
        }
        break;
      }
      if (b == i && e == i + hl) continue;  // "the Agreement": generic
      am.words = {b, e};
      am.core = am.full = c.surface(am.words);
    } else {
      bool in_clause = false;
      std::size_t clause_at = 0;
      bool anaphoric = false;
      while (e < c.size() && !c.excluded(e)) {
        const Word& w = c[e];
        if (w.gap == Word::comma) {
          if (head_at(e) || w.cap || c.stop_at(e) || in_clause) break;
          if (e + 1 < c.size() && head_at(e + 1)) break;
        } else if (!c.joined(e)) {
          break;
        }
        if (head_at(e) && e > i + hl) break;
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
          if (e + 1 < c.size() && head_at(e + 1)) break;
          if (!in_clause && e + 1 < c.size() && !c[e + 1].cap && c.stop_at(e + 1)) break;
          ++e;
          continue;
        }
        if (in_clause) {
          if (c.stop_at(e) && !in_list(w.exact, {"hai", "các", "của", "bộ"})) break;
          ++e;
          continue;
        }
        // After a proper name (`CPTPP`, `Paris`, `Liên Hợp Quốc`) only a topic, parties or a year
        // go on with the name; other words begin the clause (`Hiệp định CPTPP sắp có hiệu lực`).
        if (!w.cap && e > i + hl && proper_name_before(e) &&
            !in_list(w.exact, {"về", "giữa", "với", "năm"}))
          break;
        if (!in_list(w.exact, {"về", "trong", "của", "bị", "cho", "với", "từ", "đối", "các",
                               "những", "người"}) &&
            c.stop_at(e))
          break;
        if (e - i > 24) break;
        ++e;
      }
      if (anaphoric) continue;
      while (e > i + hl &&
             in_list(c[e - 1].exact, {"về", "trong", "của", "và", "giữa", "việc", "các", "những"}))
        --e;
      if (e <= i + hl) continue;
      if (c.stop_at(i + hl)) continue;
      am.words = {b, e};
      am.full = c.surface(am.words);
      if (in_clause && clause_at > i + hl && clause_at < e) {
        am.core = c.surface(Span{b, clause_at});
        am.parties_from_clause = true;
        std::set<std::string> parties;
        for (std::size_t k = clause_at; k < e; ++k) {
          if (const Found* country = f_.country(k)) {
            parties.insert(country->code);
          } else if (const Found* o = f_.org(k); o && !o->code.empty()) {
            parties.insert(o->code);
          }
        }
        am.parties.assign(parties.begin(), parties.end());
        if (am.parties.empty()) am.parties_from_clause = false;
      } else {
        am.core = am.full;
      }
    }
    // `(Công ước Hà Nội)`, `(EVFTA)` right after: another name of it.
    if (e < c.size() && c[e].gap == Word::open_paren) {
      std::size_t k = e;
      while (k < c.size() && (k == e || c.joined(k)) && k - e < 8) ++k;
      const bool closed = k >= c.size() || c[k].gap == Word::close_paren ||
                          c.text().substr(c[k - 1].end, 2).find(')') != std::string_view::npos;
      if (closed && (head_at(e) || (k - e == 1 && c[e].upper))) am.alias = c.surface(Span{e, k});
    }
    for (std::size_t k = b; k < e; ++k) {
      if (k >= i && k < i + hl) continue;
      if (c[k].cap && f_.country_at[k] < 0 && f_.org_at[k] < 0) am.proper = true;
    }
    am.folded_names.push_back(folded_key(am.core, c.norm()));
    if (!am.alias.empty()) am.folded_names.push_back(folded_key(am.alias, c.norm()));
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
    am.mention = c.mention(am.words, "name");
    out.push_back(std::move(am));
    i = e - 1;
  }
}

std::string AgreementsPass::last_foreign_before(std::size_t i) const {
  for (std::size_t k = i; k > 0; --k) {
    const Found* country = f_.country(k - 1);
    if (country && country->code != "VN") return country->code;
  }
  return state_.previous_foreign_country;
}

std::vector<std::string> AgreementsPass::sentence_countries(Span s) const {
  std::set<std::string> out;
  const Span sentence = c_.sentence_of(s.b);
  for (std::size_t k = sentence.b; k < sentence.e; ++k) {
    if (const Found* country = f_.country(k)) out.insert(country->code);
  }
  return {out.begin(), out.end()};
}

std::string AgreementsPass::status_of(Span s) const {
  std::string sentence;
  const Span around = c_.sentence_of(s.b);
  for (std::size_t k = around.b; k < around.e; ++k) {
    if (k >= s.b && k < s.e) continue;
    sentence += ' ';
    sentence += c_[k].folded;
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

std::string AgreementsPass::year_of(Span s) const {
  const Span around = c_.sentence_of(s.b);
  for (std::size_t k = around.b; k < around.e; ++k) {
    const std::string_view w = c_[k].exact;
    if (w.size() == 4 && (w.rfind("19", 0) == 0 || w.rfind("20", 0) == 0) &&
        std::all_of(w.begin(), w.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) && k > 0 &&
        in_list(c_[k - 1].exact, {"năm", "in", "since"})) {
      return std::string(w);
    }
  }
  return "";
}

}  // namespace

void find_agreements(const SentenceCursor& c, const FieldFindings& f, const ArticleState& state,
                     std::vector<AgreementMention>& out) {
  AgreementsPass(c, f, state).run(out);
}

void group_agreements(const std::vector<AgreementMention>& agreements, const Article& a,
                      const Gazetteer& gaz, Normalizer& norm, ArticleEntities& out) {
  std::vector<std::size_t> parent(agreements.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  std::function<std::size_t(std::size_t)> find = [&](std::size_t x) {
    return parent[x] == x ? x : parent[x] = find(parent[x]);
  };
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
      const auto& a1 = agreements[i];
      const auto& a2 = agreements[j];
      if (party_key(a1) != party_key(a2)) continue;
      bool same = false;
      for (const auto& x : a1.folded_names) {
        for (const auto& y : a2.folded_names) {
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
    const AgreementMention* best = &agreements[members[0]];
    for (std::size_t m : members) {
      const auto& am = agreements[m];
      const bool official = !am.alias.empty() && best->alias.empty();
      if (official ||
          (am.alias.empty() == best->alias.empty() && am.core.size() > best->core.size()))
        best = &am;
    }
    // A well-known instrument: its names in both languages (src/data/agreements.tsv).
    const AgreementInfo* known = nullptr;
    for (std::size_t m : members) {
      for (const std::string* n :
           {&agreements[m].core, &agreements[m].alias, &agreements[m].full}) {
        if (!known && !n->empty()) known = gaz.find_agreement(*n);
      }
    }
    const std::string key =
        known ? "agreement:" + folded_key(known->name_vi, norm) + "|"
              : "agreement:" + folded_key(best->core, norm) + "|" + party_key(*best);
    Entity& e = out.get(key, EntityType::agreement);
    e.name = known ? known->name_vi : best->core;
    e.agreement_kind = known ? known->kind : agreement_kind_of(best->head_key);
    if (known) e.name_en = known->name_en;
    std::set<std::string> parties;
    for (std::size_t m : members) {
      const auto& am = agreements[m];
      Mention mention = am.mention;
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
}

}  // namespace corpus::extraction
