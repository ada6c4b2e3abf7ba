// The pruned first stage of search (block-max over page ranges) must give
// exactly the answers of the exhaustive walk: same pages, same order, the
// same float scores. Compared on random queries over a generated corpus
// with titles, tone variants, removed and re-added documents, filters and
// visibility rules — a wrong bound or a changed order of additions shows
// here as a missing page or a score one ulp off.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "search/inverted_index.h"
#include "search/query.h"

namespace phonghop::search {
namespace {

const std::vector<std::string>& Words() {
  static const std::vector<std::string> w = {
      "và", "của", "các", "đoàn", "Đoàn", "đoàn viên", "thanh niên", "tình nguyện", "chuyển đổi số",
      "bản", "bàn", "bán", "bạn", "ban", "Lô Lô", "lô", "người người", "e-mail", "email", "e mail",
      "COVID-19", "covid19", "HĐND", "1.529", "2022", "20/7", "xanh xanh", "đo đỏ", "hiến máu", "Mông",
      "Dao", "chè", "quế", "du lịch", "cộng đồng", "ViettelPay", "Viettel Pay", "khởi nghiệp", "khởi sắc",
      "nông thôn mới", "ruộng bậc thang", "Mù Cang Chải", "bầu cử", "quy chế", "đại hội", "Đại hội",
  };
  return w;
}

std::string Text(std::mt19937& rng, int words) {
  const auto& v = Words();
  std::uniform_real_distribution<double> u(0, 1);
  std::string out;
  for (int i = 0; i < words; ++i) {
    size_t k = static_cast<size_t>(v.size() * std::pow(u(rng), 1.8));
    if (!out.empty()) out += (i % 11 == 0) ? ". " : " ";
    out += v[std::min(k, v.size() - 1)];
  }
  return out;
}

std::string RandomQuery(std::mt19937& rng) {
  const auto& v = Words();
  std::uniform_int_distribution<size_t> pick(0, v.size() - 1);
  std::uniform_int_distribution<int> count(1, 4), coin(0, 9);
  std::string q;
  int n = count(rng);
  bool phrase = coin(rng) == 0;
  if (phrase) q += '"';
  for (int i = 0; i < n; ++i) {
    if (i) q += ' ';
    std::string w = v[pick(rng)];
    if (coin(rng) < 3) {  // typed without diacritics: keep ASCII bytes only
      std::string ascii;
      for (char ch : w)
        if (static_cast<unsigned char>(ch) < 0x80) ascii += ch;
      if (!ascii.empty()) w = ascii;
    }
    q += w;
  }
  if (phrase) q += '"';
  if (coin(rng) == 0 && q.back() != '"') q += '*';
  return q;
}

void ExpectSame(const std::vector<PageHit>& want, const std::vector<PageHit>& got, const std::string& what) {
  ASSERT_EQ(want.size(), got.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(want[i].row, got[i].row) << what << " at " << i;
    EXPECT_EQ(want[i].document_id, got[i].document_id) << what << " at " << i;
    EXPECT_EQ(want[i].score, got[i].score) << what << " at " << i;  // bit for bit
  }
}

class SearchPruningTest : public ::testing::Test {
 protected:
  // Documents of 1..12 pages, lengths from a few words to a long page, in
  // three congresses and three visibilities.
  void AddDocument(int64_t doc) {
    std::uniform_int_distribution<int> pages(1, 12), words(3, 250), small(0, 2);
    int n = pages(rng_);
    int64_t congress = 1 + small(rng_);
    static const char* kVis[] = {"public", "delegates", "roles"};
    std::string vis = kVis[small(rng_)];
    std::string title = Text(rng_, 6);
    for (int p = 1; p <= n; ++p) {
      PageInfo info;
      info.row = next_row_++;
      info.document_id = doc;
      info.congress_id = congress;
      info.category = doc % 2 ? "nghi-quyet" : "bao-cao";
      info.page = p;
      info.visibility = vis;
      info.roles = vis == "roles" ? "chu-tich" : "";
      index_.AddPage(info, p == 1 ? title : "", Text(rng_, words(rng_)));
    }
  }

