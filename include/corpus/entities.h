// Entities in the store: what ingest extracted (extract.h), resolved to one row per entity
// across articles, and the look-ups behind `corpus entities`, `corpus entity`, the entity
// filters of `corpus search` and the `entities` of `corpus show --json`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/extract.h"
#include "corpus/store.h"

struct XXH3_state_s;  // xxhash.h's streaming state

namespace corpus {

// Bumped whenever the extraction rules change what they find; `corpus reindex --entities`
// brings a database made under other rules up to date.
inline constexpr int kEntityRulesVersion = 1;

struct EntitySummary {
  std::int64_t id = 0;
  EntityType type = EntityType::country;
  std::string name, name_en, code;
  std::vector<std::string> aliases;
  nlohmann::json info = nlohmann::json::object();  // kind, status, parties, ...
  std::int64_t mentions = 0, articles = 0;
};

struct RoleRow {
  std::string title, org, country;
  bool past = false;
  std::optional<std::string> date;
  std::string article_uid;
};

struct EntityArticle {
  std::string uid, title;
  std::optional<std::string> date;
  std::int64_t mentions = 0;
};

struct EntityDetail {
  EntitySummary entity;
  std::vector<RoleRow> roles;
  std::vector<EntityArticle> articles;
  std::vector<EntitySummary> related;  // most often mentioned in the same articles
};

struct ArticleEntity {
  EntitySummary entity;
  std::vector<Mention> mentions;
  std::vector<RoleRow> roles;  // officials: the roles this article gives them
};

class EntityIndex {
 public:
  explicit EntityIndex(Store& store);
  ~EntityIndex();
  EntityIndex(const EntityIndex&) = delete;
  EntityIndex& operator=(const EntityIndex&) = delete;

  // Records what article `article_id` says about entities, replacing what it said before.
  // Inside the store's transaction.
  // `new_article`: just inserted, so there is nothing to replace.
  void save(std::int64_t article_id, const Article& a, const std::vector<Entity>& entities,
            bool new_article = false);
  void forget(std::int64_t article_id);
  // What is wrong with the entity tables, a line each (empty: nothing): the names index
  // against the entities, and every mention's span against its article's text (a field that
  // exists, within it, on character boundaries). For `corpus check`.
  std::vector<std::string> check();
  // Brings the names index up to date with the names saved; before each commit.
  void flush_names();
  // Entities no article mentions any more.
  std::int64_t drop_orphans();
  // Re-extracts every article (after a rule change); returns the number of articles.
  std::int64_t reindex(const std::function<void(std::int64_t done)>& progress = {});
  // The rules version the stored entities were made by; nullopt if never recorded.
  std::optional<int> rules_version();

  std::vector<EntitySummary> list(std::optional<EntityType> type, std::int64_t limit);
  // Entities by ISO code, by any alias (unaccented query: any marks; accented: exact), or
  // through the names index (words, prefixes `naghi*`); most mentioned first. Without
  // `counted`, mentions and articles are left 0 and the order is by name: what a search's
  // filters and named entities need, without summing the mentions of a common entity
  // (`Chính phủ`: 7,915 in 3,257 articles, 100 ms when they are not in the page cache).
  std::vector<EntitySummary> find(std::string_view name, std::int64_t limit = 10, bool counted = true);
  // Only entities one of whose names is `name`, whole (no word or prefix search, no codes).
  std::vector<EntitySummary> named(std::string_view name, std::int64_t limit = 10, bool counted = true);
  EntityDetail detail(const EntitySummary& e, std::int64_t article_limit = 50);
  std::vector<ArticleEntity> for_article(std::int64_t article_id);

 private:
  std::int64_t resolve(const Entity& e);
  std::int64_t resolve_uncached(const Entity& e);
  void add_known_names(const Entity& e, std::int64_t id);
  bool inserted_ = false;  // set by resolve_uncached when it created the entity
  EntitySummary summary_row(Statement& s);
  std::vector<EntitySummary> find_impl(std::string_view name, std::int64_t limit, bool whole_names_only,
                                       bool counted);
  void fill_aliases(EntitySummary& e);
  void refresh_names_index(std::int64_t id);
  // Writes (id, name) unless this process did already; true if a row was added.
  bool write_alias(std::int64_t id, std::string_view name);
  static constexpr std::size_t kMentionsPerInsert = 8;

  Store& store_;
  Normalizer norm_;
  bool version_recorded_ = false;
  // What this process has written already, so that an ingest does not ask SQLite again for
  // every mention of Vietnam. Cleared whenever rows may have gone (reindex, orphans).
  std::unordered_map<std::string, std::int64_t> key_ids_;
  std::unordered_set<std::uint64_t> aliases_written_;  // XXH3 of (entity, name) saved
  std::unordered_set<std::uint64_t> name_sets_written_;  // XXH3 of (entity, names) saved
  std::unordered_set<std::int64_t> code_from_title_;      // officials whose code a title gave
  ::XXH3_state_s* hash_state_;
  std::set<std::int64_t> names_dirty_;  // entities whose names changed since flush_names()
};

// The mentions a `mentions.spans` value records ("field start end kind", `;`-separated), in
// order; pieces that do not read as one are left out.
std::vector<Mention> decode_spans(const std::string& spans);

}  // namespace corpus
