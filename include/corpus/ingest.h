// Ingest: walks paths, reads files and JSON Lines, parses each input, and writes it through
// the store in batched transactions. Every rejected input is reported and the rest go in.
//
// Two threads, so that both cores work: the caller's thread walks, reads, parses, hashes and
// tokenises (prepare_document); a writer thread owns the store and only writes. Items pass
// between them in input order through a bounded queue, so memory stays flat.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corpus/article.h"
#include "corpus/dedupe.h"
#include "corpus/entities.h"
#include "corpus/normalize.h"
#include "corpus/store.h"

namespace corpus {

struct IngestOptions {
  // The largest article file or JSON Lines record taken; a larger one is rejected unread (a
  // news article is tens of kilobytes: the largest of the 80k in ../shared/data is 50 kB).
  std::uint64_t max_input_bytes = 16ull << 20;
  std::size_t batch_size = 2000;  // articles per transaction
  bool entities = true;           // extract and store entities (extract.h)
  bool fingerprints = true;       // fingerprint each article for dedupe (dedupe.h)
  // Set from a signal handler: the ingest stops between articles and commits what is whole.
  const std::atomic<bool>* interrupted = nullptr;
};

struct Rejection {
  std::string path;
  std::size_t line = 0;  // 1-based; 0 when the reason concerns the whole file
  bool jsonl = false;
  std::string reason;
};
// `path: line N: reason` for article files, `path:N: reason` for JSON Lines, `path: reason`.
std::string to_string(const Rejection& r);

struct IngestCounts {
  std::int64_t added = 0, updated = 0, unchanged = 0, duplicate = 0, rejected = 0, pruned = 0;
  std::int64_t inputs = 0;  // files and records read
  std::uint64_t bytes = 0;
  bool interrupted = false;
};

enum class Outcome { added, updated, unchanged, duplicate };

// A first-in first-out queue of at most `capacity` items between threads. push() waits for
// room, pop() for an item. close(): pop() drains what is queued, then reports the end;
// abandon(): what is queued is dropped too; fail(): pushers stop waiting, for good.
template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}
  enum class Pushed { ok, closed, failed };
  Pushed push(T item) {
    std::unique_lock lock(mu_);
    can_push_.wait(lock, [&] { return items_.size() < capacity_ || closed_ || failed_; });
    if (failed_) return Pushed::failed;
    if (closed_) return Pushed::closed;
    items_.push_back(std::move(item));
    // Only an empty queue can have kept the consumer waiting.
    const bool was_empty = items_.size() == 1;
    lock.unlock();
    if (was_empty) can_pop_.notify_one();
    return Pushed::ok;
  }
  std::optional<T> pop() {
    std::unique_lock lock(mu_);
    can_pop_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    // A producer that found the queue full sleeps until it is half empty: one wake-up per
    // half a queue instead of one per item (each a context switch on a busy machine).
    const bool wake = items_.size() <= capacity_ / 2;
    lock.unlock();
    if (wake) can_push_.notify_one();
    return item;
  }
  void close() { end(false, false); }
  void abandon() { end(true, false); }
  void fail() { end(true, true); }

 private:
  void end(bool drop, bool failed) {
    {
      std::lock_guard lock(mu_);
      closed_ = closed_ || !failed;
      failed_ = failed_ || failed;
      if (drop) items_.clear();
    }
    can_pop_.notify_all();
    can_push_.notify_all();
  }

  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable can_pop_, can_push_;
  std::deque<T> items_;
  bool closed_ = false, failed_ = false;
};

class Ingester {
 public:
  // The callbacks run on the writer thread, one at a time, in input order.
  using RejectFn = std::function<void(const Rejection&)>;
  using ProgressFn = std::function<void(const IngestCounts&)>;
  Ingester(Store& store, IngestOptions options, RejectFn on_reject, ProgressFn on_progress = {});
  // Without finish(), the open batch is rolled back.
  ~Ingester();

  // A file (article or .jsonl / .jsonl.gz) or a directory, walked recursively.
  void add_path(const std::string& path);
  // JSON Lines from an open descriptor (`--jsonl -`); `name` labels rejections.
  void add_jsonl_fd(int fd, const std::string& name);
  // Paths, one a line, from an open descriptor (`corpus ingest -`), each as add_path; a line
  // longer than any path is rejected as `name:N`, not looked up.
  void add_paths_fd(int fd, const std::string& name);
  // Removes the sources whose files are gone, and articles left with no source.
  void prune();
  // Waits for the writer, commits the open batch, and rethrows a writer's error.
  void finish();

