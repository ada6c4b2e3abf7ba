// search::SearchIndex on SQLite. The first stage runs on an in-memory
// search::InvertedIndex built from the pages of each document's current
// version and kept in step by following the `search_changes` log that every
// upload, version, title change and deletion appends to in its own
// transaction — so the index is derived data: any process (one per
// PostgreSQL client later) rebuilds it from the database and follows it.
// The FTS5 table stays as the store-side index (migrations, baselines).
#pragma once

#include <shared_mutex>

#include "search/inverted_index.h"
#include "search/search_index.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

class SqliteSearchIndex final : public search::SearchIndex {
 public:
  explicit SqliteSearchIndex(SqliteDatabase& db) : db_(db) {}
  // Thread-safe. The first call loads every page (seconds at 100,000 pages).
  Result<std::vector<search::Candidate>> Candidates(const search::Query& q, bool all_terms,
                                                    const search::SearchFilter& filter,
                                                    int limit) override;
  Result<int> Rebuild() override;
  // Loads or catches up the in-memory index now (the server calls it at
  // start so the first search is not the one that pays).
  Status Warm() override;
  // Catches up, then the change-log position the index holds.
  Result<int64_t> Generation() override;
  // Bytes held by the in-memory index (an estimate).
  size_t MemoryBytes() {
    std::shared_lock lock(mu_);
    return memory_.MemoryBytes();
  }

  // The FTS5 MATCH expression for a query (exposed for tests).
  static std::string MatchExpression(const search::Query& q, bool all_terms);

 private:
  void Sync();  // under no lock; takes the writer lock only if behind

  SqliteDatabase& db_;
  std::shared_mutex mu_;
  search::InvertedIndex memory_;
  int64_t applied_seq_ = -1;  // -1: not loaded
};

// Replaces the index rows of one document by its current version's pages.
// Runs inside the caller's write transaction.
void ReindexDocument(Connection& c, int64_t document_id);
// Removes the index rows of one document (before it is deleted).
void UnindexDocument(Connection& c, int64_t document_id);

}  // namespace phonghop::storage
