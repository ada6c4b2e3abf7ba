#include "common/utf8.h"

#include <gtest/gtest.h>

namespace phonghop::utf8 {
namespace {

TEST(Utf8FoldTest, RemovesVietnameseTonesAndFoldsD) {
  EXPECT_EQ(Fold("Đại hội Đoàn"), "dai hoi doan");
  EXPECT_EQ(Fold("chuyển đổi số"), "chuyen doi so");
  EXPECT_EQ(Fold("NGHỊ QUYẾT"), "nghi quyet");
  EXPECT_EQ(Fold("Ưu tiên ỨNG dụng"), "uu tien ung dung");
}

TEST(Utf8FoldTest, DecomposedInputFoldsLikePrecomposed) {
  // "Đại" with 'a' + combining dot below (U+0323): NFD as macOS sends it.
  EXPECT_EQ(Fold("\xC4\x90" "a\xCC\xA3i"), "dai");
  EXPECT_EQ(Fold("ho\xCC\x82\xCC\xA3i"), "hoi");  // o + circumflex + dot below
}

TEST(Utf8FoldTest, KeepsDigitsAndOtherScripts) {
  EXPECT_EQ(Fold("HĐND 2022-2027"), "hdnd 2022-2027");
  EXPECT_EQ(Fold("Ωmega 東京"), "Ωmega 東京");
}

TEST(Utf8LowerTest, KeepsDiacritics) {
  EXPECT_EQ(Lower("ĐẠI HỘI"), "đại hội");
  EXPECT_EQ(Lower("Ánh"), "ánh");
}

TEST(Utf8ValidTest, RejectsMalformedSequences) {
  EXPECT_TRUE(IsValid("Yên Bái"));
  EXPECT_FALSE(IsValid("\xff"));
  EXPECT_FALSE(IsValid("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValid("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValid("abc\xE1\xBA"));       // truncated
  EXPECT_TRUE(IsValid(""));
}

TEST(Utf8TrimTest, TrimsNbspAndBom) {
  EXPECT_EQ(Trim("\xEF\xBB\xBF  Họ tên \xC2\xA0"), "Họ tên");
  EXPECT_EQ(Trim("   "), "");
}

}  // namespace
}  // namespace phonghop::utf8
