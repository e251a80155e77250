#include "corpus/entities.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>
#include <xxhash.h>

#include "corpus/query.h"
#include "corpus/text.h"

namespace corpus {
namespace {

bool has_marks(std::string_view s, Normalizer& norm) { return name_key(s, norm) != folded_key(s, norm); }

nlohmann::json info_of(const Entity& e) {
  nlohmann::json j = nlohmann::json::object();
  if (e.type == EntityType::agreement) {
    j["kind"] = e.agreement_kind;
    if (!e.status.empty()) j["status"] = e.status;
    j["parties"] = e.parties;
    if (!e.date.empty()) j["date"] = e.date;
  } else if (e.type == EntityType::org && !e.org_kind.empty()) {
    j["kind"] = e.org_kind;
  } else if (e.type == EntityType::official) {
    j["vietnamese_name"] = e.vietnamese_name;
    j["code_from_title"] = e.code_from_title;
    if (!e.honorifics.empty()) j["honorifics"] = e.honorifics;
    if (!e.ranks.empty()) j["ranks"] = e.ranks;
  }
  return j;
}

// Agreements of one name are one instrument only between the same parties (`Hiệp định dẫn
// độ` with Mozambique is not the one with South Africa); conventions are multilateral.
bool parties_agree(const nlohmann::json& stored, const Entity& e) {
  if (e.agreement_kind == "convention") return true;
  const auto parties = stored.value("parties", std::vector<std::string>{});
  return parties.empty() || e.parties.empty() || parties == e.parties;
}

// The blocking key of an official with a foreign name (see the `block` column); "" otherwise.
std::string block_of(const Entity& e, Normalizer& norm) {
  if (e.type != EntityType::official || e.vietnamese_name) return {};
  std::string out;
  const std::string folded = folded_key(e.name, norm);
  bool start = true;
  for (char c : folded) {
    if (c == ' ') {
      start = true;
    } else if (start) {
      if (!out.empty()) out += ' ';
      out += c;
      start = false;
    }
  }
  return out;
}

}  // namespace

EntityIndex::EntityIndex(Store& store) : store_(store), hash_state_(XXH3_createState()) {
  if (!hash_state_) throw std::bad_alloc();
}

EntityIndex::~EntityIndex() { XXH3_freeState(hash_state_); }

std::int64_t EntityIndex::resolve(const Entity& e) {
  if (const auto it = key_ids_.find(e.key); it != key_ids_.end()) return it->second;
  inserted_ = false;
  const std::int64_t id = resolve_uncached(e);
  key_ids_.emplace(e.key, id);
  if (inserted_) add_known_names(e, id);
  return id;
}

// The names the gazetteer knows for a new entity (CLDR's for a country, the tables' for an
// organisation or agreement), written once when the entity is created rather than carried
// by every article that mentions it.
void EntityIndex::add_known_names(const Entity& e, std::int64_t id) {
  const Gazetteer& gaz = Gazetteer::instance();
  const std::vector<std::string>* names = nullptr;
  if (e.type == EntityType::country) {
    if (const CountryInfo* c = gaz.country(e.code)) names = &c->aliases;
  } else if (e.type == EntityType::org && e.key.rfind("org:", 0) == 0 && e.key.find(' ') == std::string::npos) {
    if (const OrgInfo* o = gaz.org(std::string_view(e.key).substr(4))) names = &o->aliases;
  } else if (e.type == EntityType::agreement && !e.name_en.empty()) {
    if (const AgreementInfo* a = gaz.find_agreement(e.name)) names = &a->aliases;
  }
  if (!names) return;
  for (const std::string& n : *names) write_alias(id, n);
  names_dirty_.insert(id);
}

bool EntityIndex::write_alias(std::int64_t id, std::string_view name) {
  // Seeded by the entity: one 64-bit hash a name, not a string key built for each.
  if (name.empty()) return false;
  const auto seen = XXH3_64bits_withSeed(name.data(), name.size(), static_cast<std::uint64_t>(id));
  if (!aliases_written_.insert(seen).second) return false;
  store_.prepare("INSERT OR IGNORE INTO entity_aliases(entity_id, alias, folded) VALUES (?1, ?2, ?3)")
      .bind(1, id)
      .bind(2, name)
      .bind(3, folded_key(name, norm_))
      .run();
  return store_.changes() > 0;
}

std::int64_t EntityIndex::resolve_uncached(const Entity& e) {
  {
    Statement s = store_.prepare("SELECT id FROM entities WHERE key = ?1");
    s.bind(1, e.key);
    if (s.step()) return s.integer(0);
  }
  const std::string block = block_of(e, norm_);
  if (!block.empty()) {
    // A foreign name spelt another way (`Nagiyev` / `Naghiyev`), of the same country.
    Statement s = store_.prepare("SELECT id, name, coalesce(code, '') FROM entities WHERE block = ?1");
    s.bind(1, block);
    while (s.step()) {
      const std::string code = s.text(2);
      if (!code.empty() && !e.code.empty() && code != e.code) continue;
      if (foreign_name_variants(s.text(1), e.name, norm_)) return s.integer(0);
    }
  }
  if (e.type == EntityType::official && !e.vietnamese_name && e.name.find(' ') == std::string::npos) {
    // A family name alone (`Trump`): the one official of that country known by it.
    Statement s = store_.prepare(
        "SELECT DISTINCT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE a.folded = ?1 AND e.type = 'official' AND (?2 = '' OR e.code IS NULL OR e.code = ?2) LIMIT 2");
    s.bind(1, folded_key(e.name, norm_)).bind(2, e.code);
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.integer(0));
    if (ids.size() == 1) return ids[0];
  }
  if (e.type == EntityType::agreement) {
    std::vector<std::string> names{e.name};
    names.insert(names.end(), e.aliases.begin(), e.aliases.end());
    for (const std::string& n : names) {
      Statement s = store_.prepare(
          "SELECT e.id, e.info FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
          " WHERE a.folded = ?1 AND e.type = 'agreement'");
      s.bind(1, folded_key(n, norm_));
      while (s.step()) {
        const auto info = nlohmann::json::parse(s.text(1), nullptr, false);
        if (parties_agree(info, e)) return s.integer(0);
      }
    }
  }
  Statement ins = store_.prepare(
      "INSERT INTO entities(type, key, name, name_en, code, info, block) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  ins.bind(1, to_string(e.type)).bind(2, e.key).bind(3, e.name);
  if (e.name_en.empty()) ins.bind_null(4);
  else ins.bind(4, e.name_en);
  if (e.code.empty()) ins.bind_null(5);
  else ins.bind(5, e.code);
  ins.bind(6, info_of(e).dump());
  if (block.empty()) ins.bind_null(7);
  else ins.bind(7, block);
  ins.run();
  inserted_ = true;
  return store_.last_insert_id();
}

void EntityIndex::refresh_names_index(std::int64_t id) {
  std::string name, aliases;
  {
    Statement s = store_.prepare("SELECT name, coalesce(name_en, ''), coalesce(code, '') FROM entities WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return;
    name = s.text(0);
    aliases = s.text(1) + " | " + s.text(2);
  }
  {
    Statement s = store_.prepare("SELECT alias FROM entity_aliases WHERE entity_id = ?1");
    s.bind(1, id);
    while (s.step()) aliases += " | " + s.text(0);
  }
  store_.prepare("DELETE FROM entities_fts WHERE rowid = ?1").bind(1, id).run();
  store_.prepare("INSERT INTO entities_fts(rowid, name, aliases) VALUES (?1, ?2, ?3)")
      .bind(1, id)
      .bind(2, name)
      .bind(3, aliases)
      .run();
}

void EntityIndex::flush_names() {
  // One run of consecutive FTS5 writes: FTS5 writes out its pending terms at every statement
  // savepoint, so a names-index update per new entity wrote a segment each.
  for (std::int64_t id : names_dirty_) refresh_names_index(id);
  names_dirty_.clear();
}

namespace {

// Each mention in a `mentions.spans` value ("field start end kind", `;`-separated): `f(text,
// mention)`, with no mention for a piece that does not read as one.
template <class F>
void for_each_span(const std::string& spans, F&& f) {
  for (std::size_t at = 0; at <= spans.size();) {
    std::size_t end = spans.find(';', at);
    if (end == std::string::npos) end = spans.size();
    const std::string piece = spans.substr(at, end - at);
    unsigned field = 0, begin = 0, stop = 0;
    char kind[32] = {};
    if (std::sscanf(piece.c_str(), "%u %u %u %31s", &field, &begin, &stop, kind) == 4 && field <= 2) {
      Mention m;
      m.field = static_cast<Field>(field);
      m.begin = begin;
      m.end = stop;
      m.kind = kind;
      f(piece, &m);
    } else {
      f(piece, static_cast<const Mention*>(nullptr));
    }
    at = end + 1;
  }
}

}  // namespace

std::vector<Mention> decode_spans(const std::string& spans) {
  std::vector<Mention> out;
  for_each_span(spans, [&](const std::string&, const Mention* m) {
    if (m) out.push_back(*m);
  });
  return out;
}

std::vector<std::string> EntityIndex::check() {
  std::vector<std::string> problems;
  if (!store_.read_only()) {  // as in Store::check
    try {
      store_.exec("INSERT INTO entities_fts(entities_fts, rank) VALUES ('integrity-check', 1)");
    } catch (const StoreError& e) {
      problems.push_back(fmt::format("entity names index: {}", e.what()));
    }
  }
  {
    Statement s = store_.prepare(
        "SELECT e.key, f.name IS NULL FROM entities e LEFT JOIN entities_fts f ON f.rowid = e.id"
        " WHERE f.name IS NULL OR f.name IS NOT e.name ORDER BY e.key");
    while (s.step()) {
      problems.push_back(fmt::format("entity '{}' {} in the names index", s.text(0),
                                     s.integer(1) ? "is missing" : "has another name"));
    }
  }
  {
    Statement s = store_.prepare(
        "SELECT rowid FROM entities_fts WHERE rowid NOT IN (SELECT id FROM entities) ORDER BY rowid");
    while (s.step()) problems.push_back(fmt::format("the names index holds entity {}, which is gone", s.integer(0)));
  }
  // Articles in id order, each with its mention rows (whose key starts with the article): one
  // pass over both tables, as FTS5's own check makes over the articles.
  Statement s = store_.prepare(
      "SELECT a.uid, a.title, a.lead, a.body, m.spans, e.key FROM articles a"
      " JOIN mentions m ON m.article_id = a.id JOIN entities e ON e.id = m.entity_id ORDER BY a.id, e.key");
  while (s.step()) {
    const std::string fields[] = {s.text(1), s.text(2), s.text(3)};
    const std::string spans = s.text(4);
    const auto boundary = [](const std::string& t, std::size_t i) {
      return i == t.size() || (static_cast<unsigned char>(t[i]) & 0xC0) != 0x80;
    };
    for_each_span(spans, [&](const std::string& piece, const Mention* m) {
      const std::string* text = m ? &fields[static_cast<int>(m->field)] : nullptr;
      if (!m || m->begin >= m->end || m->end > text->size() || !boundary(*text, m->begin) ||
          !boundary(*text, m->end)) {
        problems.push_back(fmt::format("article '{}': the mention '{}' of entity '{}' lies outside its text",
                                       s.text(0), piece, s.text(5)));
      }
    });
  }
  return problems;
}

void EntityIndex::forget(std::int64_t article_id) {
  store_.prepare("DELETE FROM mentions WHERE article_id = ?1").bind(1, article_id).run();
  store_.prepare("DELETE FROM roles WHERE article_id = ?1").bind(1, article_id).run();
}

void EntityIndex::save(std::int64_t article_id, const Article& a, const std::vector<Entity>& entities,
                       bool new_article) {
  if (!version_recorded_) {
    store_.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES ('entity_rules_version', ?1)")
        .bind(1, std::to_string(kEntityRulesVersion))
        .run();
    version_recorded_ = true;
  }
  if (!new_article) forget(article_id);
  // The caches only spare SQLite repeated look-ups and writes: past a bound they start over,
  // so that memory stays flat however many entities a corpus names.
  constexpr std::size_t kMaxCached = 1 << 16;
  if (key_ids_.size() > kMaxCached) key_ids_.clear();
  if (aliases_written_.size() > kMaxCached) aliases_written_.clear();
  if (name_sets_written_.size() > kMaxCached) name_sets_written_.clear();
  if (code_from_title_.size() > kMaxCached) code_from_title_.clear();
  // Two extracted entities can resolve to one stored entity (spellings): one row, merged
  // here rather than by an upsert, which costs SQLite a conflict check on every row.
  struct Row {
    std::int64_t id;
    std::int64_t count;
    std::string spans;
  };
  std::vector<Row> rows;
  rows.reserve(entities.size());
  for (const Entity& e : entities) {
    const std::int64_t id = resolve(e);
    bool new_names = false;
    // The same names as before for this entity (every mention of Việt Nam brings CLDR's
    // list): nothing to write. Otherwise each name once per process.
    XXH3_state_t* st = hash_state_;
    XXH3_64bits_reset(st);
    XXH3_64bits_update(st, &id, sizeof id);
    XXH3_64bits_update(st, e.name.data(), e.name.size());
    for (const std::string& n : e.aliases) {
      XXH3_64bits_update(st, "\x1f", 1);
      XXH3_64bits_update(st, n.data(), n.size());
    }
    if (name_sets_written_.insert(XXH3_64bits_digest(st)).second) {
      new_names = write_alias(id, e.name);
      for (const std::string& n : e.aliases) new_names = write_alias(id, n) || new_names;
    }
    if (e.type == EntityType::official && e.code_from_title && !e.code.empty() && code_from_title_.insert(id).second) {
      // A country read from a title beats one assumed from a bare domestic title elsewhere
      // (`Chủ tịch Tập Cận Bình` first, `Chủ tịch Trung Quốc Tập Cận Bình` later). Once
      // per official and process: after it, the stored code comes from a title either way.
      store_.prepare(
                "UPDATE entities SET code = ?2, info = json_set(info, '$.code_from_title', json('true'))"
                " WHERE id = ?1 AND (code IS NULL OR NOT coalesce(json_extract(info, '$.code_from_title'), 0))")
          .bind(1, id)
          .bind(2, e.code)
          .run();
    }
    if (e.type == EntityType::agreement) {
      // The latest report says where an instrument stands.
      store_.prepare("UPDATE entities SET info = ?2 WHERE id = ?1").bind(1, id).bind(2, info_of(e).dump()).run();
    }
    if (new_names) names_dirty_.insert(id);
    auto row = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.id == id; });
    if (row == rows.end()) row = rows.insert(rows.end(), Row{id, 0, {}});
    row->count += static_cast<std::int64_t>(e.mentions.size());
    for (const Mention& m : e.mentions) {
      if (!row->spans.empty()) row->spans += ';';
      fmt::format_to(std::back_inserter(row->spans), "{} {} {} {}", static_cast<int>(m.field), m.begin, m.end,
                     m.kind);
    }
    for (const Role& r : e.roles) {
      Statement s = store_.prepare(
          "INSERT INTO roles(entity_id, article_id, title, org, country, past, date)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      s.bind(1, id).bind(2, article_id).bind(3, r.title).bind(4, r.org).bind(5, r.country);
      s.bind(6, static_cast<std::int64_t>(r.past ? 1 : 0)).bind(7, a.date);
      s.run();
    }
  }
  // In key order, each row lands after the one before it in the table's B-tree. Several rows
  // a statement: an article names three entities on average, and each run of a statement
  // (bind, step, reset) costs the writer besides the row it adds.
  std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.id < y.id; });
  static const auto sql = [] {
    std::array<std::string, kMentionsPerInsert + 1> out;
    for (std::size_t n = 1; n <= kMentionsPerInsert; ++n) {
      out[n] = "INSERT INTO mentions(article_id, entity_id, count, spans) VALUES (?, ?, ?, ?)";
      for (std::size_t k = 1; k < n; ++k) out[n] += ", (?, ?, ?, ?)";
    }
    return out;
  }();
  for (std::size_t b = 0; b < rows.size(); b += kMentionsPerInsert) {
    const std::size_t n = std::min(kMentionsPerInsert, rows.size() - b);
    Statement s = store_.prepare(sql[n].c_str());
    for (std::size_t k = 0; k < n; ++k) {
      const Row& r = rows[b + k];
      const int col = static_cast<int>(k * 4);
      s.bind(col + 1, article_id).bind(col + 2, r.id).bind(col + 3, r.count).bind_static(col + 4, r.spans);
    }
    s.run();
  }
}

