// Store: the SQLite file. Schema and migrations, the FTS5 table, transactions, and the rows
// behind articles and the sources (paths) they came from.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "corpus/article.h"
#include "corpus/tokenizer.h"

struct sqlite3;
struct sqlite3_stmt;

namespace corpus {

inline constexpr int kSchemaVersion = 8;

struct StoreError : std::runtime_error {
  explicit StoreError(const std::string& what, int code = 0) : std::runtime_error(what), code(code) {}
  int code;  // SQLite's extended result code, 0 when the error is not SQLite's
};

// A prepared statement, reset on destruction. Binding never interpolates text into SQL.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, const std::optional<std::string>& v);
  Statement& bind_null(int i);
  // The number of the parameter `name` (`:match`), 0 when the statement has none of that name.
  int parameter(const char* name) const;
  Statement& bind_blob(int i, const void* data, std::size_t size);
  // Binds without copying: `v` must outlive the step.
  Statement& bind_static(int i, const std::string& v);
  bool step();  // true while a row is available
  void run();   // steps to completion

  std::string text(int col) const;
  std::optional<std::string> optional_text(int col) const;
  std::int64_t integer(int col) const;
  // Valid until the next step or reset.
  std::string_view blob(int col) const;
  double real(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3_stmt* stmt_;
};

struct StoredArticle {
  std::int64_t id = 0;
  Article article;
  std::string content_hash;
  std::vector<std::string> paths;
  std::string ingested_at;
  std::string updated_at;
};

struct Stats {
  std::int64_t articles = 0;
  std::int64_t sources = 0;
  std::map<std::string, std::int64_t> by_lang;
  std::int64_t dated = 0;
  std::optional<std::string> first_date, last_date;
  std::int64_t db_bytes = 0;
  std::int64_t index_bytes = 0;  // FTS5 segment data
};

class Store {
 public:
  // Opens (and with `create`, creates) the database, migrating its schema forward and
  // rebuilding the index if it was built under other text rules.
  static std::unique_ptr<Store> open(const std::string& path, bool create);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  // Whether SQLite opened the file read-only (its permissions or its file system deny
  // writing). Reading commands work as usual then; require_writable() stops the others at
  // once, before they read their input.
  bool read_only() const;
  void require_writable(std::string_view command) const;
  sqlite3* handle() const { return db_; }  // for BackgroundCheckpointer
  // A cached prepared statement for `sql`.
  Statement prepare(const char* sql);
  // The meta table: what the stored data was made under (rules versions, thresholds).
  std::optional<std::string> meta(std::string_view key);
  void set_meta(std::string_view key, std::string_view value);
  void exec(const char* sql);
  // For a process that only reads (search, show): pages are read through a memory map
  // instead of a copy each (0.3-0.7 ms of a search's 5-40). Not for ingest: no faster there,
  // and the mapped pages count as its resident memory.
  void map_for_reading();
  std::int64_t last_insert_id() const;
  std::int64_t changes() const;  // rows changed by the last statement

  // Writes happen inside begin() ... commit(); the full-text index of the rows written is
  // brought up to date in runs and at commit, so it is only complete outside a transaction.
  void begin();
  void commit();
  void rollback();
  bool in_transaction() const { return in_transaction_; }

  struct SourceRow {
    std::int64_t article_id;
    std::string content_hash;
  };
  std::optional<SourceRow> find_source(std::string_view key);
  std::optional<std::int64_t> find_article_by_hash(std::string_view hash);
  struct ArticleRef {
    std::int64_t id;
    std::string content_hash;
  };
  std::optional<ArticleRef> find_article_by_uid(std::string_view uid);

  // What the reader's thread can compute so that the writer need not: the joined body
  // (Article::body_text()), the layout and metadata as stored (JSON), and the tokens of
  // title, lead.text and body (prepare_document). Optional: without it the writer does the
  // work itself. prepare_row fills all but the tokens.
  struct PreparedDoc {
    std::string body;
    std::string layout, meta;
    std::array<PreparedText, 3> tokens;
    // The vocab entries the reader's Normalizer handed out with these tokens (add_vocab).
    std::vector<VocabEntry> vocab;
  };
  static PreparedDoc prepare_row(const Article& a);
  std::int64_t insert_article(const Article& a, const std::string& hash, PreparedDoc* prepared = nullptr);
  void update_article(std::int64_t id, const Article& a, const std::string& hash, PreparedDoc* prepared = nullptr);
  void delete_article(std::int64_t id);
  // Words for the articles index's `vocab`, written with the next run of the index. Every
  // prepared document's entries must come here, stored or not: its Normalizer never hands
  // them out again.
  void add_vocab(std::vector<VocabEntry>&& entries);
  void put_source(std::string_view key, std::int64_t article_id, std::string_view hash);
  void delete_source(std::string_view key);
  std::int64_t source_count(std::int64_t article_id);
  std::vector<std::string> source_keys();