  // Final after finish().
  const IngestCounts& counts() const { return counts_; }
  // What the transactions committed so far hold, from any thread: after a failure, what is
  // stored for good.
  IngestCounts committed() const;
  bool stopped() const;

 private:
  struct Item {
    enum class Kind { file_article, record, rejection, prune } kind = Kind::rejection;
    std::string key;
    std::unique_ptr<Article> article;
    std::string hash;
    std::unique_ptr<Store::PreparedDoc> prepared;
    std::optional<std::vector<Entity>> entities;  // extracted on the extraction thread
    std::optional<Fingerprints> fingerprints;     // made on the reader's thread
    Rejection rejection;
    std::uint64_t bytes = 0;
    bool repeat = false;
  };

  // Reader side (the caller's thread).
  void walk(const std::string& dir, std::set<std::pair<std::uint64_t, std::uint64_t>>& ancestors);
  void add_file(const std::string& path);
  void add_article_file(const std::string& path);
  void add_jsonl(int fd, const std::string& path, const std::string& key_prefix);
  // Hands each line of `fd` to `fn(line number, line, overlong)` (overlong: the length of a
  // line over `max_line`, skipped, else 0) until the end or an interrupt; a read error is
  // rejected as `name:N` and ends the input.
  using LineFn = std::function<void(std::size_t, const std::string&, std::size_t)>;
  void read_lines(int fd, const std::string& name, std::size_t max_line, const LineFn& fn);
  void reject(Rejection r);
  // `known_source`: false when no source of this input is stored yet, so nothing to look up.
  // `repeat`: a record whose id this run has read already, with the same content.
  void submit(Item::Kind kind, std::string key, Article a, std::string hash, std::uint64_t bytes,
              bool known_source = true, bool repeat = false);
  void push(Item item);     // to the writer
  void forward(Item item);  // to the extraction thread when there is one, else to the writer
  void extract_loop();

  // Writer side.
  void write_loop();
  void write(Item& item);
  Outcome store_file_article(Item& item);
  Outcome store_record(Item& item);
  void prune_now();
  void stored(Outcome o, std::uint64_t bytes);

  Store& store_;
  IngestOptions options_;
  RejectFn on_reject_;
  ProgressFn on_progress_;
  IngestCounts counts_;  // the writer's
  std::size_t pending_ = 0;  // articles in the open transaction

  Normalizer norm_;  // the reader's
  // The records read in this run, by a hash of their id (the reader's): where each was first
  // read and a hash of its content. 40-odd bytes a record, not its text.
  struct RecordSeen {
    std::uint32_t input, line;
    std::uint64_t content;
  };
  std::unordered_map<std::uint64_t, RecordSeen> records_seen_;
  std::vector<std::string> input_names_;  // the JSON Lines inputs read, for RecordSeen::input
  Extractor extractor_;  // the extraction thread's
  std::unique_ptr<Extractor> writer_extractor_;  // for the rare item the reader did not prepare
  EntityIndex entities_;  // the writer's
  FingerprintStore fingerprints_;  // the writer's
  std::unique_ptr<BackgroundCheckpointer> checkpointer_;
  SourceReader sources_;
  void save_derived(std::int64_t article_id, Item& item, bool new_article = false);

  // Reader → extraction thread → writer, in input order. The writer's queue is deep enough
  // that the reader keeps working through the writer's 256-row index runs and commits (with
  // 64, 35k Baomoi articles took 8.5 s instead of 6.4 s; on Baomoi + VietNews + Reuters, 1024
  // against 256: 12.6 s against 13.0 s, peak 124 MiB against 95); for the extraction queue
  // 16, 64 and 256 measured alike. Extraction on the reader's thread
  // made the reader the bottleneck (35k Baomoi articles: 13.8 s against 6.8 s without
  // entities); on its own it takes the slack of both.
  BoundedQueue<Item> stage_{64};
  BoundedQueue<Item> queue_{1024};
  mutable std::mutex error_mu_;  // also guards committed_
  IngestCounts committed_;
  void note_committed();
  std::exception_ptr error_;         // the first failure, rethrown by finish() and the reader
  std::atomic<bool> commit_at_end_{false};
  std::thread writer_;
  std::thread extractor_thread_;
  void record_error(std::exception_ptr e);
  [[noreturn]] void rethrow_error();
};

// The key a file is recorded under: its absolute, lexically normal path.
std::string source_key_for(const std::string& path);

}  // namespace corpus
