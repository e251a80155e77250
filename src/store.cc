#include "corpus/store.h"

#include <pthread.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <sqlite3.h>

#include "corpus/normalize.h"
#include "corpus/tokenizer.h"

namespace corpus {
namespace {

// Each entry migrates from version i to i + 1; never edit one that has shipped.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  source_name TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  date TEXT,
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  lead TEXT NOT NULL,
  body TEXT NOT NULL,
  layout TEXT NOT NULL,
  meta TEXT NOT NULL,
  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_date ON articles(date);
CREATE TABLE sources(
  key TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sources_article ON sources(article_id);
-- External content: the text lives once, in articles; FTS5 keeps only the index.
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, lead, body, content='articles', content_rowid='id', tokenize='corpus');
-- Merge segments 8 at a time rather than 4: ingest of 35k Baomoi articles 7.4 s -> 6.6 s,
-- with no measurable change in query time (bench/ingest.sh; the issue note has the runs).
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
-- No triggers: FTS5 writes out its pending terms at every statement savepoint, and trigger
-- bodies (like any statement that can fail half-way) run inside one: indexing row by row that
-- way wrote a tiny segment per article and halved ingest speed. Store queues the rows and
-- indexes a batch in one run of inserts before each commit (Store::flush_index).
)sql",
    // Version 2: entities (extract.h) and where each article mentions them.
    R"sql(
CREATE TABLE entities(
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT,
  code TEXT,
  info TEXT NOT NULL DEFAULT '{}',
  -- Officials with foreign names: the folded first letter of each word ("a n" for Ali
  -- Naghiyev), so that spellings one edit apart meet without a scan of every official.
  block TEXT
);
CREATE INDEX entities_type ON entities(type, code);
CREATE INDEX entities_block ON entities(block) WHERE block IS NOT NULL;
CREATE TABLE entity_aliases(
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  folded TEXT NOT NULL,
  PRIMARY KEY(entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_folded ON entity_aliases(folded);
-- One row per entity an article mentions; `spans` lists each mention as "field start end kind"
-- (field 0 title, 1 lead, 2 body; byte offsets into that field), separated by ';'. A row per
-- mention made ingest write four times as many index entries for nothing a query needs.
CREATE TABLE mentions(
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  count INTEGER NOT NULL,
  spans TEXT NOT NULL,
  PRIMARY KEY(article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity_id);  -- (entity_id, count) since version 7
CREATE TABLE roles(
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  org TEXT,
  country TEXT,
  past INTEGER NOT NULL DEFAULT 0,
  date TEXT
);
CREATE INDEX roles_entity ON roles(entity_id);
CREATE INDEX roles_article ON roles(article_id);
-- Names and aliases, found by any of them, unaccented or by prefix, with the articles' rules.
CREATE VIRTUAL TABLE entities_fts USING fts5(name, aliases, tokenize='corpus');
-- Articles stored before entities existed have none until `corpus reindex --entities`.
INSERT INTO meta(key, value) SELECT 'entity_rules_version', '0' WHERE EXISTS (SELECT 1 FROM articles);
)sql",
    // Version 3: overlapping articles (dedupe.h).
    R"sql(
-- The articles dedupe has read, with the content they had then: a changed article is read again.
CREATE TABLE dedupe_docs(
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  exact INTEGER,               -- hash of the folded word stream; NULL when there are no words
  words INTEGER NOT NULL,
  fingerprints BLOB NOT NULL   -- 32-bit hashes, little-endian, sorted
);
CREATE INDEX dedupe_docs_exact ON dedupe_docs(exact) WHERE exact IS NOT NULL;
-- Which articles hold each fingerprint: a new article meets the stored ones it overlaps
-- without reading the others. Rows of deleted articles go at the next run (meta.dedupe_docs
-- counts the articles read, so a run sees that some went).
CREATE TABLE dedupe_postings(
  hash INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  PRIMARY KEY(hash, article_id)
) WITHOUT ROWID;
-- Each overlapping pair once; for `contained`, `a` is the excerpt. `passages`: JSON
-- [[a_start, a_end, b_start, b_end, words], ...], character offsets into each article's
-- paragraphs in their original order, blank lines between (dedupe_text).
CREATE TABLE dedupe_pairs(
  a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  relation TEXT NOT NULL,
  coverage_a REAL NOT NULL,
  coverage_b REAL NOT NULL,
  shared_words INTEGER NOT NULL,
  passages TEXT NOT NULL,
  PRIMARY KEY(a, b)
) WITHOUT ROWID;
CREATE INDEX dedupe_pairs_b ON dedupe_pairs(b);
)sql",
    // Version 4: ingest fingerprints each article (dedupe.h); `corpus dedupe` compares.
    R"sql(
DROP TABLE dedupe_postings;
DROP TABLE dedupe_docs;
DELETE FROM dedupe_pairs;
DELETE FROM meta WHERE key IN ('dedupe_options', 'dedupe_docs');
-- One row per article fingerprinted, with the content it had then. No index on the
-- fingerprints: ingest writes one row an article in rowid order, and `corpus dedupe` reads
-- them all in one pass (a few hundred bytes an article). An inverted index cost ingest
-- more than the article text's own (as FTS5: 9.4 s instead of 5.6 s for 35,440 articles).
CREATE TABLE dedupe_docs(
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  exact INTEGER,                      -- hash of the folded word stream; NULL when there are no words
  words INTEGER NOT NULL,
  fingerprints BLOB NOT NULL,         -- 32-bit hashes, little-endian, sorted
  checked INTEGER NOT NULL DEFAULT 0  -- compared with the others by `corpus dedupe`
);
)sql",
    // Version 5: the articles index holds one token a word; unaccented and stemmed query
    // words meet the others through `vocab` (tokenizer.h). Index data 40% smaller, and the
    // writer's largest cost with it.
    R"sql(
CREATE TABLE vocab(
  key TEXT NOT NULL,   -- a folded form or an English stem
  word TEXT NOT NULL,  -- an exact form the articles index holds
  PRIMARY KEY(key, word)
) WITHOUT ROWID;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, lead, body, content='articles', content_rowid='id', tokenize='corpus vocab');
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
)sql",
    // Version 6: search's date and language filters read an article's date and language from
    // this index instead of its row. The rows are large and scattered (one page read a match:
    // a common word filtered by language or date spent most of its time there); the index
    // packs some 200 articles a page, and ingest appends to it in id order.
    R"sql(
