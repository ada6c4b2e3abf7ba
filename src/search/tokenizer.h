// Vietnamese-aware tokenizer shared by the index (FTS5) and the ranker.
// A token is a run of letters and digits (digits joined by '.' or ',' stay
// one token: "1.529", "3,5"). Each token has two keys:
//   folded — lower case, no diacritics, đ→d: what matching uses;
//   exact  — lower case with the vowel marks (â ă ê ô ơ ư đ) kept and the
//            tone moved to a trailing digit (1 huyền, 2 sắc, 3 hỏi, 4 ngã,
//            5 nặng), so "xoè" and "xòe" (old and new tone placement) are the
//            same word while "bản" and "bàn" differ.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace phonghop::search {

struct Token {
  std::string folded;
  std::string exact;
  size_t start = 0;  // byte offsets in the original text
  size_t end = 0;
  bool has_marks = false;  // any diacritic or đ in the original
};

// Tokenizes UTF-8 text (NFC or NFD, invalid bytes treated as separators).
// Tokens longer than 64 bytes are cut. Thread-safe.
std::vector<Token> Tokenize(std::string_view text);

// Calls `emit(folded, start, end)` for each token without building keys:
// the FTS5 tokenizer's fast path.
template <typename F>
void ForEachFolded(std::string_view text, F&& emit);

// The exact key of one token's bytes (text[start, end) of a Token): the
// same as Tokenize(token)[0].exact, without building the token list.
std::string ExactKey(std::string_view token);

// The same tokens as ForEachFolded, without a string per token: appends
// every token's folded bytes to `out`, one after another, and calls
// `emit(offset, length, start, end)` with where they sit in `out` and the
// token's byte range in `text`. `out`'s bytes do not move during the calls
// (it is sized once before and shrunk after): the ranker's path.
template <typename F>
void FoldInto(std::string_view text, std::string& out, F&& emit);

// Folded key of one word ("Đảng" → "dang").
std::string FoldWord(std::string_view word);

}  // namespace phonghop::search

#include "search/tokenizer_inl.h"
