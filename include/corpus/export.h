// What leaves the database for other tools: each article as one JSON document (its text,
// dates, entities, copy group), written as JSON Lines or as Elasticsearch / OpenSearch `_bulk`
// actions, and an index template whose analyzers come as close to corpus's matching as the
// analysis-icu plugin allows (docs/ELASTICSEARCH.md says where they still differ).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "corpus/store.h"

namespace corpus {

struct ExportOptions {
  std::string index = "corpus";  // the _bulk actions' index; the template matches index*
  std::optional<std::string> from, to, lang;  // as search's filters (days, inclusive)
};

// Each article's document, in id order: id, date (ISO) and timestamp (epoch milliseconds,
// UTC midnight), lang, title, lead, body, source_name, paths, content_hash, meta; entities
// (type, name, name_en, code, mentions) and per type the names (countries by code); copies
// (the group's canonical article, whether this is it, the group's size) once `corpus dedupe`
// has found copies. Returns how many.
std::int64_t export_articles(Store& store, const ExportOptions& options,
                             const std::function<void(const nlohmann::ordered_json& doc)>& sink);

// The `_bulk` action line for a document: `{"index":{"_index":...,"_id":...}}`. The _id is
// the article's id (over Elasticsearch's 512 bytes: its start and a hash of it all), so that
// exporting again overwrites rather than duplicates.
nlohmann::ordered_json bulk_action(const ExportOptions& options, const nlohmann::ordered_json& doc);
std::string bulk_id(std::string_view uid);

// The composable index template (`PUT _index_template/corpus`).
nlohmann::ordered_json es_template(const ExportOptions& options);
// The char filter's mappings: each old-style tone placement (`òa`) to the one corpus indexes
// (`oà`), made with ICU from the vowel pairs and tone marks, lower case.
std::vector<std::pair<std::string, std::string>> tone_placement_mappings();

// Days since 1970-01-01 as epoch milliseconds; nullopt for what is not a valid YYYY-MM-DD.
std::optional<std::int64_t> epoch_millis(std::string_view day);

}  // namespace corpus
