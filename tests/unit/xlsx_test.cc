#include "io/xlsx.h"

#include <gtest/gtest.h>

#include "io/spreadsheet.h"
#include "io/zip_archive.h"

namespace phonghop::io {
namespace {

TEST(XlsxTest, WriteThenReadKeepsCellsAndLeadingZeros) {
  std::vector<std::vector<std::string>> rows = {
      {"Số thẻ", "Họ và tên", "Điện thoại"},
      {"001", "Giàng A Sình", "0912345678"},
      {"002", "Lò Thị Ánh & <Hoa>", ""},
  };
  auto bytes = WriteXlsx(rows);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto t = ParseXlsx(*bytes);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[1].cells[0], "001");
  EXPECT_EQ(t->rows[1].cells[2], "0912345678");
  EXPECT_EQ(t->rows[2].cells[1], "Lò Thị Ánh & <Hoa>");
  EXPECT_EQ(t->rows[2].line, 3);
}

// What Excel itself writes: shared strings, numbers, sparse cells, and a
// sheet found through workbook relationships.
TEST(XlsxTest, ReadsExcelStyleSharedStringsAndSparseRows) {
  std::string wb =
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId7"/></sheets></workbook>)";
  std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="x" Target="worksheets/data.xml"/></Relationships>)";
  std::string sst =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Họ và tên</t></si><si><r><t>Hoàng </t></r><r><t>Minh Tiến</t></r></si><si><t>Năm sinh</t></si></sst>)";
  std::string sheet =
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
      R"(<row r="2"><c r="B2" t="s"><v>0</v></c><c r="D2" t="s"><v>2</v></c></row>)"
      R"(<row r="5"><c r="B5" t="s"><v>1</v></c><c r="D5"><v>1990</v></c></row>)"
      R"(</sheetData></worksheet>)";
  auto zip = WriteZip({{"xl/workbook.xml", wb}, {"xl/_rels/workbook.xml.rels", rels},
                       {"xl/sharedStrings.xml", sst}, {"xl/worksheets/data.xml", sheet}});
  ASSERT_TRUE(zip.ok());
  auto t = ParseXlsx(*zip);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].line, 2);
  EXPECT_EQ(t->rows[0].cells[1], "Họ và tên");
  EXPECT_EQ(t->rows[1].line, 5);
  EXPECT_EQ(t->rows[1].cells[1], "Hoàng Minh Tiến");
  EXPECT_EQ(t->rows[1].cells[3], "1990");
}

TEST(XlsxTest, RejectsZipBomb) {
  // 80 MB of zeros deflates to ~80 KB; reading it must stop at the 64 MB cap.
  std::string huge(80u << 20, '0');
  auto zip = WriteZip({{"xl/workbook.xml", "<workbook/>"}, {"xl/worksheets/sheet1.xml", huge}});
  ASSERT_TRUE(zip.ok());
  EXPECT_LT(zip->size(), 2u << 20);
  auto t = ParseXlsx(*zip);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("zip bomb"), std::string::npos);
}

TEST(XlsxTest, RejectsGarbageAndTruncatedFiles) {
  EXPECT_FALSE(ParseXlsx("not a zip at all").ok());
  auto good = WriteXlsx({{"a"}});
  ASSERT_TRUE(good.ok());
  EXPECT_FALSE(ParseXlsx(good->substr(0, good->size() / 2)).ok());
}

TEST(XlsxTest, ColumnNames) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(27), "AB");
  EXPECT_EQ(ColumnIndex("AB12"), 27);
  EXPECT_EQ(ColumnIndex("12"), -1);
}

TEST(SpreadsheetTest, SniffsByContentNotName) {
  EXPECT_EQ(SniffSheetFormat("Họ tên\n"), SheetFormat::kCsv);
  EXPECT_EQ(SniffSheetFormat(std::string("PK\x03\x04", 4)), SheetFormat::kXlsx);
  auto xls = ParseSpreadsheet(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12));
  ASSERT_FALSE(xls.ok());
  EXPECT_NE(xls.status().message().find(".xlsx"), std::string::npos);
  EXPECT_FALSE(ParseSpreadsheet("").ok());
}

}  // namespace
}  // namespace phonghop::io
