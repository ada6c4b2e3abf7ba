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

// Class and fold of every code point below U+0250 and of U+1E00–U+1EFF
// (ASCII, Latin-1 and the Latin Extended blocks: every Vietnamese letter),
// built once from Classify and utf8::FoldChar: the tokenizer's work per
// character of a page without a call. Other code points take the calls.
struct FoldTable {
  char32_t low_fold[0x250];
  CharClass low_class[0x250];
  char32_t ext_fold[0x100];
  CharClass ext_class[0x100];
};
const FoldTable& Folds();

// utf8::Next inlined for two- and three-byte sequences (the same code
// point and advance, valid or not); others take the call.
inline char32_t NextCodePoint(std::string_view s, size_t& i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if ((c & 0xE0) == 0xC0 && i + 2 <= s.size()) {
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c1 & 0xC0) == 0x80) {
      i += 2;
      return (static_cast<char32_t>(c & 0x1F) << 6) | (c1 & 0x3F);
    }
  } else if ((c & 0xF0) == 0xE0 && i + 3 <= s.size()) {
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
    if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80) {
      i += 3;
      return (static_cast<char32_t>(c & 0x0F) << 12) | (static_cast<char32_t>(c1 & 0x3F) << 6) | (c2 & 0x3F);
    }
  }
  return utf8::Next(s, i);
}

// ASCII letters lower-cased and digits as themselves; 0 for the others.
struct AsciiFold {
  char fold[128] = {};
  constexpr AsciiFold() {
    for (int c = '0'; c <= '9'; ++c) fold[c] = static_cast<char>(c);
    for (int c = 'a'; c <= 'z'; ++c) fold[c] = static_cast<char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) fold[c] = static_cast<char>(c + 32);
  }
};
inline constexpr AsciiFold kAsciiFold{};

// UTF-8 of cp (as utf8::Append) at p; returns the bytes written.
inline size_t EncodeAt(char32_t cp, char* p) {
  if (cp < 0x80) {
    p[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    p[0] = static_cast<char>(0xC0 | (cp >> 6));
    p[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    p[0] = static_cast<char>(0xE0 | (cp >> 12));
    p[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    p[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  p[0] = static_cast<char>(0xF0 | (cp >> 18));
  p[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  p[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  p[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// The class and the folded form of a non-ASCII code point: from the tables
// for Latin and Vietnamese letters, else computed.
struct ClassFold {
  CharClass c;
  char32_t f;
};
inline ClassFold ClassAndFold(const FoldTable& table, char32_t cp) {
  if (cp < 0x250) return {table.low_class[cp], table.low_fold[cp]};
  if (cp >= 0x1E00 && cp < 0x1F00) return {table.ext_class[cp - 0x1E00], table.ext_fold[cp - 0x1E00]};
  const CharClass c = Classify(cp);
  return {c, c == CharClass::kLetter || c == CharClass::kDigit ? utf8::FoldChar(cp) : 0};
}

}  // namespace detail

template <typename F>
void FoldInto(std::string_view text, std::string& out, F&& emit) {
  using detail::CharClass;
  const detail::FoldTable& table = detail::Folds();
  // Room for every folded byte: a character folds to at most 4 bytes and
  // takes at least 1 (ASCII: exactly 1), 2 when it folds to more than 1.
  const size_t base = out.size(), n = text.size();
  out.resize(base + 2 * n + 8);
  char* const buf = out.data();
  const char* const s = text.data();
  size_t w = base, tok_w = base;  // write position; where the token's bytes start
  size_t start = 0, i = 0, token_end = 0;
  bool in_token = false, last_digit = false;
  auto flush = [&] {
    if (in_token && w > tok_w) {
      emit(tok_w, w - tok_w, start, token_end);
      tok_w = w;
    }
    in_token = false;
  };
  while (i < n) {
    const size_t at = i;
    const unsigned char byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      ++i;
      if (const char f = detail::kAsciiFold.fold[byte]) {
        if (!in_token) {
          in_token = true;
          start = at;
        }
        if (w - tok_w < 64) buf[w++] = f;
        last_digit = byte <= '9';
        token_end = i;
        continue;
      }
      if (in_token && last_digit && (byte == '.' || byte == ',') && i < n && s[i] >= '0' && s[i] <= '9') {
        buf[w++] = static_cast<char>(byte);
        token_end = i;
        continue;
      }
      flush();
      continue;
    }
    const char32_t cp = detail::NextCodePoint(text, i);
    const auto [c, f] = detail::ClassAndFold(table, cp);
    if (c == CharClass::kMark) {
      if (in_token) token_end = i;
      continue;
    }
    if (c == CharClass::kSeparator) {
      if (in_token && last_digit && (cp == '.' || cp == ',') && i < n && s[i] >= '0' && s[i] <= '9') {
        buf[w++] = static_cast<char>(cp);
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
    if (w - tok_w < 64 && f) w += detail::EncodeAt(f, buf + w);
    last_digit = c == CharClass::kDigit;
    token_end = i;
  }
  flush();
  out.resize(w);
}

template <typename F>
void ForEachFolded(std::string_view text, F&& emit) {
  using detail::CharClass;
  const detail::FoldTable& table = detail::Folds();
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
    const char32_t cp = detail::NextCodePoint(text, i);
    const auto [c, f] = detail::ClassAndFold(table, cp);
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
      if (f >= 0x80) utf8::Append(folded, f);
      else if (f) folded += static_cast<char>(f);
    }
    last_digit = c == CharClass::kDigit;
    token_end = i;
  }
  flush();
}

}  // namespace phonghop::search
