// Storage port of search: candidate pages for a query, from an inverted
// index the store keeps in step with every upload, version and deletion.
#pragma once

#include <functional>

#include <string>
#include <vector>

#include "common/status.h"
#include "search/query.h"

namespace phonghop::search {

struct SearchFilter {
  int64_t congress_id = 0;  // 0 = every congress (the archive)
  std::string category;     // "" = any
  int64_t agenda_item_id = 0;
  // Applied before candidates are cut to the limit, to pages that are not
  // public: (visibility, comma-separated roles, congress id) → may read.
  // Unset: every page.
  std::function<bool(const std::string&, const std::string&, int64_t)> visible;
};

struct Candidate {
  int64_t document_id = 0;
  int64_t congress_id = 0;
  std::string code, title, file_name, category;
  int64_t agenda_item_id = 0;
  int page = 0;
  std::string text;
  std::string visibility;  // "public" | "delegates" | "roles"
  std::string roles;       // comma list for "roles"
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Pages matching every clause (`all_terms`) or any term, best first by the
  // index's own relevance, at most `limit`.
  virtual Result<std::vector<Candidate>> Candidates(const Query& q, bool all_terms,
                                                    const SearchFilter& filter, int limit) = 0;
  // Rebuilds the whole index from the stored page texts. Returns pages indexed.
  virtual Result<int> Rebuild() = 0;
  // Catches up with the store and returns the generation of what the index
  // now holds: it changes with every upload, version or deletion, so an
  // answer computed at one generation is valid until it moves. -1: this
  // index cannot tell (answers are then never cached).
  virtual Result<int64_t> Generation() { return int64_t{-1}; }
  // Loads the index now (a server calls it at start, so the first search
  // does not pay for it).
  virtual Status Warm() { return Status::Ok(); }
};

}  // namespace phonghop::search
