// Scores a page (and its document's title) against a parsed query, and
// cuts a highlighted snippet. Pure functions: no I/O.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "search/query.h"

namespace phonghop::search {

struct PageScore {
  double score = 0;          // >= kStrongCutoff: a real match; below: weak
  bool all_terms = false;    // every term on the page or in the title
  int phrase_hits = 0;       // the whole query, adjacent and in order
  size_t best_start = 0;     // byte range of the best window in the text
  size_t best_end = 0;
};

// Results at or above this score are shown as matches; below it the UI says
// "kết quả gần đúng" (weak match).
constexpr double kStrongCutoff = 1.0;

PageScore ScorePage(const Query& q, std::string_view page_text, std::string_view title);

// A query made ready for scoring many pages: its terms, units of meaning
// and first bytes are worked out once instead of per page. Score() gives
// exactly what ScorePage(q, …) gives. Keeps a reference to `q`, which must
// outlive it. Score() is const and thread-safe.
class PageScorer {
 public:
  explicit PageScorer(const Query& q);
  ~PageScorer();
  PageScore Score(std::string_view page_text, std::string_view title) const;

  struct Prepared;

 private:
  std::unique_ptr<const Prepared> p_;
};

// About `max_words` words of `text` around the best window, HTML-escaped,
// matched words wrapped in <mark>…</mark>, with "…" where cut.
std::string Snippet(const Query& q, std::string_view text, size_t around_start, size_t max_words = 28);

}  // namespace phonghop::search
