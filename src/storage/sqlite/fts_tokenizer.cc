#include "storage/sqlite/fts_tokenizer.h"

#include <string>

#include "search/tokenizer.h"

namespace phonghop::storage {

namespace {

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  static int dummy;
  *out = reinterpret_cast<Fts5Tokenizer*>(&dummy);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer*) {}

int Tokenize(Fts5Tokenizer*, void* ctx, int /*flags*/, const char* text, int n,
             int (*token)(void*, int, const char*, int, int, int)) {
  int rc = SQLITE_OK;
  search::ForEachFolded(std::string_view(text, static_cast<size_t>(n > 0 ? n : 0)),
                        [&](const std::string& folded, size_t start, size_t end) {
                          if (rc != SQLITE_OK) return;
                          rc = token(ctx, 0, folded.data(), static_cast<int>(folded.size()),
                                     static_cast<int>(start), static_cast<int>(end));
                        });
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

}  // namespace

bool RegisterFtsTokenizer(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (!api) return false;
  static fts5_tokenizer tok = {Create, Delete, Tokenize};
  return api->xCreateTokenizer(api, "phonghop", nullptr, &tok, nullptr) == SQLITE_OK;
}

}  // namespace phonghop::storage
