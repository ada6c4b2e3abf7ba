#include "congress/congress_service.h"

#include <gtest/gtest.h>

#include "app/demo_congress.h"
#include "common/event_publisher.h"
#include "io/xlsx.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "test_db.h"

namespace phonghop::congress {
namespace {

struct RecordingPublisher : EventPublisher {
  std::vector<std::string> events;
  void Publish(std::string_view topic, std::string_view event, std::string_view) override {
    events.push_back(std::string(topic) + ":" + std::string(event));
  }
};

class CongressServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenTestDb(dir_);
    repo_ = std::make_unique<storage::SqliteCongressRepository>(*db_);
    svc_ = std::make_unique<CongressService>(*repo_, clock_, events_, ids_);
    Congress c;
    c.slug = "dh-2027";
    c.name = "Đại hội đại biểu Đoàn TNCS Hồ Chí Minh huyện Yên Bình";
    ASSERT_TRUE(svc_->Create(c).ok());
    ASSERT_TRUE(svc_->AddDelegation("dh-2027", {0, 0, 0, "Đoàn xã Phúc An"}).ok());
  }
  Table Sheet(std::vector<std::vector<std::string>> rows) {
    Table t;
    int line = 1;
    for (auto& r : rows) t.rows.push_back({line++, std::move(r)});
    return t;
  }

  testing::TempDir dir_;
  FixedClock clock_{1764374400};  // 2025-11-29
  RecordingPublisher events_;
  SecureIdGenerator ids_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<storage::SqliteCongressRepository> repo_;
  std::unique_ptr<CongressService> svc_;
};

TEST_F(CongressServiceTest, CreateValidatesSlugNameAndDates) {
  Congress c;
  c.slug = "Bad Slug";
  c.name = "x";
  EXPECT_EQ(svc_->Create(c).status().code(), StatusCode::kInvalidArgument);
  c.slug = "ok-slug";
  c.name = "  ";
  EXPECT_EQ(svc_->Create(c).status().code(), StatusCode::kInvalidArgument);
  c.name = "Đại hội";
  c.start_date = "2027-02-30";
  EXPECT_EQ(svc_->Create(c).status().code(), StatusCode::kInvalidArgument);
  c.start_date = "2027-03-02";
  c.end_date = "2027-03-01";
  EXPECT_EQ(svc_->Create(c).status().code(), StatusCode::kInvalidArgument);
  c.end_date = "2027-03-03";
  EXPECT_TRUE(svc_->Create(c).ok());
  EXPECT_EQ(svc_->Create(c).status().code(), StatusCode::kConflict);
}

TEST_F(CongressServiceTest, ImportThenReimportUpdatesByBadge) {
  auto r1 = svc_->ImportDelegates("dh-2027",
                                  Sheet({{"Số thẻ", "Họ và tên", "Đoàn"},
                                         {"01", "Nguyễn Văn A", "Đoàn xã Phúc An"},
                                         {"02", "Trần Thị B", "Đoàn xã Phúc An"}}),
                                  {}, false);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ(r1->inserted, 2);
  auto r2 = svc_->ImportDelegates("dh-2027",
                                  Sheet({{"Số thẻ", "Họ và tên", "Ghế"},
                                         {"02", "Trần Thị Bình", "B-02"},
                                         {"03", "Lò Văn C", ""}}),
                                  {}, false);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->inserted, 1);
  EXPECT_EQ(r2->updated, 1);
  auto all = svc_->Delegates("dh-2027");
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].full_name, "Trần Thị Bình");
  EXPECT_EQ((*all)[1].seat, "B-02");
  EXPECT_EQ(events_.events.back(), "dh-2027:delegates_changed");
}

TEST_F(CongressServiceTest, OneBadRowChangesNothing) {
  ASSERT_TRUE(svc_->ImportDelegates("dh-2027", Sheet({{"Số thẻ", "Họ tên"}, {"01", "A"}}), {}, false).ok());
  auto bad = svc_->ImportDelegates("dh-2027",
                                   Sheet({{"Số thẻ", "Họ tên"}, {"01", "A sửa"}, {"02", "B"},
                                          {"03", ""}}),
                                   {}, false);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("dòng 4: thiếu họ tên"), std::string::npos);
  auto all = svc_->Delegates("dh-2027");
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].full_name, "A");
}

TEST_F(CongressServiceTest, DryRunCountsWithoutWriting) {
  auto r = svc_->ImportDelegates("dh-2027", Sheet({{"Họ tên", "Đoàn"}, {"A", "Đoàn mới"}}),
                                 {.create_delegations = true}, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->inserted, 1);
  EXPECT_EQ(r->delegations_created, 1);
  EXPECT_TRUE(svc_->Delegates("dh-2027")->empty());
}