std::int64_t EntityIndex::drop_orphans() {
  flush_names();
  key_ids_.clear();
  code_from_title_.clear();
  name_sets_written_.clear();
  aliases_written_.clear();
  store_.exec(
      "DELETE FROM entities_fts WHERE rowid IN (SELECT id FROM entities WHERE id NOT IN"
      " (SELECT entity_id FROM mentions))");
  store_.exec("DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions)");
  return store_.changes();
}

std::optional<int> EntityIndex::rules_version() {
  const auto v = store_.meta("entity_rules_version");
  if (!v) return std::nullopt;
  return std::stoi(*v);
}

std::int64_t EntityIndex::reindex(const std::function<void(std::int64_t)>& progress) {
  std::vector<std::string> uids;
  {
    Statement s = store_.prepare("SELECT uid FROM articles ORDER BY id");
    while (s.step()) uids.push_back(s.text(0));
  }
  Extractor extractor;
  key_ids_.clear();
  code_from_title_.clear();
  name_sets_written_.clear();
  aliases_written_.clear();
  Transaction t(store_);
  store_.exec("DELETE FROM mentions");
  store_.exec("DELETE FROM roles");
  // Made anew rather than emptied: deleting rows from a damaged index (what `corpus check`
  // sends here) leaves it damaged.
  std::string names_sql;
  {
    Statement s = store_.prepare("SELECT sql FROM sqlite_schema WHERE name = 'entities_fts'");
    if (s.step()) names_sql = s.text(0);
  }
  store_.exec("DROP TABLE IF EXISTS entities_fts");
  store_.exec(names_sql.c_str());
  store_.exec("DELETE FROM entity_aliases");
  store_.exec("DELETE FROM entities");
  std::int64_t done = 0;
  for (const std::string& uid : uids) {
    const auto stored = store_.load_article(uid);
    if (!stored) continue;
    save(stored->id, stored->article, extractor.extract(stored->article, stored->article.body_text()));
    if (progress && ++done % 1000 == 0) progress(done);
  }
  flush_names();
  store_.set_meta("entity_rules_version", std::to_string(kEntityRulesVersion));
  t.commit();
  return static_cast<std::int64_t>(uids.size());
}

