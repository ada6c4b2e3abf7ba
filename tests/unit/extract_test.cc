#include "extract/extract.h"

#include <gtest/gtest.h>

#include <fstream>

#include "io/file_sniffer.h"
#include "io/zip_archive.h"
#include "test_db.h"
#include "test_files.h"

namespace phonghop::extract {
namespace {

using documents::FileKind;
using testing::WriteFile;

TEST(ExtractTest, PdfTextPerPageAndTitle) {
  phonghop::testing::TempDir dir;
  std::string pdf = dir.path() + "/a.pdf";
  testing::MakeTextPdf(pdf, {"Trang một: Đại hội Đoàn", "Trang hai: chuyển đổi số"}, "Báo cáo chính trị");
  auto e = ExtractFile(pdf, FileKind::kPdf);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  ASSERT_EQ(e->pages.size(), 2u);
  EXPECT_NE(e->pages[0].text.find("Đại hội Đoàn"), std::string::npos) << e->pages[0].text;
  EXPECT_NE(e->pages[1].text.find("chuyển đổi số"), std::string::npos);
  EXPECT_FALSE(e->pages[0].needs_ocr);
  EXPECT_EQ(e->title, "Báo cáo chính trị");
}

TEST(ExtractTest, ScannedPdfPagesAreMarkedForOcr) {
  phonghop::testing::TempDir dir;
  std::string pdf = dir.path() + "/scan.pdf";
  testing::MakeScannedPdf(pdf);
  auto e = ExtractFile(pdf, FileKind::kPdf);
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->pages.size(), 1u);
  EXPECT_TRUE(e->pages[0].needs_ocr);
}

TEST(ExtractTest, TruncatedPdfIsAClearError) {
  phonghop::testing::TempDir dir;
  std::string pdf = dir.path() + "/a.pdf";
  testing::MakeTextPdf(pdf, {"x"});
  std::ifstream in(pdf, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  WriteFile(pdf, bytes.substr(0, 200));
  auto e = ExtractFile(pdf, FileKind::kPdf);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("PDF"), std::string::npos);
}

TEST(ExtractTest, DocxPagesTitleAndZipBomb) {
  phonghop::testing::TempDir dir;
  std::string p = dir.path() + "/a.docx";
  WriteFile(p, testing::MakeDocx({"Dự thảo Nghị quyết", "Điều 1.", "\f", "Điều 2. Hiệu lực"}, "Nghị quyết Đại hội"));
  auto e = ExtractFile(p, FileKind::kDocx);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->title, "Nghị quyết Đại hội");
  ASSERT_EQ(e->pages.size(), 2u);
  EXPECT_NE(e->pages[1].text.find("Hiệu lực"), std::string::npos);

  std::string bomb_xml = "<w:document xmlns:w=\"x\"><w:body>" + std::string(100u << 20, ' ') + "</w:body></w:document>";
  WriteFile(p, io::WriteZip({{"word/document.xml", bomb_xml}}).value());
  auto b = ExtractFile(p, FileKind::kDocx);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("zip bomb"), std::string::npos);
}

TEST(ExtractTest, OdtAndMarkdownAndText) {
  phonghop::testing::TempDir dir;
  std::string odt = dir.path() + "/a.odt";
  WriteFile(odt, testing::MakeOdt("Tham luận về thanh niên khởi nghiệp", {"Nội dung tham luận."}));
  auto o = ExtractFile(odt, FileKind::kOdt);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->title, "Tham luận về thanh niên khởi nghiệp");
  EXPECT_NE(o->pages[0].text.find("Nội dung tham luận."), std::string::npos);

  std::string md = dir.path() + "/a.md";
  WriteFile(md, "\xEF\xBB\xBF# Quy chế bầu cử\n\nĐiều 1. Phạm vi.\n");
  auto m = ExtractFile(md, FileKind::kMarkdown);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->title, "Quy chế bầu cử");

  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "Đoạn văn số " + std::to_string(i) + " về công tác Đoàn.\n";
  WriteFile(md, long_text);
  auto t = ExtractFile(md, FileKind::kText);
  ASSERT_TRUE(t.ok());
  EXPECT_GT(t->pages.size(), 3u);  // paginated like printed pages
  WriteFile(md, "H\xe4 N\xf4i");
  EXPECT_FALSE(ExtractFile(md, FileKind::kText).ok());
}

TEST(ExtractTest, ImagesWithAbsurdDimensionsAreRefused) {
  phonghop::testing::TempDir dir;
  std::string p = dir.path() + "/a.png";
  WriteFile(p, testing::MakePng(40, 30));
  auto ok = ExtractFile(p, FileKind::kPng);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(ok->pages[0].needs_ocr);
  std::string png = testing::MakePng(40, 30);
  // Patch the IHDR to claim 60000 × 60000 pixels.
  png[16] = 0; png[17] = 0; png[18] = static_cast<char>(0xEA); png[19] = 0x60;
  png[20] = 0; png[21] = 0; png[22] = static_cast<char>(0xEA); png[23] = 0x60;
  WriteFile(p, png);
  auto bad = ExtractFile(p, FileKind::kPng);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("quá lớn"), std::string::npos);
}

TEST(SnifferTest, DecidesByContentNotByName) {
  phonghop::testing::TempDir dir;
  io::MagicSniffer s;
  std::string p = dir.path() + "/f";
  testing::MakeTextPdf(p, {"x"});
  EXPECT_EQ(s.Sniff(p, "report.docx"), FileKind::kPdf);  // a PDF named .docx
  WriteFile(p, testing::MakeDocx({"x"}));
  EXPECT_EQ(s.Sniff(p, "report.pdf"), FileKind::kDocx);
  WriteFile(p, testing::MakeOdt("h", {"x"}));
  EXPECT_EQ(s.Sniff(p, "x.pdf"), FileKind::kOdt);
  WriteFile(p, "# Tiêu đề\n\nNội dung");
  EXPECT_EQ(s.Sniff(p, "ghi-chu.txt"), FileKind::kMarkdown);
  WriteFile(p, "Nội dung thường");
  EXPECT_EQ(s.Sniff(p, "a.txt"), FileKind::kText);
  EXPECT_EQ(s.Sniff(p, "a.md"), FileKind::kMarkdown);
  WriteFile(p, testing::MakePng(4, 4));
  EXPECT_EQ(s.Sniff(p, "a.pdf"), FileKind::kPng);
  WriteFile(p, std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10) + std::string(100, '\0'));
  EXPECT_EQ(s.Sniff(p, "a.pdf"), FileKind::kUnknown);
  WriteFile(p, io::WriteZip({{"a.txt", "x"}}).value());
  EXPECT_EQ(s.Sniff(p, "a.docx"), FileKind::kUnknown);  // a zip, but not Word
}

}  // namespace
}  // namespace phonghop::extract
