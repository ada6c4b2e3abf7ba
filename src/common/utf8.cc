#include "common/utf8.h"

#include <array>
#include <unordered_map>

namespace phonghop::utf8 {

bool IsValid(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    size_t len;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

char32_t Next(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { ++i; return c; }
  size_t len;
  char32_t cp;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else { ++i; return 0xFFFD; }
  if (i + len > s.size()) { ++i; return 0xFFFD; }
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  return cp;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

struct Tables {
  std::unordered_map<char32_t, char32_t> fold;   // → base lower letter
  std::unordered_map<char32_t, char32_t> lower;  // upper → lower, accents kept
};

// Each group lists every accented form (lower case first half, upper case
// second half, in the same order) of one base letter.
void AddGroup(Tables& t, char32_t base, std::string_view lower_forms,
              std::string_view upper_forms) {
  size_t i = 0, j = 0;
  while (i < lower_forms.size()) {
    char32_t lo = Next(lower_forms, i);
    t.fold[lo] = base;
    if (j < upper_forms.size()) {
      char32_t up = Next(upper_forms, j);
      t.fold[up] = base;
      t.lower[up] = lo;
    }
  }
}

const Tables& GetTables() {
  static const Tables tables = [] {
    Tables t;
    AddGroup(t, U'a', "àáảãạăằắẳẵặâầấẩẫậäåā", "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÄÅĀ");
    AddGroup(t, U'e', "èéẻẽẹêềếểễệëē", "ÈÉẺẼẸÊỀẾỂỄỆËĒ");
    AddGroup(t, U'i', "ìíỉĩịïī", "ÌÍỈĨỊÏĪ");
    AddGroup(t, U'o', "òóỏõọôồốổỗộơờớởỡợöøō", "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÖØŌ");
    AddGroup(t, U'u', "ùúủũụưừứửữựüū", "ÙÚỦŨỤƯỪỨỬỮỰÜŪ");
    AddGroup(t, U'y', "ỳýỷỹỵÿ", "ỲÝỶỸỴŸ");
    AddGroup(t, U'd', "đ", "Đ");
    AddGroup(t, U'c', "ç", "Ç");
    AddGroup(t, U'n', "ñ", "Ñ");
    return t;
  }();
  return tables;
}

bool IsCombiningMark(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1DC0 && cp <= 0x1DFF);
}

}  // namespace

namespace {
// Direct-indexed fold tables for the two Latin blocks Vietnamese uses
// (U+00C0–U+024F and U+1E00–U+1EFF): the tokenizer calls FoldChar for
// every character of every page, so no hashing on this path.
struct FastFold {
  char32_t latin[0x250 - 0xC0];
  char32_t extended[0x100];
  FastFold() {
    const auto& t = GetTables();
    for (char32_t c = 0xC0; c < 0x250; ++c) {
      auto it = t.fold.find(c);
      latin[c - 0xC0] = it == t.fold.end() ? c : it->second;
    }
    for (char32_t c = 0; c < 0x100; ++c) {
      auto it = t.fold.find(0x1E00 + c);
      extended[c] = it == t.fold.end() ? 0x1E00 + c : it->second;
    }
  }
};
const FastFold& Fast() {
  static const FastFold f;
  return f;
}
}  // namespace

char32_t FoldChar(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    return cp;
  }
  if (cp >= 0xC0 && cp < 0x250) return Fast().latin[cp - 0xC0];
  if (cp >= 0x1E00 && cp < 0x1F00) return Fast().extended[cp - 0x1E00];
  if (IsCombiningMark(cp)) return 0;
  return cp;
}

std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t f = FoldChar(Next(s, i));
    if (f != 0) Append(out, f);
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto& t = GetTables();
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = Next(s, i);
    if (cp >= 'A' && cp <= 'Z') {
      cp += 32;
    } else if (cp >= 0x80) {
      auto it = t.lower.find(cp);
      if (it != t.lower.end()) cp = it->second;
    }
    Append(out, cp);
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  auto is_space_at_front = [&](std::string_view v) -> size_t {
    if (v.empty()) return 0;
    unsigned char c = v[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
    if (v.substr(0, 2) == "\xC2\xA0") return 2;
    if (v.substr(0, 3) == "\xEF\xBB\xBF") return 3;
    return 0;
  };
  while (size_t k = is_space_at_front(s)) s.remove_prefix(k);
  while (!s.empty()) {
    unsigned char c = s.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

}  // namespace phonghop::utf8