EntitySummary EntityIndex::summary_row(Statement& s) {
  EntitySummary e;
  e.id = s.integer(0);
  e.type = entity_type_from_string(s.text(1)).value_or(EntityType::country);
  e.name = s.text(2);
  e.name_en = s.optional_text(3).value_or("");
  e.code = s.optional_text(4).value_or("");
  e.info = nlohmann::json::parse(s.text(5), nullptr, false);
  if (!e.info.is_object()) e.info = nlohmann::json::object();
  e.mentions = s.integer(6);
  e.articles = s.integer(7);
  return e;
}

void EntityIndex::fill_aliases(EntitySummary& e) {
  Statement s = store_.prepare("SELECT alias FROM entity_aliases WHERE entity_id = ?1 ORDER BY alias");
  s.bind(1, e.id);
  while (s.step()) {
    std::string a = s.text(0);
    if (a != e.name) e.aliases.push_back(std::move(a));
  }
}

namespace {
constexpr const char* kSummarySelect =
    "SELECT e.id, e.type, e.name, e.name_en, e.code, e.info,"
    " (SELECT coalesce(sum(m.count), 0) FROM mentions m WHERE m.entity_id = e.id),"
    " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)"
    " FROM entities e";
constexpr const char* kUncountedSelect = "SELECT e.id, e.type, e.name, e.name_en, e.code, e.info, 0, 0 FROM entities e";
}

