// search::SearchIndex on PostgreSQL, the same design as the SQLite one: the
// first stage runs on an in-memory search::InvertedIndex built from the pages
// of each document's current version, kept in step by following the
// `search_changes` log. Every phonghop node keeps its own copy and follows
// the log, so an upload on one node is found by a search on another.
//
// The log is appended under a transaction-scoped advisory lock
// (LogSearchChange), so its sequence numbers become visible in commit order
// and a follower never skips a change that committed late.
#pragma once

#include <shared_mutex>

#include "search/inverted_index.h"
#include "search/search_index.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::storage::pg {

class PgSearchIndex final : public search::SearchIndex {
 public:
  explicit PgSearchIndex(PgDatabase& db) : db_(db) {}
  // Thread-safe. The first call loads every page.
  Result<std::vector<search::Candidate>> Candidates(const search::Query& q, bool all_terms,
                                                    const search::SearchFilter& filter,
                                                    int limit) override;
  Result<int> Rebuild() override;
  // Loads or catches up the in-memory index now.
  Status Warm() override;
  // Catches up, then the position of the search_changes log the index
  // holds: it moves with every change any node commits, so the search
  // service's answer cache is valid until it does. kUnavailable when the
  // database cannot be read.
  Result<int64_t> Generation() override;

 private:
  void Sync();
  PgDatabase& db_;
  std::shared_mutex mu_;
  search::InvertedIndex memory_;
  int64_t applied_seq_ = -1;  // -1: not loaded
};

// Appends "document changed" (0 = everything) to the log, inside the
// caller's write transaction.
void LogSearchChange(PgConnection& c, int64_t document_id);

}  // namespace phonghop::storage::pg