  void CompareRandomQueries(int count) {
    for (int i = 0; i < count; ++i) {
      std::string text = RandomQuery(rng_);
      auto q = ParseQuery(text);
      ASSERT_TRUE(q.ok());
      for (int limit : {1, 10, 80}) {
        for (bool all : {true, false}) {
          SearchFilter f;
          if (i % 3 == 1) f.congress_id = 2;
          if (i % 5 == 2) f.category = "nghi-quyet";
          if (i % 4 == 3)
            f.visible = [](const std::string& vis, const std::string&, int64_t congress) {
              return vis == "delegates" && congress != 3;
            };
          std::string what = "query " + text + " limit " + std::to_string(limit) + (all ? " all" : " any");
          auto want = index_.Search(*q, all, f, limit, SearchStrategy::kExhaustive);
          auto got = index_.Search(*q, all, f, limit, SearchStrategy::kPruned);
          ExpectSame(want, got, what);
          ExpectSame(want, index_.Search(*q, all, f, limit), what + " (auto)");
          if (!want.empty()) ++nonempty_;
          if (want.size() == static_cast<size_t>(limit)) ++full_;
        }
      }
    }
  }

  std::mt19937 rng_{1507};
  InvertedIndex index_;
  int64_t next_row_ = 1;
  int nonempty_ = 0, full_ = 0;
};

TEST_F(SearchPruningTest, SameAnswersAsTheExhaustiveWalk) {
  // About 4,500 pages: more page ranges than the walk reads in order of
  // their bound, so both of its phases run.
  for (int64_t d = 1; d <= 700; ++d) AddDocument(d);
  CompareRandomQueries(80);
  // The comparison is about real answers: most queries found pages, and
  // many filled the limit (so the pruning had a bound to stop at).
  EXPECT_GT(nonempty_, 80 * 6 / 2);
  EXPECT_GT(full_, 80);
}

TEST_F(SearchPruningTest, SameAnswersAfterRemovalsAndCompaction) {
  for (int64_t d = 1; d <= 400; ++d) AddDocument(d);
  std::uniform_int_distribution<int64_t> doc(1, 400);
  // Removed pages stay in the postings (and the blocks' maxima) until
  // compaction: the bounds must still hold.
  for (int i = 0; i < 60; ++i) index_.RemoveDocument(doc(rng_));
  CompareRandomQueries(40);
  // New versions: re-added documents take new page numbers at the end.
  for (int64_t d = 401; d <= 460; ++d) AddDocument(d);
  for (int i = 0; i < 60; ++i) index_.RemoveDocument(doc(rng_));
  index_.CompactIfNeeded();
  CompareRandomQueries(40);
}

TEST_F(SearchPruningTest, TiesAtTheLimitGoToTheLowerRow) {
  // Identical pages score identically: the limit keeps the lowest rows,
  // whichever range the walk visits first.
  for (int i = 0; i < 300; ++i) {
    PageInfo info;
    info.row = 1000 - i;  // rows descending while page numbers ascend
    info.document_id = i + 1;
    info.congress_id = 1;
    info.page = 2;
    index_.AddPage(info, "", "báo cáo chuyển đổi số của tỉnh");
  }
  auto q = ParseQuery("chuyển đổi số");
  ASSERT_TRUE(q.ok());
  auto got = index_.Search(*q, true, {}, 10, SearchStrategy::kPruned);
  ASSERT_EQ(got.size(), 10u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].row, 701 + static_cast<int64_t>(i));
  ExpectSame(index_.Search(*q, true, {}, 10, SearchStrategy::kExhaustive), got, "ties");
}

}  // namespace
}  // namespace phonghop::search
