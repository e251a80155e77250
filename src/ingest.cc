#include "corpus/ingest.h"

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "corpus/dedupe.h"
#include "corpus/line_reader.h"
#include "corpus/parse.h"

namespace fs = std::filesystem;

namespace corpus {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }
bool is_jsonl_name(std::string_view p) { return ends_with(p, ".jsonl") || ends_with(p, ".jsonl.gz"); }
// What a directory walk takes; an explicitly named file is taken whatever its name.
bool is_walked_name(std::string_view p) { return ends_with(p, ".txt") || is_jsonl_name(p); }

std::string errno_text(int e) { return std::strerror(e); }

// Why the target of `p` cannot be reached: stat() failed with `err` (0: it found nothing).
std::string unreachable(const std::string& p, int err) {
  if (err == ELOOP) return "symbolic link loop";
  struct stat link {};
  if ((err == 0 || err == ENOENT) && ::lstat(p.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    return "dangling symbolic link";
  }
  return fmt::format("cannot stat: {}", errno_text(err == 0 ? ENOENT : err));
}

// bench/ingest.sh on 2 cores: 9.3-9.5 s at nice 0, 8.2-8.7 s at 10 or 19.
constexpr int kExtractionNice = 10;

}  // namespace

std::string to_string(const Rejection& r) {
  if (r.line == 0) return fmt::format("{}: {}", r.path, r.reason);
  if (r.jsonl) return fmt::format("{}:{}: {}", r.path, r.line, r.reason);
  return fmt::format("{}: line {}: {}", r.path, r.line, r.reason);
}

std::string source_key_for(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  if (ec) abs = path;
  return abs.lexically_normal().string();
}

Ingester::Ingester(Store& store, IngestOptions options, RejectFn on_reject, ProgressFn on_progress)
    : store_(store),
      options_(options),
      on_reject_(std::move(on_reject)),
      on_progress_(std::move(on_progress)),
      entities_(store),
      fingerprints_(store),
      checkpointer_(std::make_unique<BackgroundCheckpointer>(store)),
      sources_(store.path()) {
  // The writer's page cache holds a transaction's pages (2,000 articles: their rows, index
  // segments, entities). SQLite's 2 MiB default spilled them to the WAL mid-transaction and
  // read them back: 3.8 s of the writer's system time on 80k articles, 1.5 s with 32 MiB.
  store_.exec("PRAGMA cache_size=-32768");
  writer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "corpus-writer");  // for top -H and profilers
    write_loop();
  });
  if (options_.entities) {
    extractor_thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "corpus-extract");
      // The writer is the pipeline's slowest stage: when the three threads share fewer
      // cores, extraction yields to it (nice applies per thread on Linux; raising it needs
      // no privilege). With a core each, it changes nothing.
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kExtractionNice);
      extract_loop();
    });
  }
}

Ingester::~Ingester() {
  // Abandoned (finish() was not reached): what is queued never lands.
  stage_.abandon();
  queue_.abandon();
  if (extractor_thread_.joinable()) extractor_thread_.join();
  if (writer_.joinable()) writer_.join();
  checkpointer_.reset();
  if (store_.in_transaction()) {
    try {
      store_.rollback();
    } catch (...) {
    }
  }
}

void Ingester::record_error(std::exception_ptr e) {
  std::lock_guard lock(error_mu_);
  if (!error_) error_ = std::move(e);
}

void Ingester::note_committed() {
  std::lock_guard lock(error_mu_);
  committed_ = counts_;
}

IngestCounts Ingester::committed() const {
  std::lock_guard lock(error_mu_);
  return committed_;
}

void Ingester::rethrow_error() {
  std::lock_guard lock(error_mu_);
  std::rethrow_exception(error_);
}

bool Ingester::stopped() const {
  return options_.interrupted != nullptr && options_.interrupted->load(std::memory_order_relaxed);
}

// ---- reader side ----

