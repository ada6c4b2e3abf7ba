#include "search/query.h"

#include "common/utf8.h"
#include "search/tokenizer.h"

namespace phonghop::search {

std::vector<QueryTerm> Query::Terms() const {
  std::vector<QueryTerm> out;
  for (const auto& c : clauses) out.insert(out.end(), c.terms.begin(), c.terms.end());
  return out;
}

namespace {

std::vector<QueryTerm> TermsOf(std::string_view text) {
  std::vector<QueryTerm> out;
  for (const auto& t : Tokenize(text)) out.push_back({t.folded, t.exact, t.has_marks, false});
  return out;
}

}  // namespace

Result<Query> ParseQuery(std::string_view text) {
  if (text.size() > kMaxQueryBytes)
    return Status::InvalidArgument("câu tìm kiếm quá dài (tối đa " + std::to_string(kMaxQueryBytes) + " byte)");
  if (!utf8::IsValid(text)) return Status::InvalidArgument("câu tìm kiếm không phải UTF-8 hợp lệ");
  Query q;
  size_t total = 0;
  auto add = [&](Clause c) {
    if (c.terms.empty()) return;
    if (total >= kMaxTerms) return;
    if (total + c.terms.size() > kMaxTerms) c.terms.resize(kMaxTerms - total);
    total += c.terms.size();
    for (const auto& t : c.terms) q.accented = q.accented || t.has_marks;
    q.clauses.push_back(std::move(c));
  };
  // Unquoted words since the last phrase: they become a phrase if the run
  // ends with a prefix star.
  std::vector<Clause> run;
  // "khởi ngh*": a prefix word continues the word before it as a phrase.
  auto flush_run = [&](bool prefix_at_end) {
    size_t n = run.size();
    for (size_t k = 0; k + (prefix_at_end && n > 1 ? 2 : 0) < n; ++k) add(std::move(run[k]));
    if (prefix_at_end && n > 1) {
      Clause merged;
      merged.phrase = true;
      for (size_t k = n - 2; k < n; ++k)
        merged.terms.insert(merged.terms.end(), run[k].terms.begin(), run[k].terms.end());
      add(std::move(merged));
    }
    run.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    char ch = text[i];
    if (ch == '"') {
      flush_run(false);
      size_t close = text.find('"', i + 1);
      std::string_view inner = text.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
      Clause c;
      c.phrase = true;
      c.terms = TermsOf(inner);
      std::string_view trimmed = utf8::Trim(inner);
      if (!c.terms.empty() && !trimmed.empty() && trimmed.back() == '*') c.terms.back().prefix = true;
      if (c.terms.size() == 1) c.phrase = false;
      add(std::move(c));
      i = close == std::string_view::npos ? text.size() : close + 1;
      continue;
    }
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' &&
           text[end] != '\r' && text[end] != '"')
      ++end;
    std::string_view word = text.substr(i, end - i);
    Clause c;
    c.terms = TermsOf(word);
    bool prefix = !word.empty() && word.back() == '*' && !c.terms.empty();
    if (prefix) c.terms.back().prefix = true;
    if (!c.terms.empty()) run.push_back(std::move(c));
    if (prefix) flush_run(true);
    i = end;
  }
  flush_run(false);
  return q;
}

}  // namespace phonghop::search
