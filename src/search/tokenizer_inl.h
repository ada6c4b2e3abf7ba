// Implementation details of the tokenizer (header-only fast path).
#pragma once

#include "common/utf8.h"

namespace phonghop::search {
namespace detail {

enum class CharClass { kSeparator, kLetter, kDigit, kMark };

// Letters: ASCII, Latin-1/Extended (with Vietnamese), Greek/Cyrillic and
// the CJK ranges; combining marks attach to the previous letter.
inline CharClass Classify(char32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::kLetter;
    if (cp >= '0' && cp <= '9') return CharClass::kDigit;
    return CharClass::kSeparator;
  }
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1DC0 && cp <= 0x1DFF)) return CharClass::kMark;
  if (cp == 0xD7 || cp == 0xF7) return CharClass::kSeparator;
  if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x370 && cp <= 0x52F) ||
      (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF))
    return CharClass::kLetter;
  return CharClass::kSeparator;
}

}  // namespace detail

template <typename F>
void ForEachFolded(std::string_view text, F&& emit) {
  using detail::CharClass;
  std::string folded;
  size_t start = 0, i = 0, token_end = 0;
  bool in_token = false, last_digit = false;
  auto flush = [&] {
    if (in_token && !folded.empty()) emit(folded, start, token_end);
    folded.clear();
    in_token = false;
  };
  while (i < text.size()) {
    size_t at = i;
    // ASCII (most bytes of Vietnamese text too) without the decoder call.
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      bool lower = byte >= 'a' && byte <= 'z', upper = byte >= 'A' && byte <= 'Z';
      bool digit = byte >= '0' && byte <= '9';
      if (lower || upper || digit) {
        if (!in_token) {
          in_token = true;
          start = at;
        }
        if (folded.size() < 64) folded += static_cast<char>(upper ? byte + 32 : byte);
        last_digit = digit;
        token_end = i;
        continue;
      }
      if (in_token && last_digit && (byte == '.' || byte == ',') && i < text.size() && text[i] >= '0' &&
          text[i] <= '9') {
        folded += static_cast<char>(byte);
        token_end = i;
        continue;
      }
      flush();
      continue;
    }
    char32_t cp = utf8::Next(text, i);
    CharClass c = detail::Classify(cp);
    if (c == CharClass::kMark) {
      if (in_token) token_end = i;
      continue;
    }
    if (c == CharClass::kSeparator) {
      // "1.529" and "3,5": a dot or comma between digits stays in the token.
      if (in_token && last_digit && (cp == '.' || cp == ',') && i < text.size() &&
          text[i] >= '0' && text[i] <= '9') {
        folded += static_cast<char>(cp);
        token_end = i;
        continue;
      }
      flush();
      continue;
    }
    if (!in_token) {
      in_token = true;
      start = at;
    }
    if (folded.size() < 64) {
      char32_t f = utf8::FoldChar(cp);
      if (f >= 0x80) utf8::Append(folded, f);
      else if (f) folded += static_cast<char>(f);
    }
    last_digit = c == CharClass::kDigit;
    token_end = i;
  }
  flush();
}

}  // namespace phonghop::search
