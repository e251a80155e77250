// The extraction driver: each field through the passes in their order (findings.h), then the
// article's officials and agreements grouped into entities.
#include "corpus/extract.h"

#include <algorithm>

#include "corpus/extract/agreements.h"
#include "corpus/extract/countries.h"
#include "corpus/extract/officials.h"
#include "corpus/extract/orgs.h"

namespace corpus {

std::string_view to_string(EntityType t) {
  switch (t) {
    case EntityType::country:
      return "country";
    case EntityType::official:
      return "official";
    case EntityType::org:
      return "org";
    case EntityType::agreement:
      return "agreement";
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
    case Field::title:
      return "title";
    case Field::lead:
      return "lead";
    case Field::body:
      return "body";
  }
  return "body";
}

namespace extraction {

Entity& ArticleEntities::get(const std::string& key, EntityType type) {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) {
    it = by_key_.emplace(key, Entity{}).first;
    it->second.type = type;
    it->second.key = key;
    order_.push_back(key);
  }
  return it->second;
}

std::vector<Entity> ArticleEntities::take() {
  std::vector<Entity> out;
  out.reserve(order_.size());
  for (const auto& key : order_) {
    Entity& e = by_key_.at(key);
    e.aliases.erase(std::remove(e.aliases.begin(), e.aliases.end(), e.name), e.aliases.end());
    out.push_back(std::move(e));
  }
  return out;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace extraction

// What the extractor keeps from one field to the next.
struct ExtractScratch {
  extraction::CursorScratch cursor;
  extraction::FieldFindings findings;
};

Extractor::Extractor(Normalizer* shared)
    : gaz_(Gazetteer::instance()),
      own_(shared ? nullptr : std::make_unique<Normalizer>()),
      norm_(shared ? *shared : *own_),
      scratch_(std::make_unique<ExtractScratch>()) {}

Extractor::~Extractor() = default;

std::vector<Entity> Extractor::extract(const Article& a, std::string_view body,
                                       const std::array<PreparedText, 3>* tokens) {
  using namespace extraction;
  const bool vi = a.lang == "vi";
  ArticleState state;
  ArticleEntities entities;
  std::vector<PersonMention> persons;
  std::vector<AgreementMention> agreements;
  const std::array<std::pair<Field, std::string_view>, 3> fields{
      {{Field::title, a.title}, {Field::lead, a.lead.text}, {Field::body, body}}};
  for (const auto& [field, text] : fields) {
    if (text.empty()) continue;
    const PreparedText* prepared = tokens ? &(*tokens)[static_cast<std::size_t>(field)] : nullptr;
    const SentenceCursor cursor(gaz_, norm_, text, prepared, field, vi, scratch_->cursor);
    FieldFindings& found = scratch_->findings;
    found.reset(cursor.size());
    state.previous_foreign_country = state.last_foreign_country;
    find_countries(cursor, found, state);
    find_orgs(cursor, found);
    find_officials(cursor, found, state, persons);
    find_agreements(cursor, found, state, agreements);
    add_countries(cursor, found, entities);
    add_orgs(cursor, found, entities);
  }
  group_officials(persons, vi, entities);
  group_agreements(agreements, a, gaz_, norm_, entities);
  return entities.take();
}

}  // namespace corpus
