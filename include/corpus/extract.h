// Entity extraction: countries, officials (with titles and roles), organisations and
// agreements found in one article by rules anchored on the gazetteer (gazetteer.h). The
// rules are written for the languages, Vietnamese and English news style, not for any one text.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/article.h"
#include "corpus/gazetteer.h"

namespace corpus {

enum class EntityType : std::uint8_t { country, official, org, agreement };
std::string_view to_string(EntityType t);
std::optional<EntityType> entity_type_from_string(std::string_view s);

// The article's three indexed texts; mention offsets are bytes into one of them.
enum class Field : std::uint8_t { title = 0, lead = 1, body = 2 };
std::string_view to_string(Field f);

struct Mention {
  Field field = Field::body;
  std::uint32_t begin = 0, end = 0;
  // name, alias (another name of the entity), abbrev, anaphor (a title standing for a
  // person named before), title (the mention is a title phrase of the official).
  std::string kind = "name";
  std::string text;  // the surface, as written
};

struct Role {
  std::string title;  // as written, with its organisation: "Bộ trưởng Bộ Công an"
  std::string org;    // the organisation inside the title, if any
  std::string country;  // ISO code, "" when unknown
  bool past = false;    // `nguyên`, `khi đó là`, `former`
};

struct Entity {
  EntityType type = EntityType::country;
  // How the store recognises the same entity in another article: the country code, an
  // organisation's key, an official's name (exact form), an agreement's name and parties.
  std::string key;
  std::string name;     // canonical, in the article's language for those named there
  std::string name_en;  // English name when known
  std::string code;     // ISO 3166 alpha-2 of the country (of an official's, org's country)
  std::vector<std::string> aliases;  // other names seen or known, canonical excluded
  std::vector<Mention> mentions;
  // Officials.
  std::vector<Role> roles;
  std::vector<std::string> honorifics, ranks;
  bool vietnamese_name = false;  // never merged with a name that differs in marks
  bool code_from_title = false;  // officials: `code` read from a title, not assumed
  // Agreements.
  std::string agreement_kind;  // convention, treaty, agreement, memorandum, ...
  std::string status;          // signed, to be signed, under negotiation, opened for signature
  std::vector<std::string> parties;  // ISO codes
  std::string date;                  // a year named with it, else the article's date
  std::string org_kind;              // organisations: ministry, company, international, ...
};

struct ExtractOptions {
  bool countries = true, officials = true, orgs = true, agreements = true;
};

class Extractor {
 public:
  // `shared`: a normaliser (and its cache of word forms) to use instead of one of its own;
  // it must belong to the calling thread, like the extractor.
  explicit Extractor(Normalizer* shared = nullptr);
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;
  // `body` is Article::body_text(); it is passed in because callers have it already.
  // `tokens`: the tokenizer's prepare_document() of title, lead and body, when the caller has
  // them (ingest does): the words' forms are read from there instead of computed again.
  std::vector<Entity> extract(const Article& a, std::string_view body,
                              const std::array<PreparedText, 3>* tokens = nullptr);

 private:
  const Gazetteer& gaz_;
  std::unique_ptr<Normalizer> own_;
  Normalizer& norm_;
  std::unique_ptr<struct ExtractScratch> scratch_;
};

// Foreign personal names that are variants of one another: the same number of words, each
// within one edit of the other once folded (`Naghiyev` / `Nagiyev`).
bool foreign_name_variants(std::string_view a, std::string_view b, Normalizer& norm);
// The same for two names already in folded_key() form.
bool folded_name_variants(const std::string& a, const std::string& b);

}  // namespace corpus
