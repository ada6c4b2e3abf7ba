#include "search/search_service.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "search/ranker.h"

namespace phonghop::search {

Result<SearchResponse> SearchService::Search(const SearchRequest& req) {
  const bool cacheable = !req.visible || !req.visibility_class.empty();
  if (!cacheable || req.text.empty()) return Compute(req);
  PH_ASSIGN_OR_RETURN(int64_t generation, index_.Generation());
  if (generation < 0) return Compute(req);
  // Every field an answer depends on, each length-prefixed (no two
  // requests share a key).
  std::string key;
  auto add = [&key](std::string_view part) {
    key += std::to_string(part.size());
    key += ':';
    key += part;
  };
  add(std::to_string(generation));
  add(req.congress_slug);
  add(req.category);
  add(std::to_string(req.agenda_item_id));
  add(std::to_string(std::clamp(req.limit, 1, 100)));
  add(req.visible ? req.visibility_class : "*");
  add(req.text);
  if (auto hit = cache_.Get(key)) return std::move(*hit);
  PH_ASSIGN_OR_RETURN(SearchResponse answer, Compute(req));
  cache_.Put(key, answer);
  return answer;
}

Result<SearchResponse> SearchService::Compute(const SearchRequest& req) {
  PH_ASSIGN_OR_RETURN(Query q, ParseQuery(req.text));
  SearchResponse out;
  out.query = req.text;
  if (q.empty()) return out;
  SearchFilter filter;
  filter.category = req.category;
  filter.agenda_item_id = req.agenda_item_id;
  if (!req.congress_slug.empty()) {
    PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(req.congress_slug));
    filter.congress_id = c.id;
  }
  if (req.visible) {
    // The caller's visibility rule, in the first stage too (the page's
    // document fields are all the rule reads).
    filter.visible = [&req](const std::string& visibility, const std::string& roles, int64_t congress_id) {
      Candidate c;
      c.visibility = visibility;
      c.roles = roles;
      c.congress_id = congress_id;
      return req.visible(c);
    };
  }
  const int limit = std::clamp(req.limit, 1, 100);
  // Pages re-ranked per pass: the first stage already orders by BM25 with
  // adjacency, title and tone, so the re-ranker reads only the best pages.
  constexpr int kCandidates = 80;
  PH_ASSIGN_OR_RETURN(auto candidates, index_.Candidates(q, /*all_terms=*/true, filter, kCandidates));
  // Few full matches: add pages with some of the words, as weak matches.
  std::unordered_map<int64_t, bool> seen_docs;
  for (const auto& c : candidates) seen_docs[c.document_id] = true;
  // (Matching any word is the costliest scan: only when full matches are scarce.)
  if (static_cast<int>(seen_docs.size()) < std::min(limit, 5) && q.Terms().size() > 1) {
    PH_ASSIGN_OR_RETURN(auto loose, index_.Candidates(q, /*all_terms=*/false, filter, kCandidates));
    candidates.insert(candidates.end(), std::make_move_iterator(loose.begin()),
                      std::make_move_iterator(loose.end()));
  }
  // Score pages, keep each document's best page.
  std::unordered_map<int64_t, size_t> best;  // document → index in results
  std::vector<std::pair<SearchResult, PageScore>> scored;
  std::vector<const Candidate*> source;
  const PageScorer scorer(q);
  for (const auto& c : candidates) {
    if (req.visible && !req.visible(c)) continue;
    PageScore s = scorer.Score(c.text, c.title);
    auto it = best.find(c.document_id);
    if (it != best.end()) {
      if (s.score <= scored[it->second].second.score) continue;
      scored[it->second].second = s;
      scored[it->second].first.page = c.page;
      source[it->second] = &c;
      continue;
    }
    SearchResult r;
    r.code = c.code;
    r.title = c.title;
    r.file_name = c.file_name;
    r.category = c.category;
    r.agenda_item_id = c.agenda_item_id;
    r.page = c.page;
    best[c.document_id] = scored.size();
    scored.emplace_back(std::move(r), s);
    source.push_back(&c);
  }
  std::vector<size_t> order(scored.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (scored[a].second.score != scored[b].second.score) return scored[a].second.score > scored[b].second.score;
    return scored[a].first.title < scored[b].first.title;
  });
  for (size_t i = 0; i < order.size() && static_cast<int>(out.results.size()) < limit; ++i) {
    auto& [r, s] = scored[order[i]];
    r.score = std::round(s.score * 1000) / 1000;
    r.strong = s.score >= kStrongCutoff;
    r.snippet = Snippet(q, source[order[i]]->text, s.best_start);
    out.results.push_back(std::move(r));
  }
  return out;
}

}  // namespace phonghop::search
