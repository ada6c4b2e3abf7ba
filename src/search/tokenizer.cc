#include "search/tokenizer.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
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

// The table as arrays over the two ranges that hold every Vietnamese
// letter (and the ASCII vowels): the exact key of every token of every page
// is built at index load, so no hashing per character.
struct FastDecomposed {
  static constexpr Decomposed kNone{0, -1};
  Decomposed low[0x250];
  Decomposed ext[0x100];
  FastDecomposed() {
    std::fill(std::begin(low), std::end(low), kNone);
    std::fill(std::begin(ext), std::end(ext), kNone);
    for (const auto& [cp, d] : Table()) {
      if (cp < 0x250) low[cp] = d;
      else if (cp >= 0x1E00 && cp < 0x1F00) ext[cp - 0x1E00] = d;
      else std::abort();  // a letter outside both ranges: widen them
    }
  }
  const Decomposed* Find(char32_t cp) const {
    const Decomposed* d = cp < 0x250 ? &low[cp] : (cp >= 0x1E00 && cp < 0x1F00) ? &ext[cp - 0x1E00] : nullptr;
    return d && d->tone >= 0 ? d : nullptr;
  }
};

const FastDecomposed& Decompositions() {
  static const FastDecomposed table;
  return table;
}

// The exact key of one token's bytes (and whether they carry a mark).
void ExactOf(std::string_view word, std::string& exact, bool& has_marks) {
  const auto& table = Decompositions();
  exact.clear();
  int tone = 0;
  char32_t pending = 0;
  bool have_pending = false;
  auto flush_pending = [&] {
    if (have_pending) utf8::Append(exact, pending);
    have_pending = false;
  };
  size_t i = 0;
  while (i < word.size()) {
    char32_t cp = detail::NextCodePoint(word, i);
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    if ((cp >= 0x0300 && cp <= 0x036F)) {
      has_marks = true;
      if (have_pending) ApplyMark(cp, pending, tone);
      continue;
    }
    flush_pending();
    if (const Decomposed* d = table.Find(cp)) {
      pending = d->base;
      if (d->tone) tone = d->tone;
      if (cp != d->base || d->base == U'đ' || cp > 0x7F) has_marks = has_marks || cp > 0x7F;
    } else {
      pending = cp;
    }
    have_pending = true;
  }
  flush_pending();
  if (exact.size() > 80) exact.resize(80);
  if (tone) exact += static_cast<char>('0' + tone);
}

}  // namespace

namespace detail {

const FoldTable& Folds() {
  static const FoldTable table = [] {
    FoldTable t;
    auto fill = [](char32_t cp, char32_t& fold, CharClass& cls) {
      cls = Classify(cp);
      fold = cls == CharClass::kLetter || cls == CharClass::kDigit ? utf8::FoldChar(cp) : 0;
    };
    for (char32_t cp = 0; cp < 0x250; ++cp) fill(cp, t.low_fold[cp], t.low_class[cp]);
    for (char32_t cp = 0; cp < 0x100; ++cp) fill(0x1E00 + cp, t.ext_fold[cp], t.ext_class[cp]);
    return t;
  }();
  return table;
}

}  // namespace detail

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  ForEachFolded(text, [&](const std::string& folded, size_t start, size_t end) {
    Token t;
    t.folded = folded;
    t.start = start;
    t.end = end;
    // The exact key from the original bytes of the token.
    ExactOf(text.substr(start, end - start), t.exact, t.has_marks);
    tokens.push_back(std::move(t));
  });
  return tokens;
}

std::string ExactKey(std::string_view token) {
  std::string exact;
  bool has_marks = false;
  ExactOf(token, exact, has_marks);
  return exact;
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
