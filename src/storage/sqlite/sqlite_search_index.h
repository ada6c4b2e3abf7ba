// search::SearchIndex on SQLite FTS5 with the "phonghop" tokenizer. The
// index rows are the pages of each document's current version (rowid =
// document_pages.rowid); the title rides on page 1.
#pragma once

#include "search/search_index.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

class SqliteSearchIndex final : public search::SearchIndex {
 public:
  explicit SqliteSearchIndex(SqliteDatabase& db) : db_(db) {}
  Result<std::vector<search::Candidate>> Candidates(const search::Query& q, bool all_terms,
                                                    const search::SearchFilter& filter,
                                                    int limit) override;
  Result<int> Rebuild() override;

  // The FTS5 MATCH expression for a query (exposed for tests).
  static std::string MatchExpression(const search::Query& q, bool all_terms);

 private:
  SqliteDatabase& db_;
};

// Replaces the index rows of one document by its current version's pages.
// Runs inside the caller's write transaction.
void ReindexDocument(Connection& c, int64_t document_id);
// Removes the index rows of one document (before it is deleted).
void UnindexDocument(Connection& c, int64_t document_id);

}  // namespace phonghop::storage
