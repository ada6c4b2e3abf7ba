// Registers the "phonghop" FTS5 tokenizer (search/tokenizer.h: folded
// Vietnamese tokens) on a SQLite connection. Must run before any statement
// touches the search index, including the migration that creates it.
#pragma once

#include <sqlite3.h>

namespace phonghop::storage {

// Returns false if FTS5 is unavailable on this SQLite build.
bool RegisterFtsTokenizer(sqlite3* db);

}  // namespace phonghop::storage