std::vector<EntitySummary> EntityIndex::list(std::optional<EntityType> type, std::int64_t limit) {
  const std::string sql = std::string(
                              "SELECT e.id, e.type, e.name, e.name_en, e.code, e.info, sum(m.count),"
                              " count(*) FROM entities e JOIN mentions m ON"
                              " m.entity_id = e.id WHERE (?1 = '' OR e.type = ?1) GROUP BY e.id"
                              " ORDER BY sum(m.count) DESC, count(*) DESC, e.name"
                              " LIMIT ?2");
  Statement s = store_.prepare(sql.c_str());
  s.bind(1, type ? std::string(to_string(*type)) : std::string()).bind(2, limit);
  std::vector<EntitySummary> out;
  while (s.step()) out.push_back(summary_row(s));
  for (auto& e : out) fill_aliases(e);
  return out;
}

std::vector<EntitySummary> EntityIndex::find(std::string_view name, std::int64_t limit, bool counted) {
  return find_impl(name, limit, false, counted);
}

std::vector<EntitySummary> EntityIndex::named(std::string_view name, std::int64_t limit, bool counted) {
  return find_impl(name, limit, true, counted);
}

std::vector<EntitySummary> EntityIndex::find_impl(std::string_view name, std::int64_t limit, bool whole, bool counted) {
  std::set<std::int64_t> ids;
  std::string trimmed(name);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '"')) trimmed.pop_back();
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '"')) trimmed.erase(0, 1);
  if (!whole && trimmed.size() == 2 && std::isalpha(static_cast<unsigned char>(trimmed[0])) &&
      std::isalpha(static_cast<unsigned char>(trimmed[1]))) {
    std::string code = trimmed;
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    Statement s = store_.prepare("SELECT id FROM entities WHERE key = ?1");
    s.bind(1, "country:" + code);
    if (s.step()) ids.insert(s.integer(0));
  }
  if (ids.empty() && !trimmed.empty()) {
    // Any alias, whole: an unaccented query meets every marked spelling, an accented one
    // only its own.
    const bool marked = has_marks(trimmed, norm_);
    const std::string exact = name_key(trimmed, norm_);
    Statement s = store_.prepare("SELECT entity_id, alias FROM entity_aliases WHERE folded = ?1");
    s.bind(1, folded_key(trimmed, norm_));
    while (s.step()) {
      if (marked && name_key(s.text(1), norm_) != exact) continue;
      ids.insert(s.integer(0));
    }
  }
  if (ids.empty() && !trimmed.empty() && !whole) {
    try {
      const CompiledQuery q = compile_query(trimmed);
      if (!q.match.empty()) {
        Statement s = store_.prepare("SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?1 LIMIT 200");
        s.bind(1, q.match);
        while (s.step()) ids.insert(s.integer(0));
      }
    } catch (const QueryError&) {
    }
  }
  std::vector<EntitySummary> out;
  for (std::int64_t id : ids) {
    const std::string sql = std::string(counted ? kSummarySelect : kUncountedSelect) + " WHERE e.id = ?1";
    Statement s = store_.prepare(sql.c_str());
    s.bind(1, id);
    if (s.step()) out.push_back(summary_row(s));
  }
  std::sort(out.begin(), out.end(), [](const EntitySummary& a, const EntitySummary& b) {
    return a.mentions != b.mentions ? a.mentions > b.mentions : a.name < b.name;
  });
  if (static_cast<std::int64_t>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
  for (auto& e : out) fill_aliases(e);
  return out;
}