  std::optional<StoredArticle> load_article(std::string_view uid);
  // The uid of the article a source key (a file's absolute path, `file#id`) leads to.
  std::optional<std::string> uid_for_source(std::string_view key);
  Stats stats();
  // Problems found by SQLite's integrity check, FTS5's check of the index against the
  // articles, and a check that every article has a source; empty when all is well.
  std::vector<std::string> check();
  // The full-text index and its `vocab` made again from the stored text, in one transaction
  // (`corpus reindex --index`; also on open when the text rules changed).
  void rebuild_index();
  // Texts indexed from prepared tokens so far (the rest were tokenised on the writer).
  std::uint64_t replayed_texts() const { return tokenizer_->replayed; }

 private:
  Store(sqlite3* db, std::string path);
  void migrate();
  void check_rules_version();
  void bind_article(Statement& s, const Article& a, const std::string& hash, const std::string& body,
                    const PreparedDoc* prepared);
  void index_insert(std::int64_t id, const Article& a, std::string body, PreparedDoc* prepared);
  void index_delete(std::int64_t id);
  void flush_index();
  void flush_vocab();

  struct PendingRow {
    std::string title, lead, body;
    std::string lang_tag;  // the `fts_lang` column's text (tokenizer.h: language_tag)
    std::unique_ptr<PreparedDoc> tokens;
  };

  sqlite3* db_;
  std::string path_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  // Rows written but not yet indexed, in rowid order; indexed in runs and at commit.
  std::map<std::int64_t, PendingRow> pending_;
  std::vector<VocabEntry> pending_vocab_;
  bool in_transaction_ = false;
  std::unique_ptr<TokenizerContext> tokenizer_ = std::make_unique<TokenizerContext>();
};

// The recorded content hash of each source, through a read-only connection of its own, so
// that a thread other than the store's can skip work for inputs that have not changed.
// Sees only committed data; a miss only means "not known to be unchanged".
class SourceReader {
 public:
  explicit SourceReader(const std::string& db_path);
  ~SourceReader();
  SourceReader(const SourceReader&) = delete;
  SourceReader& operator=(const SourceReader&) = delete;
  std::optional<std::string> hash_of(std::string_view key);
  // Whether any source key starts with `prefix` (a JSON Lines file's `file#`).
  bool any_under(std::string_view prefix);

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3_stmt* prefix_stmt_ = nullptr;
};

// Copies the WAL back into the database file on a thread and connection of its own. SQLite
// runs that checkpoint (read the WAL, write the pages, fsync) inside the commit that fills the
// WAL, on the committing thread: the ingest's writer, the slowest stage, waited for it. A
// passive checkpoint never blocks the writer, and the WAL's frames stay valid until copied, so
// nothing changes for crash safety. While one exists, the store's connection does not
// checkpoint by itself; the destructor checkpoints what is left and gives that back.
class BackgroundCheckpointer {
 public:
  // `wal_cap`: the pages the WAL may hold before the writer makes it start over (at the
  // commit that passes it). Each start-over blocks the writer for a copy and an fsync: 30,000
  // pages (120 MiB) made 80k articles' ingest 0.5 s faster than 10,000; 100,000 was slower
  // again, with more system time (docs/PERFORMANCE.md).
  explicit BackgroundCheckpointer(Store& store, int wal_cap = 30000);
  ~BackgroundCheckpointer();
  BackgroundCheckpointer(const BackgroundCheckpointer&) = delete;
  BackgroundCheckpointer& operator=(const BackgroundCheckpointer&) = delete;

 private:
  static int on_commit(void* self, sqlite3* db, const char* name, int frames);
  void loop();

  Store& store_;
  const int wal_cap_;
  sqlite3* db_ = nullptr;  // the checkpointer's own connection
  std::mutex mu_;
  std::condition_variable wake_;
  bool due_ = false, done_ = false;
  std::thread thread_;
};

// Commits on commit(), rolls back when destroyed before that.
class Transaction {
 public:
  explicit Transaction(Store& s) : store_(s) { store_.begin(); }
  ~Transaction() {
    if (!done_) {
      try {
        store_.rollback();
      } catch (...) {
      }
    }
  }
  void commit() {
    store_.commit();
    done_ = true;
  }

 private:
  Store& store_;
  bool done_ = false;
};

}  // namespace corpus