CREATE INDEX articles_filter ON articles(id, date, lang);
)sql",
    // Version 7: the entity's mentions with their counts in its index. Search ranks the
    // articles that mention a named entity by that count, and read it from each mention's row
    // (a page look-up each: 12,051 for Viet Nam's, 24 ms); entity listings count from it too.
    R"sql(
DROP INDEX mentions_entity;
CREATE INDEX mentions_entity ON mentions(entity_id, count);
)sql",
    // Version 8: the articles index holds each article's language as one token of its own
    // column (tokenizer.h: kLanguageTagMark), generated from `lang`, so that search can write
    // an English inflection as `(word AND <en>)` anywhere in an expression (`trade NOT
    // agreements` excludes `agreement` from English articles only). Re-indexes every article.
    R"sql(
ALTER TABLE articles ADD COLUMN fts_lang TEXT GENERATED ALWAYS AS (char(28) || lang) VIRTUAL;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, lead, body, fts_lang, content='articles', content_rowid='id', tokenize='corpus vocab');
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
DELETE FROM vocab;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
)sql",
};
// The last version whose migration re-indexes every article by the text rules of today.
constexpr int kReindexedBy = 8;
constexpr std::size_t kIndexRun = 256;
constexpr int kMigrationCount = static_cast<int>(std::size(kMigrations));
static_assert(kMigrationCount == kSchemaVersion);

std::string read_only_message(std::string_view path) {
  return fmt::format("cannot write '{}': it is read-only (the file or its directory is not writable, or the file "
                     "system is mounted read-only)",
                     path);
}

// What went wrong, and for what a user can mend, what to do. A full disk and a read-only file
// name the database; whatever transaction was open is rolled back by its owner.
std::string describe(sqlite3* db, std::string_view what) {
  const int rc = sqlite3_extended_errcode(db);
  const char* file = sqlite3_db_filename(db, "main");
  const std::string name = file && *file ? file : "the database";
  switch (rc & 0xff) {
    case SQLITE_FULL:
      return fmt::format("cannot write '{}': the disk is full. Nothing of the unfinished transaction was kept; "
                         "free some space and run the command again",
                         name);
    case SQLITE_READONLY:
      return read_only_message(name);
    case SQLITE_IOERR: {
      const int e = sqlite3_system_errno(db);
      return fmt::format("cannot write '{}': {}{}", name, sqlite3_errmsg(db),
                         e != 0 ? fmt::format(" ({})", std::strerror(e)) : std::string());
    }
    default:
      return fmt::format("{}: {}", what, sqlite3_errmsg(db));
  }
}

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw StoreError(describe(db, what), sqlite3_extended_errcode(db));
}

