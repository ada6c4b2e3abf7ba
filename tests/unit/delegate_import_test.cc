#include "congress/delegate_import.h"

#include <gtest/gtest.h>

namespace phonghop::congress {
namespace {

Table MakeTable(std::vector<std::vector<std::string>> rows) {
  Table t;
  int line = 1;
  for (auto& r : rows) t.rows.push_back({line++, std::move(r)});
  return t;
}

std::vector<Delegation> Existing() {
  return {{7, 1, 1, "Đoàn đại biểu huyện Yên Bình"}, {8, 1, 2, "Đoàn đại biểu huyện Lục Yên"}};
}

TEST(DelegateImportTest, MatchesVietnameseHeadersWithOrWithoutAccents) {
  auto t = MakeTable({{"STT", "So the", "HỌ VÀ TÊN", "Đoàn", "Giới tính", "Năm sinh", "Dân tộc", "SĐT", "Loại đại biểu"},
                      {"1", "001", "  Lâm   Ngọc Ánh ", "doan dai bieu huyen yen binh", "Nữ", "12/05/1995", "Kinh", "912345678", "Chính thức"},
                      {"2", "002", "Giàng A Sình", "Đoàn đại biểu huyện Lục Yên", "nam", "1990", "Mông", "0987654321", "khach moi"}});
  ImportPlan plan = PlanDelegateImport(t, Existing(), {});
  ASSERT_TRUE(plan.ok()) << FormatProblems(plan.problems);
  ASSERT_EQ(plan.delegates.size(), 2u);
  const Delegate& a = plan.delegates[0];
  EXPECT_EQ(a.full_name, "Lâm Ngọc Ánh");
  EXPECT_EQ(a.delegation_id, 7);
  EXPECT_EQ(a.gender, Gender::kFemale);
  EXPECT_EQ(a.birth_year, 1995);
  EXPECT_EQ(a.phone, "0912345678");  // Excel dropped the leading zero
  EXPECT_EQ(plan.delegates[1].kind, DelegateKind::kInvited);
}

TEST(DelegateImportTest, EnglishHeadersWork) {
  auto t = MakeTable({{"Badge", "Full name", "Delegation", "Gender"},
                      {"A1", "Hoang Minh Tien", "Đoàn đại biểu huyện Lục Yên", "male"}});
  ImportPlan plan = PlanDelegateImport(t, Existing(), {});
  ASSERT_TRUE(plan.ok()) << FormatProblems(plan.problems);
  EXPECT_EQ(plan.delegates[0].badge, "A1");
}

TEST(DelegateImportTest, ReportsEveryBadRowByNumberAndPlansNothing) {
  auto t = MakeTable({{"Số thẻ", "Họ và tên", "Đoàn"},
                      {"001", "Nguyễn Văn A", "Đoàn đại biểu huyện Yên Bình"},
                      {"002", "", "Đoàn đại biểu huyện Yên Bình"},
                      {"001", "Trần Thị B", "Đoàn đại biểu huyện Yên Bình"},
                      {"004", "Lò Văn C", "Đoàn đại biểu huyện Mù Cang Chải"}});
  ImportPlan plan = PlanDelegateImport(t, Existing(), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_TRUE(plan.delegates.empty());
  std::string msg = FormatProblems(plan.problems);
  EXPECT_NE(msg.find("dòng 3: thiếu họ tên"), std::string::npos) << msg;
  EXPECT_NE(msg.find("dòng 4: số thẻ 001 trùng với dòng 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("dòng 5: đoàn \"Đoàn đại biểu huyện Mù Cang Chải\" không tồn tại"),
            std::string::npos) << msg;
}

TEST(DelegateImportTest, CreatesUnknownDelegationsOnlyWhenAsked) {
  auto t = MakeTable({{"Họ tên", "Đoàn"}, {"A", "Đoàn mới"}, {"B", "đoàn mới"}});
  ImportOptions opts;
  opts.create_delegations = true;
  ImportPlan plan = PlanDelegateImport(t, {}, opts);
  ASSERT_TRUE(plan.ok()) << FormatProblems(plan.problems);
  ASSERT_EQ(plan.new_delegations.size(), 1u);  // the same name, folded
  EXPECT_EQ(plan.delegates[1].delegation_name, "Đoàn mới");
  EXPECT_EQ(plan.delegates[0].badge, "001");  // no badge column: numbered in order
  EXPECT_EQ(plan.delegates[1].badge, "002");
}

TEST(DelegateImportTest, RejectsFileWithoutNameColumnOrRows) {
  EXPECT_FALSE(PlanDelegateImport(MakeTable({{"Số thẻ", "Đoàn"}, {"1", "x"}}), {}, {}).ok());
  EXPECT_FALSE(PlanDelegateImport(MakeTable({{"Họ tên"}}), {}, {}).ok());
  EXPECT_FALSE(PlanDelegateImport(MakeTable({}), {}, {}).ok());
}

TEST(DelegateImportTest, RejectsBadGenderYearAndKind) {
  auto t = MakeTable({{"Họ tên", "Giới tính", "Năm sinh", "Loại"},
                      {"A", "x", "", ""}, {"B", "", "3000", ""}, {"C", "", "", "VIP"}});
  ImportPlan plan = PlanDelegateImport(t, {}, {});
  ASSERT_EQ(plan.problems.size(), 3u) << FormatProblems(plan.problems);
  EXPECT_EQ(plan.problems[0].line, 2);
  EXPECT_EQ(plan.problems[1].line, 3);
  EXPECT_EQ(plan.problems[2].line, 4);
}

TEST(DelegateImportTest, SkipsBlankRowsAndHeaderNotOnFirstLine) {
  auto t = MakeTable({{"", ""}, {"Họ tên", "Số thẻ"}, {"A", "7.0"}, {"", " "}, {"B", "8"}});
  ImportPlan plan = PlanDelegateImport(t, {}, {});
  ASSERT_TRUE(plan.ok()) << FormatProblems(plan.problems);
  ASSERT_EQ(plan.delegates.size(), 2u);
  EXPECT_EQ(plan.delegates[0].badge, "7");
  EXPECT_EQ(plan.skipped_blank_rows, 1);
}

TEST(DelegateImportTest, ExportRowImportsBack) {
  Delegate d;
  d.badge = "015";
  d.full_name = "Hà Thị Thoan";
  d.delegation_name = "Đoàn đại biểu huyện Lục Yên";
  d.gender = Gender::kFemale;
  d.birth_year = 1994;
  d.kind = DelegateKind::kAlternate;
  auto t = MakeTable({ExportHeader(), ExportRow(d)});
  ImportPlan plan = PlanDelegateImport(t, Existing(), {});
  ASSERT_TRUE(plan.ok()) << FormatProblems(plan.problems);
  EXPECT_EQ(plan.delegates[0].badge, "015");
  EXPECT_EQ(plan.delegates[0].delegation_id, 8);
  EXPECT_EQ(plan.delegates[0].kind, DelegateKind::kAlternate);
  EXPECT_EQ(plan.delegates[0].birth_year, 1994);
}

}  // namespace
}  // namespace phonghop::congress

namespace phonghop::congress {
namespace {

// Real lists carry title rows above the header row (the organisation, the
// list's name, a blank line); the header is found below them.
TEST(DelegateImportTest, FindsTheHeaderRowBelowTwoTitleRows) {
  auto t = MakeTable({{"TỈNH ĐOÀN YÊN BÁI", "", ""},
                      {"DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI", "", ""},
                      {"", "", ""},
                      {"Số thẻ", "Họ và tên", "Ngày sinh", "Đảng viên"},
                      {"001", "Lâm Ngọc Ánh", "12/05/1995", "x"},
                      {"002", "Giàng A Sình", "1990", ""}});
  ImportPlan plan = PlanDelegateImport(t, Existing(), {});
  ASSERT_TRUE(plan.ok()) << FormatProblems(plan.problems);
  ASSERT_EQ(plan.delegates.size(), 2u);
  EXPECT_EQ(plan.delegates[0].full_name, "Lâm Ngọc Ánh");
  EXPECT_EQ(plan.delegates[0].birth_date, "1995-05-12");
  EXPECT_EQ(plan.delegates[0].party_member, std::optional<bool>(true));
  EXPECT_EQ(plan.delegates[1].birth_date, "");
  EXPECT_EQ(plan.delegates[1].birth_year, 1990);
  EXPECT_FALSE(plan.delegates[1].party_member.has_value());
}

TEST(DelegateImportTest, NoHeaderRowInTheFirstRowsIsOneClearProblem) {
  auto t = MakeTable({{"DANH SÁCH"}, {"Lâm Ngọc Ánh"}});
  ImportPlan plan = PlanDelegateImport(t, Existing(), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(FormatProblems(plan.problems).find("Họ và tên"), std::string::npos);
}

}  // namespace
}  // namespace phonghop::congress
