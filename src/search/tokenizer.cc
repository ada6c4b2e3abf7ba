#include "search/tokenizer.h"

#include <unordered_map>

namespace phonghop::search {

namespace {

// Vowel (with its quality mark) and tone of each precomposed Vietnamese
// letter; tone 0 = ngang.
struct Decomposed {
  char32_t base;
  int tone;
};

const std::unordered_map<char32_t, Decomposed>& Table() {
  static const std::unordered_map<char32_t, Decomposed> table = [] {
    std::unordered_map<char32_t, Decomposed> t;
    // Each row: the vowel in its six tones (ngang, huyền, sắc, hỏi, ngã,
    // nặng), lower case then upper case.
    const char* rows[][2] = {
        {"aàáảãạ", "AÀÁẢÃẠ"}, {"ăằắẳẵặ", "ĂẰẮẲẴẶ"}, {"âầấẩẫậ", "ÂẦẤẨẪẬ"},
        {"eèéẻẽẹ", "EÈÉẺẼẸ"}, {"êềếểễệ", "ÊỀẾỂỄỆ"}, {"iìíỉĩị", "IÌÍỈĨỊ"},
        {"oòóỏõọ", "OÒÓỎÕỌ"}, {"ôồốổỗộ", "ÔỒỐỔỖỘ"}, {"ơờớởỡợ", "ƠỜỚỞỠỢ"},
        {"uùúủũụ", "UÙÚỦŨỤ"}, {"ưừứửữự", "ƯỪỨỬỮỰ"}, {"yỳýỷỹỵ", "YỲÝỶỸỴ"},
    };
    for (const auto& row : rows) {
      std::string_view lo = row[0], up = row[1];
      size_t i = 0, j = 0;
      char32_t base = utf8::Next(lo, i);
      i = 0;
      for (int tone = 0; tone < 6; ++tone) {
        char32_t l = utf8::Next(lo, i), u = utf8::Next(up, j);
        t[l] = {base, tone};
        t[u] = {base, tone};
      }
    }
    t[U'Đ'] = {U'đ', 0};
    t[U'đ'] = {U'đ', 0};
    return t;
  }();
  return table;
}

// A combining mark's effect: a tone, or a vowel quality applied to `base`.
bool ApplyMark(char32_t mark, char32_t& base, int& tone) {
  switch (mark) {
    case 0x0300: tone = 1; return true;
    case 0x0301: tone = 2; return true;
    case 0x0309: tone = 3; return true;
    case 0x0303: tone = 4; return true;
    case 0x0323: tone = 5; return true;
    case 0x0302:  // circumflex
      if (base == 'a') base = U'â';
      else if (base == 'e') base = U'ê';
      else if (base == 'o') base = U'ô';
      return true;
    case 0x0306:  // breve
      if (base == 'a') base = U'ă';
      return true;
    case 0x031B:  // horn
      if (base == 'o') base = U'ơ';
      else if (base == 'u') base = U'ư';
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  const auto& table = Table();
  ForEachFolded(text, [&](const std::string& folded, size_t start, size_t end) {
    Token t;
    t.folded = folded;
    t.start = start;
    t.end = end;
    // Build the exact key from the original bytes of the token.
    std::string_view word = text.substr(start, end - start);
    std::string exact;
    int tone = 0;
    char32_t pending = 0;
    bool have_pending = false;
    auto flush_pending = [&] {
      if (have_pending) utf8::Append(exact, pending);
      have_pending = false;
    };
    size_t i = 0;
    while (i < word.size()) {
      char32_t cp = utf8::Next(word, i);
      if (cp >= 'A' && cp <= 'Z') cp += 32;
      if ((cp >= 0x0300 && cp <= 0x036F)) {
        t.has_marks = true;
        if (have_pending) ApplyMark(cp, pending, tone);
        continue;
      }
      flush_pending();
      auto it = table.find(cp);
      if (it != table.end()) {
        pending = it->second.base;
        if (it->second.tone) tone = it->second.tone;
        if (cp != it->second.base || it->second.base == U'đ' || cp > 0x7F) t.has_marks = t.has_marks || cp > 0x7F;
      } else {
        pending = cp;
      }
      have_pending = true;
    }
    flush_pending();
    if (exact.size() > 80) exact.resize(80);
    if (tone) exact += static_cast<char>('0' + tone);
    t.exact = std::move(exact);
    tokens.push_back(std::move(t));
  });
  return tokens;
}

std::string FoldWord(std::string_view word) {
  std::string out;
  ForEachFolded(word, [&](const std::string& f, size_t, size_t) {
    if (!out.empty()) out += ' ';
    out += f;
  });
  return out;
}

}  // namespace phonghop::search