void Ingester::push(Item item) {
  if (queue_.push(std::move(item)) == BoundedQueue<Item>::Pushed::failed) rethrow_error();
}

void Ingester::forward(Item item) {
  if (!extractor_thread_.joinable()) {
    push(std::move(item));
    return;
  }
  if (stage_.push(std::move(item)) == BoundedQueue<Item>::Pushed::failed) rethrow_error();
}

void Ingester::extract_loop() {
  try {
    while (auto item = stage_.pop()) {
      if (item->prepared && item->article && !stopped()) {
        item->entities = extractor_.extract(*item->article, item->prepared->body, &item->prepared->tokens);
      }
      push(std::move(*item));
    }
  } catch (...) {
    // The writer failed (push rethrew its error) or extraction did: the reader stops; the
    // writer commits what reached it, and finish() rethrows.
    record_error(std::current_exception());
    stage_.fail();
  }
}

void Ingester::reject(Rejection r) {
  Item item;
  item.kind = Item::Kind::rejection;
  item.rejection = std::move(r);
  forward(std::move(item));
}

void Ingester::submit(Item::Kind kind, std::string key, Article a, std::string hash, std::uint64_t bytes,
                      bool known_source, bool repeat) {
  Item item;
  item.kind = kind;
  item.hash = std::move(hash);
  item.bytes = bytes;
  item.repeat = repeat;
  // Tokenise here, on the reader's core, unless the writer will find the input unchanged.
  if (!known_source || sources_.hash_of(key) != item.hash) {
    auto prepared = std::make_unique<Store::PreparedDoc>(Store::prepare_row(a));
    prepared->tokens = {prepare_document(norm_, a.title, &prepared->vocab),
                        prepare_document(norm_, a.lead.text, &prepared->vocab),
                        prepare_document(norm_, prepared->body, &prepared->vocab)};
    if (options_.fingerprints) {
      item.fingerprints = fingerprint(prepared->tokens[1], prepared->tokens[2], prepared->body, a.lead_position);
    }
    item.prepared = std::move(prepared);
  }
  item.key = std::move(key);
  item.article = std::make_unique<Article>(std::move(a));
  forward(std::move(item));
}

void Ingester::prune() {
  Item item;
  item.kind = Item::Kind::prune;
  forward(std::move(item));
}

void Ingester::finish() {
  stage_.close();  // the extraction thread drains what is staged, then ends
  if (extractor_thread_.joinable()) extractor_thread_.join();
  commit_at_end_ = true;
  queue_.close();
  if (writer_.joinable()) writer_.join();
  checkpointer_.reset();  // copies what is left of the WAL
  {
    std::lock_guard lock(error_mu_);
    if (error_) std::rethrow_exception(error_);
  }
  counts_.interrupted = stopped();
}

// ---- writer side ----

void Ingester::write_loop() {
  try {
    while (auto item = queue_.pop()) {
      if (!stopped()) write(*item);  // after an interrupt, what is queued is dropped
    }
    if (!commit_at_end_) return;  // abandoned: the destructor rolls back
    if (store_.in_transaction()) {
      entities_.flush_names();
      store_.commit();
      note_committed();
    }
  } catch (...) {
    record_error(std::current_exception());
    queue_.fail();
    stage_.fail();
  }
}

void Ingester::write(Item& item) {
  if (item.kind != Item::Kind::rejection && !store_.in_transaction()) store_.begin();
  // Whatever becomes of the article (a duplicate, unchanged), the words it brought are new to
  // the reader's Normalizer only once.
  if (item.prepared) store_.add_vocab(std::move(item.prepared->vocab));
  switch (item.kind) {
    case Item::Kind::rejection:
      ++counts_.rejected;
      ++counts_.inputs;
      if (on_reject_) on_reject_(item.rejection);
      return;
    case Item::Kind::prune:
      prune_now();
      return;
    case Item::Kind::file_article:
      stored(store_file_article(item), item.bytes);
      return;
    case Item::Kind::record: {
      const Outcome o = store_record(item);
      // A record read twice in one run is found unchanged the second time: say what it is.
      stored(item.repeat && o == Outcome::unchanged ? Outcome::duplicate : o, item.bytes);
      return;
    }
  }
}