std::string meta_json(const Article& a) {
  return a.meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string layout_json(const Article& a) {
  nlohmann::json body = nlohmann::json::array();
  for (const auto& p : a.body) body.push_back(to_string(p.kind));
  return nlohmann::json{{"lead", {{"kind", to_string(a.lead.kind)}, {"position", a.lead_position}}},
                        {"body", body}}
      .dump();
}

}  // namespace

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::parameter(const char* name) const {
  return sqlite3_bind_parameter_index(stmt_, name);
}

Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Statement& Statement::bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}
Statement& Statement::bind(int i, const std::optional<std::string>& v) {
  return v ? bind(i, std::string_view(*v)) : bind_null(i);
}
Statement& Statement::bind_static(int i, const std::string& v) {
  // (Passing the length with the NUL, as SQLite's documentation suggests for terminated
  // strings, makes the NUL part of the value in 3.40: FTS5 then sees one byte more.)
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}
Statement& Statement::bind_blob(int i, const void* data, std::size_t size) {
  sqlite3_bind_blob(stmt_, i, data, static_cast<int>(size), SQLITE_TRANSIENT);
  return *this;
}
std::string_view Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string_view();
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(sqlite3_db_handle(stmt_), "database error");
}

void Statement::run() {
  while (step()) {
  }
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}
std::optional<std::string> Statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Store::Store(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

Store::~Store() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

std::unique_ptr<Store> Store::open(const std::string& path, bool create) {
  if (!create && !std::filesystem::exists(path)) {
    throw StoreError(fmt::format("no database at '{}' (run 'corpus ingest' first, or give --db)", path));
  }
  static const bool configured = [] {
    // SQLite counts every allocation under one process-wide mutex, which the ingest's
    // writer and its reader (looking up source hashes) then contend for; nothing here
    // reads those counts. Only possible before SQLite initialises, so once, first.
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
  sqlite3* db = nullptr;
  // A Store is used by one thread at a time (ingest hands it to its writer thread and back),
  // so SQLite's own locking around every call is only cost.
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    throw StoreError(fmt::format("cannot open database '{}': {}", path, msg));
  }
  std::unique_ptr<Store> store(new Store(db, path));
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  register_tokenizer(db, store->tokenizer_.get());
  // Turning a new database to WAL takes an exclusive lock, and SQLite answers a second
  // connection that asks at that moment with SQLITE_BUSY at once, without its busy handler
  // (two `corpus` processes starting on one new file). Wait as the busy timeout would.
  for (int waited_ms = 0;; waited_ms += 5) {
    const int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) break;
    if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= 10000) fail(db, "cannot switch the database to WAL mode");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  store->exec("PRAGMA synchronous=NORMAL");
  store->exec("PRAGMA foreign_keys=ON");
  store->migrate();
  store->check_rules_version();
  return store;
}

std::optional<std::string> Store::meta(std::string_view key) {
  Statement s = prepare("SELECT value FROM meta WHERE key = ?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void Store::set_meta(std::string_view key, std::string_view value) {
  prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)").bind(1, key).bind(2, value).run();
}

Statement Store::prepare(const char* sql) {
  auto it = cache_.find(std::string_view(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      fail(db_, "cannot prepare statement");
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(it->second);
}

void Store::map_for_reading() {
  // SQLite maps at most its compile-time limit (2 GiB in Debian's build); the rest of a larger
  // file is read as before.
  exec("PRAGMA mmap_size=2147418112");
}

void Store::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db_, "database error");
}

bool Store::read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

void Store::require_writable(std::string_view command) const {
  if (!read_only()) return;
  throw StoreError(fmt::format("{}; `corpus {}` writes to it", read_only_message(path_), command), SQLITE_READONLY);
}

std::int64_t Store::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
std::int64_t Store::changes() const { return sqlite3_changes(db_); }

