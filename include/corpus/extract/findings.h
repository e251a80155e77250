// What the extraction passes hand one another, in the order they run (docs/ARCHITECTURE.md,
// "Extraction passes"): per field, countries → organisations → officials → agreements, each
// reading what the passes before it found in that field (`FieldFindings`) and what the fields
// before it found in the article (`ArticleState`); then, per article, the officials' and the
// agreements' mentions are grouped into entities (`ArticleEntities`).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "corpus/extract.h"
#include "corpus/extract/cursor.h"

namespace corpus::extraction {

// A country or organisation mention in one field.
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

// The countries and organisations of one field, and which word belongs to which.
struct FieldFindings {
  std::vector<Found> countries, orgs;
  std::vector<int> country_at, org_at;  // per word: index into countries / orgs, or -1

  void reset(std::size_t words) {
    countries.clear();
    orgs.clear();
    country_at.assign(words, -1);
    org_at.assign(words, -1);
  }
  const Found* country(std::size_t i) const {
    return country_at[i] >= 0 ? &countries[static_cast<std::size_t>(country_at[i])] : nullptr;
  }
  const Found* org(std::size_t i) const {
    return org_at[i] >= 0 ? &orgs[static_cast<std::size_t>(org_at[i])] : nullptr;
  }
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
  Mention mention;  // where it stands, as stored
};

struct AgreementMention {
  Span words;
  std::string core, full, alias, head_key;
  std::vector<std::string> folded_names;  // folded core and alias, for grouping
  bool proper = false;  // a capitalised word besides the head: a name, not a topic
  std::vector<std::string> parties;
  std::string status, year;
  bool parties_from_clause = false;
  Mention mention;
};

// What spans the fields of one article.
struct ArticleState {
  std::vector<PersonMention> persons;    // every named person so far, in order
  std::string last_foreign_country;      // in the fields read so far
  std::string previous_foreign_country;  // as it was before the current field
};

// The article's entities by key, in the order they were first found.
class ArticleEntities {
 public:
  Entity& get(const std::string& key, EntityType type);
  Entity& at(const std::string& key) { return by_key_.at(key); }
  std::vector<Entity> take();

 private:
  std::map<std::string, Entity> by_key_;
  std::vector<std::string> order_;
};

void add_unique(std::vector<std::string>& v, const std::string& s);

}  // namespace corpus::extraction