TEST_F(CongressServiceTest, ThousandRowXlsxImports) {
  std::vector<std::vector<std::string>> rows = {{"Số thẻ", "Họ và tên", "Đoàn", "Giới tính", "Năm sinh"}};
  for (int i = 1; i <= 1000; ++i)
    rows.push_back({std::to_string(i), "Đại biểu số " + std::to_string(i), "Đoàn xã Phúc An",
                    i % 2 ? "Nam" : "Nữ", std::to_string(1980 + i % 20)});
  auto bytes = io::WriteXlsx(rows);
  ASSERT_TRUE(bytes.ok());
  auto table = io::ParseXlsx(*bytes);
  ASSERT_TRUE(table.ok());
  auto r = svc_->ImportDelegates("dh-2027", *table, {}, false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->inserted, 1000);
  auto o = svc_->Overview("dh-2027");
  EXPECT_EQ(o->delegates_total, 1000);
  EXPECT_EQ(o->delegates_per_delegation[0], 1000);
}

TEST_F(CongressServiceTest, ProgrammeValidationAndEvents) {
  auto s = svc_->AddSession("dh-2027", {0, 0, 0, "Phiên trù bị", "2027-03-01", "14:00", "17:00"});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(events_.events.back(), "dh-2027:programme_changed");
  EXPECT_FALSE(svc_->AddSession("dh-2027", {0, 0, 0, "X", "", "25:00", ""}).ok());
  AgendaItem a{0, s->id, 0, "14:30", "Chào cờ", "", ""};
  EXPECT_TRUE(svc_->AddAgendaItem("dh-2027", a).ok());
  a.session_id = 999;
  EXPECT_EQ(svc_->AddAgendaItem("dh-2027", a).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(svc_->AddSession("nope", {0, 0, 0, "X", "", "", ""}).status().code(), StatusCode::kNotFound);
}

TEST_F(CongressServiceTest, DemoCongressIsRealistic) {
  auto bundle = app::MakeDemoCongress(clock_.NowUnix());
  ASSERT_TRUE(svc_->CreateBundle(bundle).ok());
  auto o = svc_->Overview("demo");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->delegations.size(), 11u);
  EXPECT_GE(o->delegates_total, 140);
  EXPECT_LE(o->delegates_total, 170);
  EXPECT_EQ(o->sessions.size(), 3u);
  EXPECT_GE(o->agenda.size(), 15u);
  EXPECT_EQ(o->sessions[0].date, "2025-11-29");
  auto all = svc_->Delegates("demo");
  std::set<std::string> badges;
  for (const auto& d : *all) badges.insert(d.badge);
  EXPECT_EQ(badges.size(), all->size());
}

}  // namespace
}  // namespace phonghop::congress

namespace phonghop::congress {
namespace {

TEST(SecretBoxTest, SealedTokensOpenOnlyWithTheirKey) {
  SecretBox box(std::string(32, 'k'));
  std::string sealed = box.Seal("Al5c5dixUsAJAlnUADG0tF");
  EXPECT_EQ(sealed.find("Al5c5dix"), std::string::npos);  // not stored in the clear
  EXPECT_EQ(box.Open(sealed), std::optional<std::string>("Al5c5dixUsAJAlnUADG0tF"));
  EXPECT_NE(box.Seal("x"), box.Seal("x"));  // a fresh nonce each time
  SecretBox other(std::string(32, 'j'));
  EXPECT_FALSE(other.Open(sealed).has_value());
  sealed[sealed.size() - 1] = sealed.back() == '0' ? '1' : '0';
  EXPECT_FALSE(box.Open(sealed).has_value());  // tampered
  EXPECT_FALSE(box.Open("zz").has_value());
}

// Reprinting keeps the tokens already on badges; revoking one touches only
// that delegate; issuing for the print shop revokes nothing.
TEST_F(CongressServiceTest, BadgeTokensAreReusedUnlessRevocationIsAsked) {
  SecretBox box(std::string(32, 'k'));
  svc_->SetTokenBox(&box);
  auto r = svc_->ImportDelegates("dh-2027", Sheet({{"Số thẻ", "Họ và tên"}, {"001", "A"}, {"002", "B"}}), {}, false);
  ASSERT_TRUE(r.ok()) << r.status().message();
  auto first = svc_->BadgeTokens("dh-2027", {}, BadgeMode::kIssueMissing);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->issued, 2);
  auto again = svc_->BadgeTokens("dh-2027", {}, BadgeMode::kReuse);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->issued, 0);
  EXPECT_EQ(again->reused, 2);
  EXPECT_EQ(again->tokens[0].token, first->tokens[0].token);
  auto one = svc_->BadgeTokens("dh-2027", {first->tokens[0].delegate.id}, BadgeMode::kRevoke);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->revoked, 1);
  EXPECT_FALSE(svc_->DelegateByToken(first->tokens[0].token).ok());
  EXPECT_TRUE(svc_->DelegateByToken(first->tokens[1].token).ok());
  EXPECT_TRUE(svc_->DelegateByToken(one->tokens[0].token).ok());
}

}  // namespace
}  // namespace phonghop::congress
