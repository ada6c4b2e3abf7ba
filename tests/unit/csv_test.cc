#include "io/csv.h"

#include <gtest/gtest.h>

namespace phonghop::io {
namespace {

TEST(CsvTest, ParsesExcelUtf8WithBomAndQuotes) {
  auto t = ParseCsv("\xEF\xBB\xBFSố thẻ,Họ và tên\r\n001,\"Nguyễn, Văn A\"\r\n002,\"Trần \"\"Bé\"\"\"\r\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0].cells[0], "Số thẻ");
  EXPECT_EQ(t->rows[1].cells[1], "Nguyễn, Văn A");
  EXPECT_EQ(t->rows[2].cells[1], "Trần \"Bé\"");
  EXPECT_EQ(t->rows[2].line, 3);
}

TEST(CsvTest, DetectsSemicolonSeparator) {
  auto t = ParseCsv("Họ tên;Đoàn\nLò Văn Puôn;Văn Chấn\n");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->rows[1].cells.size(), 2u);
  EXPECT_EQ(t->rows[1].cells[1], "Văn Chấn");
}

TEST(CsvTest, KeepsNewlinesInsideQuotes) {
  auto t = ParseCsv("a,b\n\"dòng 1\ndòng 2\",x\n");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1].cells[0], "dòng 1\ndòng 2");
}

TEST(CsvTest, RejectsNonUtf8WithHint) {
  auto t = ParseCsv("H\xe4 t\xean\n");  // Windows-1258-ish bytes
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("CSV UTF-8"), std::string::npos);
}

TEST(CsvTest, RejectsUnclosedQuote) {
  auto t = ParseCsv("a,b\n\"never closed,1\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("ngoặc kép"), std::string::npos);
}

TEST(CsvTest, RejectsTooManyRows) {
  std::string big;
  for (int i = 0; i < 20; ++i) big += "x\n";
  EXPECT_FALSE(ParseCsv(big, 10).ok());
}

TEST(CsvTest, WriteRoundTripsAndNeutralisesFormulas) {
  std::vector<std::vector<std::string>> rows = {{"Số thẻ", "Ghi chú"},
                                                {"001", "=HYPERLINK(\"x\")"},
                                                {"002", "có, dấu phẩy"}};
  std::string csv = WriteCsv(rows);
  auto t = ParseCsv(csv);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[1].cells[0], "001");
  EXPECT_EQ(t->rows[1].cells[1], "'=HYPERLINK(\"x\")");
  EXPECT_EQ(t->rows[2].cells[1], "có, dấu phẩy");
}

// A minus followed by a digit is still a formula unless the whole cell is a
// number (the probe's "-2+3+cmd|' /C calc'!A0").
TEST(CsvTest, NegativeNumbersStayNumbersButMinusFormulasAreNeutralised) {
  auto t = ParseCsv(WriteCsv({{"-2+3+cmd|' /C calc'!A0", "-12", "-1.234,5", "\t=1+1", "-"}}));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0].cells[0], "'-2+3+cmd|' /C calc'!A0");
  EXPECT_EQ(t->rows[0].cells[1], "-12");
  EXPECT_EQ(t->rows[0].cells[2], "-1.234,5");
  EXPECT_EQ(t->rows[0].cells[3][0], '\'');
  EXPECT_EQ(t->rows[0].cells[4], "'-");
}

}  // namespace
}  // namespace phonghop::io
