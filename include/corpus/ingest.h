// Ingest: walks paths, reads files and JSON Lines, parses each input, and writes it through
// the store in batched transactions. Every rejected input is reported and the rest go in.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "corpus/article.h"
#include "corpus/store.h"

namespace corpus {

struct IngestOptions {
  std::uint64_t max_file_bytes = 64ull << 20;
  std::size_t batch_size = 2000;  // articles per transaction
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

class Ingester {
 public:
  using RejectFn = std::function<void(const Rejection&)>;
  using ProgressFn = std::function<void(const IngestCounts&)>;
  Ingester(Store& store, IngestOptions options, RejectFn on_reject, ProgressFn on_progress = {});
  ~Ingester();

  // A file (article or .jsonl / .jsonl.gz) or a directory, walked recursively.
  void add_path(const std::string& path);
  // JSON Lines from an open descriptor (`--jsonl -`); `name` labels rejections.
  void add_jsonl_fd(int fd, const std::string& name);
  // Removes the sources whose files are gone, and articles left with no source.
  void prune();
  // Commits the open batch.
  void finish();

  const IngestCounts& counts() const { return counts_; }
  bool stopped() const;

 private:
  void walk(const std::string& dir, std::set<std::pair<std::uint64_t, std::uint64_t>>& ancestors);
  void add_file(const std::string& path);
  void add_article_file(const std::string& path);
  void add_jsonl(int fd, const std::string& path, const std::string& key_prefix);
  Outcome store_file_article(const std::string& key, Article& a);
  Outcome store_record(const std::string& key, Article& a);
  void reject(Rejection r);
  void stored(Outcome o);

  Store& store_;
  IngestOptions options_;
  RejectFn on_reject_;
  ProgressFn on_progress_;
  IngestCounts counts_;
  std::size_t pending_ = 0;
  bool in_transaction_ = false;
};

// The key a file is recorded under: its absolute, lexically normal path.
std::string source_key_for(const std::string& path);

}  // namespace corpus
