#include <gtest/gtest.h>

#include "search/query.h"
#include "search/ranker.h"
#include "search/tokenizer.h"
#include "storage/sqlite/sqlite_search_index.h"

namespace phonghop::search {
namespace {

std::vector<std::string> Folded(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : Tokenize(s)) out.push_back(t.folded);
  return out;
}
std::vector<std::string> Exact(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : Tokenize(s)) out.push_back(t.exact);
  return out;
}

TEST(TokenizerTest, FoldsDiacriticsCaseAndD) {
  EXPECT_EQ(Folded("ĐẠI HỘI Đoàn TNCS"), (std::vector<std::string>{"dai", "hoi", "doan", "tncs"}));
  EXPECT_EQ(Folded("HĐND tỉnh"), (std::vector<std::string>{"hdnd", "tinh"}));
}

TEST(TokenizerTest, NfdInputEqualsNfc) {
  // "Đại hội" decomposed: a + dot below, o + circumflex + dot below.
  std::string nfd = "\xC4\x90" "a\xCC\xA3i ho\xCC\x82\xCC\xA3i";
  EXPECT_EQ(Folded(nfd), Folded("Đại hội"));
  EXPECT_EQ(Exact(nfd), Exact("Đại hội"));
}

TEST(TokenizerTest, ExactKeyKeepsToneAndVowelMarksButNotTonePlacement) {
  EXPECT_NE(Exact("bản")[0], Exact("bàn")[0]);
  EXPECT_NE(Exact("bản")[0], Exact("ban")[0]);
  EXPECT_NE(Exact("đồn")[0], Exact("đơn")[0]);
  EXPECT_NE(Exact("Dao")[0], Exact("đạo")[0]);
  EXPECT_EQ(Exact("xoè")[0], Exact("xòe")[0]);   // old and new tone placement
  EXPECT_EQ(Exact("hoà")[0], Exact("HÒA")[0]);
  EXPECT_EQ(Folded("bản")[0], Folded("bạn")[0]);
}

TEST(TokenizerTest, NumbersAbbreviationsAndMixedScripts) {
  EXPECT_EQ(Folded("1.529 tổ, 3,5 triệu; 2022-2027; 14/9/2022."),
            (std::vector<std::string>{"1.529", "to", "3,5", "trieu", "2022", "2027", "14", "9", "2022"}));
  EXPECT_EQ(Folded("XVII XVIII"), (std::vector<std::string>{"xvii", "xviii"}));
  EXPECT_EQ(Folded("Wi-Fi H'Mông 東京"), (std::vector<std::string>{"wi", "fi", "h", "mong", "東京"}));
  auto t = Tokenize("Đoàn viên");
  EXPECT_EQ(t[0].start, 0u);
  EXPECT_EQ(std::string("Đoàn viên").substr(t[1].start, t[1].end - t[1].start), "viên");
}

TEST(QueryTest, PhrasesPrefixesAndStraySymbols) {
  auto q = ParseQuery("\"chuyển đổi số\" khởi ngh* ;;; !!");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->clauses.size(), 2u);
  EXPECT_TRUE(q->clauses[0].phrase);
  EXPECT_EQ(q->clauses[0].terms.size(), 3u);
  EXPECT_TRUE(q->clauses[1].phrase);  // "khởi ngh*" reads as a phrase
  EXPECT_TRUE(q->clauses[1].terms[1].prefix);
  EXPECT_TRUE(q->accented);
  auto plain = ParseQuery("chuyen doi so");
  EXPECT_FALSE(plain->accented);
  EXPECT_EQ(plain->clauses.size(), 3u);
}

TEST(QueryTest, EdgeCasesNeverCrash) {
  EXPECT_TRUE(ParseQuery("")->empty());
  EXPECT_TRUE(ParseQuery("   \"\"  * ** !!! ")->empty());
  EXPECT_FALSE(ParseQuery("\"unclosed phrase")->empty());
  EXPECT_FALSE(ParseQuery(std::string(10000, 'a')).ok());  // 10 kB: a clear error
  EXPECT_FALSE(ParseQuery("\xff\xfe").ok());
  std::string many;
  for (int i = 0; i < 100; ++i) many += "từ" + std::to_string(i) + " ";
  EXPECT_EQ(ParseQuery(many)->Terms().size(), kMaxTerms);
}

TEST(QueryTest, MatchExpressionIsSafeFts5) {
  auto q = ParseQuery("\"Tổ chuyển\" khởi ngh* \"a\"\"b");
  std::string m = storage::SqliteSearchIndex::MatchExpression(*q, true);
  EXPECT_EQ(m, "(\"to\" + \"chuyen\") AND (\"khoi\" + \"ngh\" *) AND \"a\" AND \"b\"");
  EXPECT_EQ(storage::SqliteSearchIndex::MatchExpression(*ParseQuery("a b"), false), "\"a\" OR \"b\"");
}

TEST(RankerTest, ExactToneRanksAboveOtherTones) {
  auto q = ParseQuery("bản");
  double exact = ScorePage(*q, "Một bản làng vùng cao.", "").score;
  double other = ScorePage(*q, "Một cái bàn gỗ.", "").score;
  EXPECT_GT(exact, other);
  EXPECT_GE(other, kStrongCutoff);  // still a match
  auto folded = ParseQuery("ban");  // no diacritics: all forms equal
  EXPECT_DOUBLE_EQ(ScorePage(*folded, "Một bản làng.", "").score, ScorePage(*folded, "Một cái bàn.", "").score);
}

TEST(RankerTest, AdjacentWordsBeatScatteredOnes) {
  auto q = ParseQuery("chuyen doi so");
  std::string scattered = "Chuyển nhà. " + std::string(200, ' ') +
                          "Một hai ba bốn năm sáu bảy tám chín mười mười một mười hai đổi mới " +
                          "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai con số.";
  double together = ScorePage(*q, "Thúc đẩy chuyển đổi số trong Đoàn.", "").score;
  double apart = ScorePage(*q, scattered, "").score;
  EXPECT_GT(together, apart);
  EXPECT_LT(apart, kStrongCutoff);  // shown as a weak match
  EXPECT_LT(ScorePage(*ParseQuery("giá vàng"), "giá cả", "").score, kStrongCutoff);
}

TEST(RankerTest, SnippetMarksMatchesOnOriginalText) {
  auto q = ParseQuery("dai hoi");
  std::string s = Snippet(*q, "Chào mừng <Đại hội> Đoàn lần thứ XV", 0);
  EXPECT_NE(s.find("<mark>Đại</mark> <mark>hội</mark>"), std::string::npos) << s;
  EXPECT_NE(s.find("&lt;"), std::string::npos);
}

}  // namespace
}  // namespace phonghop::search