void Store::begin() {
  exec("BEGIN IMMEDIATE");
  in_transaction_ = true;
}
void Store::commit() {
  flush_index();
  exec("COMMIT");
  in_transaction_ = false;
}
void Store::rollback() {
  pending_.clear();
  // Written or not, the entries of words first seen in this transaction go with it. Their
  // Normalizer will not hand them out again, so a writer that goes on after a rollback must
  // start from a new one (ingest ends instead).
  pending_vocab_.clear();
  tokenizer_->noted.clear();
  in_transaction_ = false;
  exec("ROLLBACK");
}

void Store::migrate() {
  auto version_now = [&] {
    Statement s = prepare("PRAGMA user_version");
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
  };
  auto check = [&](int version) {
    if (version > kSchemaVersion) {
      throw StoreError(fmt::format("database '{}' has schema version {}; this corpus knows up to {}",
                                   path_, version, kSchemaVersion));
    }
  };
  int version = version_now();
  check(version);
  if (version == kSchemaVersion) return;
  Transaction t(*this);
  // Read again under the write lock: another process opening the same new database (a
  // `corpus stats` while an ingest creates it) may have migrated it while this one waited.
  version = version_now();
  check(version);
  if (version == kSchemaVersion) {
    t.commit();
    return;
  }
  // A re-indexing migration empties `vocab`: every tokenizer notes each word again.
  if (version < kReindexedBy) ++tokenizer_->vocab_epoch;
  for (int v = version; v < kSchemaVersion; ++v) exec(kMigrations[v]);
  flush_vocab();  // of a rebuild
  exec(fmt::format("PRAGMA user_version={}", kSchemaVersion).c_str());
  // The index follows this version's text rules only where the migrations made it: a new
  // database, or one below kReindexedBy, whose migration re-indexes every article. Any
  // other keeps the rules it was indexed by, for check_rules_version to judge: a database
  // indexed before English inflections would otherwise keep its stems' `vocab` (`organ`
  // finding `organization`) under the new rules' name.
  if (version < kReindexedBy) set_meta("rules_version", std::to_string(kRulesVersion));
  t.commit();
}

void Store::check_rules_version() {
  // The index holds forms made by other rules: queries would miss. Re-tokenise everything.
  if (meta("rules_version") != std::to_string(kRulesVersion)) rebuild_index();
}

void Store::rebuild_index() {
  Transaction t(*this);
  exec("DELETE FROM vocab");
  ++tokenizer_->vocab_epoch;
  exec("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')");
  flush_vocab();
  set_meta("rules_version", std::to_string(kRulesVersion));
  t.commit();
}

std::optional<Store::SourceRow> Store::find_source(std::string_view key) {
  Statement s = prepare("SELECT article_id, content_hash FROM sources WHERE key = ?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return SourceRow{s.integer(0), s.text(1)};
}

std::optional<std::int64_t> Store::find_article_by_hash(std::string_view hash) {
  Statement s = prepare("SELECT id FROM articles WHERE content_hash = ?1 LIMIT 1");
  s.bind(1, hash);
  if (!s.step()) return std::nullopt;
  return s.integer(0);
}

std::optional<Store::ArticleRef> Store::find_article_by_uid(std::string_view uid) {
  Statement s = prepare("SELECT id, content_hash FROM articles WHERE uid = ?1");
  s.bind(1, uid);
  if (!s.step()) return std::nullopt;
  return ArticleRef{s.integer(0), s.text(1)};
}

Store::PreparedDoc Store::prepare_row(const Article& a) {
  PreparedDoc p;
  p.body = a.body_text();
  p.layout = layout_json(a);
  p.meta = meta_json(a);
  return p;
}

void Store::bind_article(Statement& s, const Article& a, const std::string& hash, const std::string& body,
                         const PreparedDoc* prepared) {
  s.bind(1, a.uid)
      .bind(2, a.source_name)
      .bind(3, hash)
      .bind(4, a.date)
      .bind(5, a.lang)
      .bind(6, a.title)
      .bind(7, a.lead.text)
      .bind(8, body);
  if (prepared) {
    s.bind(9, prepared->layout).bind(10, prepared->meta);
  } else {
    s.bind(9, layout_json(a)).bind(10, meta_json(a));
  }
}

void Store::index_insert(std::int64_t id, const Article& a, std::string body, PreparedDoc* prepared) {
  pending_[id] =
      PendingRow{a.title, a.lead.text, std::move(body), language_tag(a.lang),
                 prepared ? std::make_unique<PreparedDoc>(std::move(*prepared)) : nullptr};
  // Autocommit has nothing to batch with. Otherwise, a run of some hundred rows is enough
  // for FTS5 to write sizeable segments, and keeps the queued text (and the writer's work)
  // from piling up until commit.
  if (!in_transaction_ || pending_.size() >= kIndexRun) flush_index();
}

void Store::flush_index() {
  // Nothing else may run between these inserts, so FTS5 keeps one in-memory batch.
  for (const auto& [id, row] : pending_) {
    if (row.tokens) {
      tokenizer_->texts = {row.title, row.lead, row.body};
      tokenizer_->tokens = {&row.tokens->tokens[0], &row.tokens->tokens[1], &row.tokens->tokens[2]};
    }
    try {
      prepare(
          "INSERT INTO articles_fts(rowid, title, lead, body, fts_lang)"
          " VALUES (?1, ?2, ?3, ?4, ?5)")
          .bind(1, id)
          .bind_static(2, row.title)
          .bind_static(3, row.lead)
          .bind_static(4, row.body)
          .bind_static(5, row.lang_tag)
          .run();
    } catch (...) {
      tokenizer_->clear();
      throw;
    }
    tokenizer_->clear();
  }
  pending_.clear();
  flush_vocab();
}

void Store::add_vocab(std::vector<VocabEntry>&& entries) {
  if (pending_vocab_.empty()) pending_vocab_ = std::move(entries);
  else pending_vocab_.insert(pending_vocab_.end(), std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end()));
  entries.clear();
  if (!in_transaction_) flush_vocab();
}

