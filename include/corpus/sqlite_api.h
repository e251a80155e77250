// SQLite's C API for the files built into the loadable extension too (tokenizer.cc,
// fts5_functions.cc): there SQLite's functions must be called through the table of the SQLite
// that loaded it (sqlite_extension.cc defines it), elsewhere directly.
#pragma once

#ifdef CORPUS_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#else
#include <sqlite3.h>
#endif
