// libFuzzer target: a search query, whatever its bytes. It compiles to an FTS5 expression
// that SQLite accepts, or is refused as a query that can never match (QueryError); a search
// with it never fails with a database error ("queries never fail on punctuation").
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string_view>

#include <unistd.h>

#include "corpus/article.h"
#include "corpus/parse.h"
#include "corpus/query.h"
#include "corpus/search.h"
#include "corpus/store.h"

namespace {
// One store for the whole run, in a directory removed at exit (the replay runs in every ctest).
struct Scratch {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("corpus-fuzz-query-" + std::to_string(getpid()));
  std::unique_ptr<corpus::Store> store;
  ~Scratch() {
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

corpus::Store& store() {
  static Scratch scratch;
  if (scratch.store) return *scratch.store;
  {
    std::filesystem::create_directories(scratch.dir);
    auto st = corpus::Store::open((scratch.dir / "q.db").string(), true);
    const auto a = *corpus::parse_article_file(
        " date 2025-10-26 Đại hội TP.HCM (Bà Rịa-Vũng Tàu)\n\nThủ tướng Chính phủ tiếp Bộ trưởng Nam Phi. don't\n",
        "q_1.txt").article;
    st->begin();
    st->put_source("/q_1.txt", st->insert_article(a, a.content_hash()), a.content_hash());
    st->commit();
    scratch.store = std::move(st);
  }
  return *scratch.store;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view q(reinterpret_cast<const char*>(data), size);
  try {
    (void)corpus::compile_query(q);
  } catch (const corpus::QueryError&) {
    return 0;
  }
  corpus::SearchOptions o;
  o.query = std::string(q);
  try {
    (void)corpus::search(store(), o);
  } catch (const corpus::QueryError&) {
  }
  // Anything else (a StoreError from SQLite or FTS5) escapes and libFuzzer reports it.
  return 0;
}