void Store::flush_vocab() {
  for (auto* list : {&pending_vocab_, &tokenizer_->noted}) {
    for (const VocabEntry& v : *list) {
      prepare("INSERT OR IGNORE INTO vocab(key, word) VALUES (?1, ?2)").bind(1, v.key).bind(2, v.word).run();
    }
    list->clear();
  }
}

void Store::index_delete(std::int64_t id) {
  if (pending_.erase(id) > 0) return;  // queued, never indexed: nothing to take out
  // An external-content index forgets a row only when told the exact text it indexed.
  prepare(
      "INSERT INTO articles_fts(articles_fts, rowid, title, lead, body, fts_lang)"
      " SELECT 'delete', id, title, lead, body, fts_lang FROM articles WHERE id = ?1")
      .bind(1, id)
      .run();
}

std::int64_t Store::insert_article(const Article& a, const std::string& hash, PreparedDoc* prepared) {
  std::string body = prepared ? std::move(prepared->body) : a.body_text();
  Statement s = prepare(
      "INSERT INTO articles(uid, source_name, content_hash, date, lang, title, lead, body, layout, meta)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  bind_article(s, a, hash, body, prepared);
  s.run();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  index_insert(id, a, std::move(body), prepared);
  return id;
}

void Store::update_article(std::int64_t id, const Article& a, const std::string& hash, PreparedDoc* prepared) {
  std::string body = prepared ? std::move(prepared->body) : a.body_text();
  index_delete(id);
  Statement s = prepare(
      "UPDATE articles SET uid = ?1, source_name = ?2, content_hash = ?3, date = ?4, lang = ?5,"
      " title = ?6, lead = ?7, body = ?8, layout = ?9, meta = ?10,"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?11");
  bind_article(s, a, hash, body, prepared);
  s.bind(11, id);
  s.run();
  index_insert(id, a, std::move(body), prepared);
}

void Store::delete_article(std::int64_t id) {
  index_delete(id);
  prepare("DELETE FROM articles WHERE id = ?1").bind(1, id).run();
}

void Store::put_source(std::string_view key, std::int64_t article_id, std::string_view hash) {
  prepare(
      "INSERT INTO sources(key, article_id, content_hash) VALUES (?1, ?2, ?3)"
      " ON CONFLICT(key) DO UPDATE SET article_id = excluded.article_id,"
      " content_hash = excluded.content_hash")
      .bind(1, key)
      .bind(2, article_id)
      .bind(3, hash)
      .run();
}

void Store::delete_source(std::string_view key) {
  prepare("DELETE FROM sources WHERE key = ?1").bind(1, key).run();
}

std::int64_t Store::source_count(std::int64_t article_id) {
  Statement s = prepare("SELECT count(*) FROM sources WHERE article_id = ?1");
  s.bind(1, article_id);
  s.step();
  return s.integer(0);
}

std::vector<std::string> Store::source_keys() {
  std::vector<std::string> keys;
  Statement s = prepare("SELECT key FROM sources ORDER BY key");
  while (s.step()) keys.push_back(s.text(0));
  return keys;
}

std::optional<std::string> Store::uid_for_source(std::string_view key) {
  Statement s = prepare("SELECT a.uid FROM sources s JOIN articles a ON a.id = s.article_id WHERE s.key = ?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::optional<StoredArticle> Store::load_article(std::string_view uid) {
  Statement s = prepare(
      "SELECT id, uid, source_name, content_hash, date, lang, title, lead, body, layout, meta,"
      " ingested_at, updated_at FROM articles WHERE uid = ?1");
  s.bind(1, uid);
  if (!s.step()) return std::nullopt;
  StoredArticle out;
  out.id = s.integer(0);
  Article& a = out.article;
  a.uid = s.text(1);
  a.source_name = s.text(2);
  out.content_hash = s.text(3);
  a.date = s.optional_text(4);
  a.lang = s.text(5);
  a.title = s.text(6);
  a.lead.text = s.text(7);
  const std::string body = s.text(8);
  const auto layout = nlohmann::json::parse(s.text(9), nullptr, false);
  a.meta = nlohmann::json::parse(s.text(10), nullptr, false);
  out.ingested_at = s.text(11);
  out.updated_at = s.text(12);

  if (layout.is_object()) {
    a.lead.kind = paragraph_kind_from_string(layout["lead"].value("kind", "text")).value_or(ParagraphKind::text);
    a.lead_position = layout["lead"].value("position", -1);
  }
  // Paragraphs never hold a blank line (blank lines are what separate them), so the joined
  // body splits back exactly.
  std::size_t start = 0, i = 0;
  while (!body.empty() && start <= body.size()) {
    const std::size_t sep = body.find("\n\n", start);
    Paragraph p;
    p.text = body.substr(start, sep == std::string::npos ? std::string::npos : sep - start);
    if (layout.is_object() && layout["body"].is_array() && i < layout["body"].size()) {
      p.kind = paragraph_kind_from_string(layout["body"][i].get<std::string>()).value_or(ParagraphKind::text);
    }
    a.body.push_back(std::move(p));
    ++i;
    if (sep == std::string::npos) break;
    start = sep + 2;
  }

  Statement src = prepare("SELECT key FROM sources WHERE article_id = ?1 ORDER BY key");
  src.bind(1, out.id);
  while (src.step()) out.paths.push_back(src.text(0));
  return out;
}

Stats Store::stats() {
  Stats st;
  {
    Statement s = prepare("SELECT lang, count(*) FROM articles GROUP BY lang ORDER BY lang");
    while (s.step()) {
      st.by_lang[s.text(0)] = s.integer(1);
      st.articles += s.integer(1);
    }
  }
  {
    Statement s = prepare("SELECT count(date), min(date), max(date) FROM articles");
    s.step();
    st.dated = s.integer(0);
    st.first_date = s.optional_text(1);
    st.last_date = s.optional_text(2);
  }
  {
    Statement s = prepare("SELECT count(*) FROM sources");
    s.step();
    st.sources = s.integer(0);
  }
  {
    Statement s = prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    s.step();
    st.db_bytes = s.integer(0);
  }
  {
    Statement s = prepare("SELECT coalesce(sum(length(block)), 0) FROM articles_fts_data");
    s.step();
    st.index_bytes = s.integer(0);
  }
  return st;
}

std::vector<std::string> Store::check() {
  std::vector<std::string> problems;
  {
    Statement s = prepare("PRAGMA integrity_check");
    while (s.step()) {
      if (s.text(0) != "ok") problems.push_back("sqlite: " + s.text(0));
    }
  }
  // FTS5 runs its check as an INSERT, which a read-only database refuses (corpus check says so).
  if (!read_only()) {
    try {
      exec("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)");
    } catch (const StoreError& e) {
      problems.push_back(fmt::format("full-text index: {}", e.what()));
    }
  }
  {
    // Rows whose article, entity or other parent is gone (mentions, roles, sources, pairs).
    Statement s = prepare("PRAGMA foreign_key_check");
    while (s.step()) {
      problems.push_back(fmt::format("{}: a row refers to a missing row of {}", s.text(0), s.text(2)));
    }
  }
  {
    Statement s = prepare(
        "SELECT uid FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.article_id = a.id)"
        " ORDER BY uid");
    while (s.step()) problems.push_back(fmt::format("article '{}' has no source", s.text(0)));
  }
  return problems;
}

SourceReader::SourceReader(const std::string& db_path) {
  if (sqlite3_open_v2(db_path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_, "SELECT content_hash FROM sources WHERE key = ?1", -1, &stmt_, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
  if (stmt_ != nullptr &&
      sqlite3_prepare_v2(db_, "SELECT 1 FROM sources WHERE key >= ?1 AND key < ?2 LIMIT 1", -1, &prefix_stmt_,
                         nullptr) != SQLITE_OK) {
    prefix_stmt_ = nullptr;
  }
  if (db_ != nullptr) sqlite3_busy_timeout(db_, 1000);
}

SourceReader::~SourceReader() {
  sqlite3_finalize(prefix_stmt_);
  sqlite3_finalize(stmt_);
  sqlite3_close_v2(db_);
}

bool SourceReader::any_under(std::string_view prefix) {
  // Unknown (no database yet, no statement): say yes, and each key is looked up as before.
  if (prefix_stmt_ == nullptr || prefix.empty() || static_cast<unsigned char>(prefix.back()) == 0xff) return true;
  std::string end(prefix);
  end.back() = static_cast<char>(end.back() + 1);
  sqlite3_bind_text(prefix_stmt_, 1, prefix.data(), static_cast<int>(prefix.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(prefix_stmt_, 2, end.data(), static_cast<int>(end.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(prefix_stmt_);
  sqlite3_reset(prefix_stmt_);
  return rc != SQLITE_DONE;  // a row, or an error: look each key up
}

std::optional<std::string> SourceReader::hash_of(std::string_view key) {
  if (stmt_ == nullptr) return std::nullopt;
  sqlite3_bind_text(stmt_, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  std::optional<std::string> out;
  if (sqlite3_step(stmt_) == SQLITE_ROW) {
    out.emplace(reinterpret_cast<const char*>(sqlite3_column_text(stmt_, 0)),
                static_cast<std::size_t>(sqlite3_column_bytes(stmt_, 0)));
  }
  sqlite3_reset(stmt_);
  return out;
}

// SQLite's own default: checkpoint once the WAL holds this many pages.
constexpr int kCheckpointFrames = 1000;

BackgroundCheckpointer::BackgroundCheckpointer(Store& store, int wal_cap) : store_(store), wal_cap_(wal_cap) {
  if (sqlite3_open_v2(store.path().c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db_);
    db_ = nullptr;  // the store checkpoints by itself, as without one
    return;
  }
  sqlite3_busy_timeout(db_, 10000);
  // A connection learns that the database is in WAL mode when it first reads it; until
  // then a checkpoint does nothing.
  sqlite3_exec(db_, "SELECT 1 FROM sqlite_master LIMIT 1", nullptr, nullptr, nullptr);
  // Replaces the automatic checkpoint, which is itself a WAL hook.
  sqlite3_wal_hook(store_.handle(), &BackgroundCheckpointer::on_commit, this);
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "corpus-ckpt");
    loop();
  });
}

BackgroundCheckpointer::~BackgroundCheckpointer() {
  if (!db_) return;
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_wal_autocheckpoint(store_.handle(), kCheckpointFrames);
  sqlite3_close_v2(db_);
}

int BackgroundCheckpointer::on_commit(void* self, sqlite3* db, const char*, int frames) {
  auto* c = static_cast<BackgroundCheckpointer*>(self);
  if (frames >= c->wal_cap_) {
    // The WAL starts over only when a transaction begins with every frame copied, which
    // checkpoints racing a busy writer rarely achieve: without this the WAL grew to the
    // database's size. Most frames are copied by now, so this one is short.
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    return SQLITE_OK;
  }
  if (frames >= kCheckpointFrames) {
    {
      std::lock_guard lock(c->mu_);
      c->due_ = true;
    }
    c->wake_.notify_one();
  }
  return SQLITE_OK;
}

void BackgroundCheckpointer::loop() {
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return due_ || done_; });
      last = done_;
      due_ = false;
    }
    // Passive: copies what no reader still needs and returns; never waits on the writer.
    // A failure only leaves the WAL longer, and the next checkpoint (or the store's own,
    // once this is gone) copies it.
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (last) return;
  }
}

}  // namespace corpus
