// Search across a congress's documents (or the whole archive): Vietnamese
// with or without diacritics, phrases, prefixes; one result per document
// with its best page and a highlighted snippet.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "congress/congress_repository.h"
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
  Result<SearchResponse> Search(const SearchRequest& req);
  Result<int> Reindex() { return index_.Rebuild(); }

 private:
  SearchIndex& index_;
  congress::CongressRepository& congresses_;
};

}  // namespace phonghop::search