EntityDetail EntityIndex::detail(const EntitySummary& e, std::int64_t article_limit) {
  EntityDetail d;
  d.entity = e;
  {
    Statement s = store_.prepare(
        "SELECT r.title, coalesce(r.org, ''), coalesce(r.country, ''), r.past, r.date, a.uid"
        " FROM roles r JOIN articles a ON a.id = r.article_id WHERE r.entity_id = ?1"
        " ORDER BY r.date, a.uid, r.rowid");
    s.bind(1, e.id);
    while (s.step()) {
      RoleRow r;
      r.title = s.text(0);
      r.org = s.text(1);
      r.country = s.text(2);
      r.past = s.integer(3) != 0;
      r.date = s.optional_text(4);
      r.article_uid = s.text(5);
      d.roles.push_back(std::move(r));
    }
  }
  {
    Statement s = store_.prepare(
        "SELECT a.uid, a.title, a.date, m.count FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.entity_id = ?1 ORDER BY a.date DESC, m.count DESC, a.uid LIMIT ?2");
    s.bind(1, e.id).bind(2, article_limit);
    while (s.step()) {
      d.articles.push_back(EntityArticle{s.text(0), s.text(1), s.optional_text(2), s.integer(3)});
    }
  }
  {
    Statement s = store_.prepare(
        "SELECT e.id, e.type, e.name, e.name_en, e.code, e.info, sum(m2.count), count(*)"
        " FROM mentions x JOIN mentions m2 ON m2.article_id = x.article_id"
        " JOIN entities e ON e.id = m2.entity_id WHERE x.entity_id = ?1 AND e.id != ?1"
        " GROUP BY e.id ORDER BY count(*) DESC, sum(m2.count) DESC, e.name LIMIT 10");
    s.bind(1, e.id);
    while (s.step()) d.related.push_back(summary_row(s));
  }
  return d;
}