void Ingester::stored(Outcome o, std::uint64_t bytes) {
  switch (o) {
    case Outcome::added: ++counts_.added; break;
    case Outcome::updated: ++counts_.updated; break;
    case Outcome::unchanged: ++counts_.unchanged; break;
    case Outcome::duplicate: ++counts_.duplicate; break;
  }
  ++counts_.inputs;
  counts_.bytes += bytes;
  if (++pending_ >= options_.batch_size) {
    entities_.flush_names();
    store_.commit();
    note_committed();
    pending_ = 0;
  }
  if (on_progress_) on_progress_(counts_);
}

void Ingester::add_path(const std::string& path) {
  if (stopped()) return;
  std::error_code ec;
  const fs::file_status link = fs::symlink_status(path, ec);
  if (ec || !fs::exists(link)) {
    reject({path, 0, false, "no such file or directory"});
    return;
  }
  const fs::file_status target = fs::status(path, ec);
  if (ec || !fs::exists(target)) {
    reject({path, 0, false, unreachable(path, ec.value())});
    return;
  }
  if (fs::is_directory(target)) {
    std::set<std::pair<std::uint64_t, std::uint64_t>> ancestors;
    walk(path, ancestors);
  } else if (fs::is_regular_file(target) || fs::is_fifo(target) || fs::is_character_file(target)) {
    add_file(path);  // a named pipe or /dev/stdin streams JSON Lines as well as a file does
  } else {
    reject({path, 0, false, "not a regular file or directory"});
  }
}

// POSIX directory reads rather than fs::directory_iterator: a std::filesystem::path keeps a
// parsed copy of each of its components, so 1,300 nested directories held 50 MB of them (the
// walk's paths are quadratic in its depth); and readdir's entry type spares a stat() for
// every plain file and directory.
void Ingester::walk(const std::string& dir,
                    std::set<std::pair<std::uint64_t, std::uint64_t>>& ancestors) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    reject({dir, 0, false, fmt::format("cannot read directory: {}", errno_text(errno))});
    return;
  }
  const std::pair<std::uint64_t, std::uint64_t> id{st.st_dev, st.st_ino};
  if (ancestors.contains(id)) {
    reject({dir, 0, false, "symbolic link loop: directory already being walked"});
    return;
  }
  std::vector<std::pair<std::string, unsigned char>> entries;  // name, readdir's type
  {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      reject({dir, 0, false, fmt::format("cannot read directory: {}", errno_text(errno))});
      return;
    }
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
      if (e->d_name[0] != '.') entries.emplace_back(e->d_name, e->d_type);  // hidden, `.` and `..`
    }
    const int err = errno;
    ::closedir(d);
    if (err != 0) {
      reject({dir, 0, false, fmt::format("cannot read directory: {}", errno_text(err))});
      return;
    }
  }
  // Sorted, so that ingest order and hence article ids are reproducible.
  std::sort(entries.begin(), entries.end());
  ancestors.insert(id);
  std::string p;
  for (const auto& [name, type] : entries) {
    if (stopped()) break;
    p.assign(dir);
    if (!p.ends_with('/')) p += '/';
    p += name;
    bool is_dir = type == DT_DIR, is_file = type == DT_REG;
    if (!is_dir && !is_file) {  // a link, or a file system that does not say
      struct stat target {};
      if (::stat(p.c_str(), &target) != 0) {
        reject({p, 0, false, unreachable(p, errno)});
        continue;
      }
      is_dir = S_ISDIR(target.st_mode);
      is_file = S_ISREG(target.st_mode);
    }
    if (is_dir) {
      walk(p, ancestors);
    } else if (is_file && is_walked_name(name)) {
      add_file(p);
    }
  }
  ancestors.erase(id);
}

