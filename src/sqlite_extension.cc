// The loadable SQLite extension: corpus's FTS5 tokenizer and ranking functions in any program
// built on SQLite (the sqlite3 shell, Python, DB browsers), so that the database's full-text
// tables can be queried there with corpus's own matching: `dai` finds `Đại` through `vocab`.
//
//   sqlite3 corpus.db -cmd '.load /usr/local/lib/corpus_fts'
//   sqlite> SELECT uid FROM articles WHERE id IN
//      ...>   (SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'dai');
//
// SQLite finds the entry point by the file's name (sqlite3_corpusfts_init) or by the generic
// name. Each connection gets a context of its own, freed with it.
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <exception>
#include <memory>

#include "corpus/tokenizer.h"

namespace {

void free_context(void* p) { delete static_cast<corpus::TokenizerContext*>(p); }

int init(sqlite3* db, char** error, const sqlite3_api_routines* api) {
  SQLITE_EXTENSION_INIT2(api);
  auto context = std::make_unique<corpus::TokenizerContext>();
  try {
    corpus::register_tokenizer(db, context.get(), free_context);
  } catch (const std::exception& e) {
    if (error != nullptr) *error = sqlite3_mprintf("corpus: %s", e.what());
    return SQLITE_ERROR;
  }
  context.release();  // FTS5 owns it now
  return SQLITE_OK;
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) int sqlite3_corpusfts_init(sqlite3* db, char** error,
                                                                    const sqlite3_api_routines* api) {
  return init(db, error, api);
}

__attribute__((visibility("default"))) int sqlite3_extension_init(sqlite3* db, char** error,
                                                                    const sqlite3_api_routines* api) {
  return init(db, error, api);
}

}  // extern "C"