std::vector<ArticleEntity> EntityIndex::for_article(std::int64_t article_id) {
  std::vector<ArticleEntity> out;
  std::map<std::int64_t, std::size_t> at;
  Statement s = store_.prepare("SELECT entity_id, spans FROM mentions WHERE article_id = ?1");
  s.bind(1, article_id);
  std::vector<std::pair<std::int64_t, Mention>> rows;
  while (s.step()) {
    const std::int64_t id = s.integer(0);
    for_each_span(s.text(1), [&](const std::string&, const Mention* m) {
      if (m) rows.emplace_back(id, *m);
    });
  }
  // In reading order: the first mention of each entity orders the entities.
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::pair(a.second.field, a.second.begin) < std::pair(b.second.field, b.second.begin);
  });
  for (auto& [id, m] : rows) {
    auto it = at.find(id);
    if (it == at.end()) {
      const std::string sql = std::string(kSummarySelect) + " WHERE e.id = ?1";
      Statement q = store_.prepare(sql.c_str());
      q.bind(1, id);
      if (!q.step()) continue;
      ArticleEntity ae;
      ae.entity = summary_row(q);
      fill_aliases(ae.entity);
      it = at.emplace(id, out.size()).first;
      out.push_back(std::move(ae));
    }
    out[it->second].mentions.push_back(std::move(m));
  }
  Statement r = store_.prepare(
      "SELECT r.entity_id, r.title, coalesce(r.org, ''), coalesce(r.country, ''), r.past, r.date, a.uid"
      " FROM roles r JOIN articles a ON a.id = r.article_id WHERE r.article_id = ?1 ORDER BY r.rowid");
  r.bind(1, article_id);
  while (r.step()) {
    const auto it = at.find(r.integer(0));
    if (it == at.end()) continue;
    out[it->second].roles.push_back(
        RoleRow{r.text(1), r.text(2), r.text(3), r.integer(4) != 0, r.optional_text(5), r.text(6)});
  }
  return out;
}

}  // namespace corpus