void Ingester::add_file(const std::string& path) {
  if (stopped()) return;
  if (is_jsonl_name(path)) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      reject({path, 0, false, fmt::format("cannot open: {}", errno_text(errno))});
      return;
    }
    try {
      add_jsonl(fd, path, source_key_for(path) + "#");
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
    return;
  }
  add_article_file(path);
}

void Ingester::add_article_file(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) {
    reject({path, 0, false, fmt::format("cannot read: {}", ec.message())});
    return;
  }
  if (size > options_.max_input_bytes) {
    reject({path, 0, false,
            fmt::format("file is {} bytes, over the limit of {} (--max-size)", size, options_.max_input_bytes)});
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    reject({path, 0, false, fmt::format("cannot read: {}", errno_text(errno))});
    return;
  }
  ParseResult r = parse_article_file(bytes, fs::path(path).filename().string());
  if (!r.ok()) {
    reject({path, r.error.line, false, r.error.reason});
    return;
  }
  std::string hash = r.article->content_hash();
  submit(Item::Kind::file_article, source_key_for(path), std::move(*r.article), std::move(hash), size);
}

void Ingester::add_jsonl_fd(int fd, const std::string& name) {
  add_jsonl(fd, name, name + "#");
}

void Ingester::read_lines(int fd, const std::string& name, std::size_t max_line, const LineFn& fn) {
  LineReader reader(fd, options_.interrupted, max_line);
  std::string line;
  std::size_t line_no = 0;
  while (!stopped()) {
    try {
      if (!reader.next(line)) break;
    } catch (const std::exception& e) {
      // A read error or a cut gzip file: the lines before it stand.
      reject({name, line_no + 1, true, e.what()});
      break;
    }
    fn(++line_no, line, reader.overlong());
  }
}

void Ingester::add_paths_fd(int fd, const std::string& name) {
  read_lines(fd, name, PATH_MAX, [&](std::size_t line_no, const std::string& line, std::size_t overlong) {
    if (overlong > 0) {
      reject({name, line_no, true, fmt::format("a line of {} bytes is no path (at most {})", overlong, PATH_MAX)});
    } else if (!line.empty()) {
      add_path(line);
    }
  });
}

