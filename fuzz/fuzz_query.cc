// Search queries: the parser, the ranker and snippets on arbitrary text.
#include "search/query.h"
#include "search/ranker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t cut = in.find('\n');
  std::string_view query = in.substr(0, cut), text = cut == std::string_view::npos ? in : in.substr(cut + 1);
  auto q = phonghop::search::ParseQuery(query);
  if (!q.ok()) return 0;
  auto s = phonghop::search::ScorePage(*q, text, query);
  (void)phonghop::search::Snippet(*q, text, s.best_start);
  return 0;
}
