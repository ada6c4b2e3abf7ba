#include "qr/qr_code.h"

#include <gtest/gtest.h>

#include "print/qr_sheets.h"

namespace phonghop::qr {
namespace {

TEST(QrTest, EncodesUrlAtLevelMWithFinderPatterns) {
  auto m = Encode("https://192.168.1.10:8443/d/7Kp2xQab");
  ASSERT_TRUE(m.ok());
  EXPECT_GE(m->size, 25);
  // The three finder patterns: dark corners.
  EXPECT_TRUE(m->At(0, 0));
  EXPECT_TRUE(m->At(m->size - 1, 0));
  EXPECT_TRUE(m->At(0, m->size - 1));
  EXPECT_FALSE(Encode("").ok());
  std::string svg = ToSvg(*m);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  auto png = ToPng(*m);
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png->substr(1, 3), "PNG");
}

TEST(QrSheetsTest, RendersPdfsAndRefusesEmptyInput) {
  print::SheetHeader h{"Tỉnh đoàn Yên Bái", "Đại hội đại biểu lần thứ XV", "Nhiệm kỳ 2022 - 2027"};
  auto labels = print::RenderLabels(h, {{"http://x/d/abc", "Báo cáo chính trị", "01-BC", "Báo cáo", "abc"}});
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(labels->substr(0, 5), "%PDF-");
  EXPECT_FALSE(print::RenderLabels(h, {}).ok());
  auto badges = print::RenderBadges(h, {{"http://x/t/tok", "Lâm Ngọc Ánh", "Đoàn đại biểu huyện Yên Bình",
                                         "Bí thư Đoàn xã Phúc An", "I-06", "118", "ĐẠI BIỂU CHÍNH THỨC"}});
  ASSERT_TRUE(badges.ok());
  EXPECT_EQ(badges->substr(0, 5), "%PDF-");
}

}  // namespace
}  // namespace phonghop::qr
