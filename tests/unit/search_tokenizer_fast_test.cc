// The tokenizer's fast path (decoding and folding inline through tables,
// search/tokenizer_inl.h) must give exactly the tokens of the plain one
// (utf8::Next, Classify, utf8::FoldChar per character): the index and the
// ranker read every page through it, and a token cut or folded differently
// would change answers. Compared on every code point of the tables' ranges
// and around them, and on random bytes (invalid UTF-8 included). Also: the
// ranker's two-byte pre-filter still finds every way a word is written.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "search/query.h"
#include "search/ranker.h"
#include "search/tokenizer.h"

namespace phonghop::search {
namespace {

struct Tok {
  std::string folded;
  size_t start, end;
  bool operator==(const Tok&) const = default;
};

// The tokenizer as it was before the fast path (session 5), kept here as
// the reference.
std::vector<Tok> Reference(std::string_view text) {
  using detail::CharClass;
  std::vector<Tok> out;
  std::string folded;
  size_t start = 0, i = 0, token_end = 0;
  bool in_token = false, last_digit = false;
  auto flush = [&] {
    if (in_token && !folded.empty()) out.push_back({folded, start, token_end});
    folded.clear();
    in_token = false;
  };
  while (i < text.size()) {
    size_t at = i;
    char32_t cp = utf8::Next(text, i);
    CharClass c = detail::Classify(cp);
    if (c == CharClass::kMark) {
      if (in_token) token_end = i;
      continue;
    }
    if (c == CharClass::kSeparator) {
      if (in_token && last_digit && (cp == '.' || cp == ',') && i < text.size() && text[i] >= '0' && text[i] <= '9') {
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
  return out;
}

std::vector<Tok> Fast(std::string_view text) {
  std::vector<Tok> out;
  ForEachFolded(text, [&](const std::string& f, size_t s, size_t e) { out.push_back({f, s, e}); });
  // The ranker's path (one buffer, no string per token) gives the same.
  std::string buffer = "x";  // appended after what is there
  std::vector<Tok> into;
  FoldInto(text, buffer, [&](size_t offset, size_t length, size_t s, size_t e) {
    into.push_back({buffer.substr(offset, length), s, e});
  });
  EXPECT_EQ(into, out) << text;
  std::string joined = "x";
  for (const auto& t : out) joined += t.folded;
  EXPECT_EQ(buffer, joined) << text;
  return out;
}

TEST(TokenizerFastPathTest, EveryCodePointOfTheTablesAndAroundThemFoldsAsBefore) {
  std::vector<char32_t> cps;
  for (char32_t cp = 1; cp < 0x300; ++cp) cps.push_back(cp);
  for (char32_t cp = 0x300; cp < 0x380; ++cp) cps.push_back(cp);  // combining marks
  for (char32_t cp = 0x1D00; cp < 0x2000; ++cp) cps.push_back(cp);
  for (char32_t cp : {0x370u, 0x410u, 0x3042u, 0x4E00u, 0xAC00u, 0xFFFDu, 0x1F600u}) cps.push_back(cp);
  for (char32_t cp : cps) {
    for (const char* around : {"a%sb", "%s", "1%s2", " %s ", "Đ%sĐ"}) {
      std::string c;
      utf8::Append(c, cp);
      std::string text(around);
      text.replace(text.find("%s"), 2, c);
      ASSERT_EQ(Fast(text), Reference(text)) << "U+" << std::hex << static_cast<uint32_t>(cp) << " in " << around;
    }
  }
}

TEST(TokenizerFastPathTest, RandomBytesAndTextGiveTheSameTokens) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {
      "Đại hội", "đoàn viên", "chuyển đổi số", "1.529", "3,5", "e-mail", "COVID-19", "Lô Lô", "xoè", "xòe",
      "Nghị quyết", "HĐND", "\xCC\x81", "\xC3", "\xE1\xBB", "\xE1\xBA\xA1", "\xF0\x9F\x98\x80", "\xC0\xAE",
      "\xE0\x80\xAE", "\x80", "\xFF", " ", ".", ",", "\n", "abc", "ĐẢNG", "Ư", "ươ", "\xED\xA0\x80",
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) {
      if (rng() % 4 == 0) text += static_cast<char>(rng() % 256);
      else text += pieces[rng() % pieces.size()];
    }
    ASSERT_EQ(Fast(text), Reference(text)) << text;
  }
  std::string long_word(200, 'a');
  long_word += "ệ";
  EXPECT_EQ(Fast(long_word), Reference(long_word));
}

TEST(TokenizerFastPathTest, ExactKeyIsTheTokensExactKey) {
  for (std::string_view w : {"Bản", "bàn", "ĐẢNG", "xoè", "xòe", "Ngh\xE1\xBB\x8B", "e\xCC\x82\xCC\x81", "1.529", "abc"}) {
    auto toks = Tokenize(w);
    ASSERT_EQ(toks.size(), 1u) << w;
    EXPECT_EQ(ExactKey(w), toks[0].exact) << w;
  }
  EXPECT_EQ(ExactKey("xoè"), ExactKey("xòe"));
  EXPECT_NE(ExactKey("bản"), ExactKey("bàn"));
}

// The ranker skips a token unless its first two bytes agree with a term's
// (or its first byte, when either is one byte long). Every way a word can be
// written must still be found: split and joined compounds, one-letter
// words, prefixes, numbers, abbreviations.
TEST(PageScorerTest, FindsEveryWayAWordIsWritten) {
  struct Case {
    const char* query;
    const char* page;
  };
  const Case found[] = {
      {"email", "Gửi e mail cho chi đoàn."}, {"email", "Gửi e-mail."}, {"e mail", "Gửi email."},
      {"smart phone", "Dùng smartphone."}, {"smartphone", "Dùng smart phone."}, {"covid19", "Phòng COVID-19."},
      {"a", "a b c"}, {"x y z", "a b c e mail x y z"}, {"khởi ngh*", "Khởi nghiệp."},
      {"viettel pay", "Ví ViettelPay."}, {"viettelpay", "Ví Viettel Pay."}, {"20/7", "ngày 20/7"},
      {"hdnd", "HĐND tỉnh"}, {"đ", "Đ đ d"}, {"Lô Lô", "Người Lô Lô ở Mèo Vạc."},
      {"chuyen doi so", "Chuyển đổi số trong Đoàn."},
  };
  for (const auto& c : found) {
    auto q = ParseQuery(c.query);
    ASSERT_TRUE(q.ok()) << c.query;
    const PageScorer scorer(*q);
    PageScore s = scorer.Score(c.page, "");
    EXPECT_TRUE(s.all_terms) << c.query << " | " << c.page;
    EXPECT_GE(s.score, kStrongCutoff) << c.query << " | " << c.page;
    EXPECT_EQ(s.score, ScorePage(*q, c.page, "").score) << c.query;
  }
  auto q = ParseQuery("email");
  EXPECT_FALSE(PageScorer(*q).Score("Gửi thư cho chi đoàn.", "").all_terms);
  auto x = ParseQuery("x y z");
  EXPECT_EQ(PageScorer(*x).Score("a b c e mail x y z", "").phrase_hits, 1);
}

}  // namespace
}  // namespace phonghop::search
