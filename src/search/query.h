// Parses what a person types into a search box: free words (with or
// without diacritics), "quoted phrases", and prefix stars (chuyen*).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace phonghop::search {

struct QueryTerm {
  std::string folded;
  std::string exact;
  bool has_marks = false;
  bool prefix = false;
};

// One unit of matching: a quoted phrase (terms adjacent, in order), or one
// typed word (which may hold several tokens, e.g. "2022-2027", matched
// together but not necessarily adjacent).
struct Clause {
  std::vector<QueryTerm> terms;
  bool phrase = false;
};

struct Query {
  std::vector<Clause> clauses;
  // Any diacritic anywhere: then tone and đ/d count in ranking.
  bool accented = false;
  bool empty() const { return clauses.empty(); }
  std::vector<QueryTerm> Terms() const;
};

constexpr size_t kMaxQueryBytes = 1000;
constexpr size_t kMaxTerms = 32;

// kInvalidArgument for invalid UTF-8 or a query over kMaxQueryBytes.
// Stray symbols are ignored; a query of symbols only is empty (no error).
// Unbalanced quotes close at the end. A run of words ending in a prefix
// ("khởi ngh*") is a phrase. Terms beyond kMaxTerms are dropped.
Result<Query> ParseQuery(std::string_view text);

}  // namespace phonghop::search