void Ingester::add_jsonl(int fd, const std::string& path, const std::string& key_prefix) {
  const std::string stem = fs::path(path).filename().string();
  // A file never ingested before has no record to find unchanged: one look-up, not one a
  // record (80k of them, on a table the writer is filling, cost the reader 0.3 s).
  const bool known_file = sources_.any_under(key_prefix);
  const auto input_no = static_cast<std::uint32_t>(input_names_.size());
  input_names_.push_back(path);
  read_lines(fd, path, options_.max_input_bytes, [&](std::size_t line_no, const std::string& line, std::size_t overlong) {
    if (overlong > 0) {
      reject({path, line_no, true,
              fmt::format("record is {} bytes, over the limit of {} (--max-size)", overlong, options_.max_input_bytes)});
      return;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    ParseResult r = parse_jsonl_record(line, fmt::format("{}:{}", stem, line_no));
    if (!r.ok()) {
      reject({path, line_no, true, r.error.reason});
      return;
    }
    r.article->source_name = stem;
    std::string hash = r.article->content_hash();
    // Records are addressed by id: a second record of an id in one run would overwrite the
    // first unseen. The same record again is a duplicate; another one is rejected.
    const RecordSeen here{input_no, static_cast<std::uint32_t>(line_no), XXH3_64bits(hash.data(), hash.size())};
    const auto [seen, first] = records_seen_.try_emplace(XXH3_64bits(r.article->uid.data(), r.article->uid.size()), here);
    if (!first && seen->second.content != here.content) {
      const RecordSeen& was = seen->second;
      reject({path, line_no, true,
              fmt::format("id '{}' was read already, with other content, at {}:{}; the first is kept", r.article->uid,
                          input_names_[was.input], was.line)});
      return;
    }
    std::string key = key_prefix + r.article->uid;
    submit(Item::Kind::record, std::move(key), std::move(*r.article), std::move(hash), line.size() + 1, known_file,
           /*repeat=*/!first);
  });
}

// Files are content-addressed: one article per distinct content, any number of paths to it.
Outcome Ingester::store_file_article(Item& item) {
  const std::string& key = item.key;
  const std::string& hash = item.hash;
  Article& a = *item.article;
  const auto src = store_.find_source(key);
  if (src && src->content_hash == hash) return Outcome::unchanged;

  auto drop_if_orphan = [&](std::int64_t article_id) {
    if (store_.source_count(article_id) == 0) store_.delete_article(article_id);
  };
  if (const auto same = store_.find_article_by_hash(hash)) {
    store_.put_source(key, *same, hash);
    if (src && src->article_id != *same) drop_if_orphan(src->article_id);
    return Outcome::duplicate;
  }
  if (src && store_.source_count(src->article_id) == 1) {
    store_.update_article(src->article_id, a, hash, item.prepared.get());
    save_derived(src->article_id, item);
    store_.put_source(key, src->article_id, hash);
    return Outcome::updated;
  }
  // A new article; its uid is the file name, unless another file of that name holds other text.
  if (store_.find_article_by_uid(a.uid)) {
    a.uid += '~';
    a.uid.append(hash, 0, 8);
  }
  const std::int64_t id = store_.insert_article(a, hash, item.prepared.get());
  save_derived(id, item, true);
  store_.put_source(key, id, hash);
  return src ? Outcome::updated : Outcome::added;
}

// Records are addressed by their id: a changed record is updated in place.
Outcome Ingester::store_record(Item& item) {
  const std::string& key = item.key;
  const std::string& hash = item.hash;
  const Article& a = *item.article;
  if (const auto ref = store_.find_article_by_uid(a.uid)) {
    const auto src = store_.find_source(key);
    if (!src || src->article_id != ref->id) store_.put_source(key, ref->id, hash);
    if (ref->content_hash == hash) return Outcome::unchanged;
    store_.update_article(ref->id, a, hash, item.prepared.get());
    save_derived(ref->id, item);
    store_.put_source(key, ref->id, hash);
    return Outcome::updated;
  }
  const std::int64_t id = store_.insert_article(a, hash, item.prepared.get());
  save_derived(id, item, true);
  store_.put_source(key, id, hash);
  return Outcome::added;
}

void Ingester::save_derived(std::int64_t article_id, Item& item, bool new_article) {
  if (item.fingerprints) fingerprints_.save(article_id, item.hash, *item.fingerprints, !new_article);
  if (!options_.entities) return;
  if (!item.entities) {
    if (!writer_extractor_) writer_extractor_ = std::make_unique<Extractor>();
    item.entities = writer_extractor_->extract(*item.article, item.article->body_text());
  }
  entities_.save(article_id, *item.article, *item.entities, new_article);
}

void Ingester::prune_now() {
  for (const std::string& key : store_.source_keys()) {
    // JSON Lines sources are `file#id`; records read from standard input have no file.
    std::string file = key;
    if (key.starts_with("-#")) continue;
    if (const auto hash = key.rfind('#'); hash != std::string::npos && !fs::exists(key)) {
      file = key.substr(0, hash);
    }
    std::error_code ec;
    if (fs::exists(file, ec) || ec) continue;
    const auto src = store_.find_source(key);
    store_.delete_source(key);
    if (src && store_.source_count(src->article_id) == 0) {
      store_.delete_article(src->article_id);
      ++counts_.pruned;
    }
  }
  if (counts_.pruned > 0) entities_.drop_orphans();
}

}  // namespace corpus
