// Search across a congress's documents (or the whole archive): Vietnamese
// with or without diacritics, phrases, prefixes; one result per document
// with its best page and a highlighted snippet.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "congress/congress_repository.h"
#include "search/answer_cache.h"
#include "search/query.h"
#include "search/search_index.h"

namespace phonghop::search {

struct SearchRequest {
  std::string congress_slug;  // "" = all congresses
  std::string text;
  std::string category;
  int64_t agenda_item_id = 0;
  int limit = 20;
  // Documents the caller may not open never appear, not even as a snippet.
  std::function<bool(const Candidate&)> visible;
  // Names the rule `visible` applies (the same class sees the same
  // documents): answers are cached per class. Empty with `visible` set: the
  // answer is not cached.
  std::string visibility_class;
};

struct SearchResult {
  std::string code, title, file_name, category;
  int64_t agenda_item_id = 0;
  int page = 0;
  std::string snippet;  // HTML-escaped, matches in <mark>
  double score = 0;
  bool strong = false;  // score >= kStrongCutoff
};

struct SearchResponse {
  std::vector<SearchResult> results;  // best first
  std::string query;
};

class SearchService {
 public:
  SearchService(SearchIndex& index, congress::CongressRepository& congresses)
      : index_(index), congresses_(congresses) {}
  // kInvalidArgument for a malformed or oversized query, kNotFound for an
  // unknown congress. An empty query gives no results.
  // Identical requests (text, filters, limit, visibility class) at the same
  // index generation are answered from a cache of recent answers.
  Result<SearchResponse> Search(const SearchRequest& req);
  Result<int> Reindex() { return index_.Rebuild(); }
  // Loads the index now (the server calls it at start).
  Status Warm() { return index_.Warm(); }
  uint64_t cache_hits() const { return cache_.hits(); }

 private:
  Result<SearchResponse> Compute(const SearchRequest& req);

  SearchIndex& index_;
  AnswerCache<SearchResponse> cache_;
  congress::CongressRepository& congresses_;
};

}  // namespace phonghop::search
