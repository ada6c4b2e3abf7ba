// The contract of congress::CongressRepository, checked on every back-end:
// the programme's order, delegate import by badge, edits and their
// conflicts, guarded deletions, reordering and badge tokens.
#include <gtest/gtest.h>

#include "backend.h"

namespace phonghop::contract {
namespace {

using congress::AgendaItem;
using congress::Delegate;
using congress::Dependents;
using congress::Session;

class CongressContract : public RepositoryContract {
 protected:
  void SetUp() override {
    RepositoryContract::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    congress::Congress c;
    c.slug = "dh-2027";
    c.name = "Đại hội đại biểu lần thứ XX";
    c.organization = "Tỉnh Đoàn";
    c.start_date = "2027-09-20";
    c.created_at = 1700000000;
    auto id = repo().CreateCongress(c);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    cid_ = *id;
  }
  congress::CongressRepository& repo() { return backend().congresses(); }
  Delegate Person(std::string badge, std::string name) {
    Delegate d;
    d.badge = std::move(badge);
    d.full_name = std::move(name);
    return d;
  }
  static congress::CongressRepository::AllowFn Allow(bool yes) {
    return [yes](const Dependents&) -> Result<bool> { return yes; };
  }
  int64_t cid_ = 0;
};

TEST_P(CongressContract, SlugsAreUniqueAndCongressesRoundTrip) {
  congress::Congress again;
  again.slug = "dh-2027";
  again.name = "Khác";
  EXPECT_EQ(repo().CreateCongress(again).status().code(), StatusCode::kConflict);
  auto got = repo().GetCongressById(cid_);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->slug, "dh-2027");
  EXPECT_EQ(got->organization, "Tỉnh Đoàn");
  EXPECT_EQ(got->created_at, 1700000000);
  got->status = congress::CongressStatus::kOngoing;
  got->quorum_numerator = 1;
  got->quorum_denominator = 2;
  got->cost_per_page_vnd = 750;
  got->organization = "Thành Đoàn";
  ASSERT_TRUE(repo().UpdateCongress(*got).ok());
  auto after = repo().GetCongress("dh-2027");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, congress::CongressStatus::kOngoing);
  EXPECT_EQ(after->quorum_numerator, 1);
  EXPECT_EQ(after->cost_per_page_vnd, 750);
  EXPECT_EQ(after->organization, "Thành Đoàn");
  EXPECT_EQ(repo().GetCongressById(999999).status().code(), StatusCode::kNotFound);
  // Newest start date first.
  congress::Congress older;
  older.slug = "dh-2022";
  older.name = "Cũ";
  older.start_date = "2022-09-20";
  ASSERT_TRUE(repo().CreateCongress(older).ok());
  auto all = repo().ListCongresses();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].slug, "dh-2027");
}

TEST_P(CongressContract, ProgrammeIsOrderedByDateAndTimeThenPosition) {
  auto s_late = repo().AddSession({0, cid_, 0, "Phiên chính thức", "2027-09-21", "07:30", ""});
  auto s_undated = repo().AddSession({0, cid_, 0, "Phiên bế mạc", "", "", ""});
  auto s_early = repo().AddSession({0, cid_, 0, "Phiên trù bị", "2027-09-20", "14:00", ""});
  ASSERT_TRUE(s_late.ok() && s_undated.ok() && s_early.ok());
  auto sessions = repo().ListSessions(cid_);
  ASSERT_TRUE(sessions.ok());
  ASSERT_EQ(sessions->size(), 3u);
  EXPECT_EQ((*sessions)[0].name, "Phiên trù bị");
  EXPECT_EQ((*sessions)[1].name, "Phiên chính thức");
  EXPECT_EQ((*sessions)[2].name, "Phiên bế mạc");
  // Positions are given in order of addition.
  EXPECT_EQ((*sessions)[2].position, 2);
  ASSERT_TRUE(repo().AddAgendaItem({0, *s_late, 0, "", "Bế mạc", "", ""}).ok());
  ASSERT_TRUE(repo().AddAgendaItem({0, *s_late, 0, "09:00", "Báo cáo chính trị", "Bí thư", ""}).ok());
  ASSERT_TRUE(repo().AddAgendaItem({0, *s_early, 0, "14:00", "Bầu đoàn chủ tịch", "", ""}).ok());
  auto agenda = repo().ListAgenda(cid_);
  ASSERT_TRUE(agenda.ok());
  ASSERT_EQ(agenda->size(), 3u);
  EXPECT_EQ((*agenda)[0].title, "Bầu đoàn chủ tịch");
  EXPECT_EQ((*agenda)[1].title, "Báo cáo chính trị");
  EXPECT_EQ((*agenda)[1].presenter, "Bí thư");
  EXPECT_EQ((*agenda)[2].title, "Bế mạc");
}

TEST_P(CongressContract, ImportInsertsThenUpdatesByBadge) {
  Delegate a = Person("2", "Nguyễn Văn An");
  a.delegation_name = "Đoàn Yên Bình";
  a.birth_year = 1990;
  a.party_member = true;
  a.gender = congress::Gender::kMale;
  Delegate b = Person("10", "Trần Thị Bình");
  b.kind = congress::DelegateKind::kInvited;
  Delegate c = Person("1", "Lê Văn Cường");
  auto first = repo().UpsertDelegates(cid_, {"Đoàn Yên Bình"}, {a, b, c});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->inserted, 3);
  EXPECT_EQ(first->updated, 0);
  EXPECT_EQ(first->delegations_created, 1);
  auto list = repo().ListDelegates(cid_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  // Badges in numeric order: shorter first.
  EXPECT_EQ((*list)[0].badge, "1");
  EXPECT_EQ((*list)[1].badge, "2");
  EXPECT_EQ((*list)[2].badge, "10");
  EXPECT_EQ((*list)[1].delegation_name, "Đoàn Yên Bình");
  EXPECT_EQ((*list)[1].birth_year, 1990);
  EXPECT_EQ((*list)[1].party_member, true);
  EXPECT_EQ((*list)[1].gender, congress::Gender::kMale);
  EXPECT_FALSE((*list)[0].birth_year.has_value());
  EXPECT_FALSE((*list)[0].party_member.has_value());
  Delegate a2 = Person("2", "Nguyễn Văn An (sửa)");
  a2.seat = "B-02";
  auto second = repo().UpsertDelegates(cid_, {}, {a2, Person("3", "Mới")});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->inserted, 1);
  EXPECT_EQ(second->updated, 1);
  auto again = repo().ListDelegates(cid_);
  ASSERT_EQ(again->size(), 4u);
  EXPECT_EQ((*again)[1].full_name, "Nguyễn Văn An (sửa)");
  EXPECT_EQ((*again)[1].seat, "B-02");
  auto counts = repo().CountDelegates(cid_);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->total, 4);
  EXPECT_EQ(counts->official, 3);
}

TEST_P(CongressContract, EditsReportConflictsAndMissingRows) {
  ASSERT_TRUE(repo().UpsertDelegates(cid_, {}, {Person("1", "A"), Person("2", "B")}).ok());
  auto list = *repo().ListDelegates(cid_);
  Delegate b = list[1];
  b.badge = "1";
  EXPECT_EQ(repo().UpdateDelegate(b).code(), StatusCode::kConflict);
  b.badge = "20";
  b.full_name = "B mới";
  ASSERT_TRUE(repo().UpdateDelegate(b).ok());
  EXPECT_EQ(repo().GetDelegate(b.id)->full_name, "B mới");
  b.id = 987654;
  EXPECT_EQ(repo().UpdateDelegate(b).code(), StatusCode::kNotFound);
  EXPECT_EQ(repo().GetDelegate(987654).status().code(), StatusCode::kNotFound);
  auto g1 = repo().AddDelegation({0, cid_, 0, "Đoàn 1"});
  auto g2 = repo().AddDelegation({0, cid_, 0, "Đoàn 2"});
  ASSERT_TRUE(g1.ok() && g2.ok());
  EXPECT_EQ(repo().AddDelegation({0, cid_, 0, "Đoàn 1"}).status().code(), StatusCode::kConflict);
  EXPECT_EQ(repo().UpdateDelegation({*g2, cid_, 2, "Đoàn 1"}).code(), StatusCode::kConflict);
  EXPECT_EQ(repo().UpdateSession({424242, cid_, 1, "x", "", "", ""}).code(), StatusCode::kNotFound);
}

TEST_P(CongressContract, DeletionCountsAsksAndMovesDependents) {
  auto s1 = repo().AddSession({0, cid_, 0, "Phiên 1", "", "", ""});
  auto s2 = repo().AddSession({0, cid_, 0, "Phiên 2", "", "", ""});
  ASSERT_TRUE(s1.ok() && s2.ok());
  ASSERT_TRUE(repo().AddAgendaItem({0, *s1, 0, "", "Mục A", "", ""}).ok());
  ASSERT_TRUE(repo().AddAgendaItem({0, *s1, 0, "", "Mục B", "", ""}).ok());
  ASSERT_TRUE(repo().AddAgendaItem({0, *s2, 0, "", "Mục C", "", ""}).ok());
  // A dry run counts and changes nothing.
  auto dry = repo().DeleteSession(*s1, std::nullopt, Allow(false));
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->agenda_items, 2);
  EXPECT_EQ(repo().ListSessions(cid_)->size(), 2u);
  // An error from `allow` is returned and nothing changes.
  auto refused = repo().DeleteSession(*s1, std::nullopt, [](const Dependents&) -> Result<bool> {
    return Status::Conflict("còn mục chương trình");
  });
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(repo().ListAgenda(cid_)->size(), 3u);
  // Deleting with move_to keeps the items, after the other session's own.
  auto done = repo().DeleteSession(*s1, *s2, Allow(true));
  ASSERT_TRUE(done.ok());
  auto sessions = *repo().ListSessions(cid_);
  ASSERT_EQ(sessions.size(), 1u);
  auto agenda = *repo().ListAgenda(cid_);
  ASSERT_EQ(agenda.size(), 3u);
  EXPECT_EQ(agenda[0].title, "Mục C");
  EXPECT_EQ(agenda[1].title, "Mục A");
  for (const auto& a : agenda) EXPECT_EQ(a.session_id, *s2);
  // A delegation's members move to "none".
  auto g = repo().AddDelegation({0, cid_, 0, "Đoàn X"});
  ASSERT_TRUE(g.ok());
  Delegate d = Person("7", "Thành viên");
  d.delegation_id = *g;
  ASSERT_TRUE(repo().UpsertDelegates(cid_, {}, {d}).ok());
  auto gone = repo().DeleteDelegation(*g, 0, Allow(true));
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->delegates, 1);
  auto list = *repo().ListDelegates(cid_);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].delegation_id, 0);
  // Deleting the congress takes everything along.
  auto all = repo().DeleteCongress(cid_, Allow(true));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->sessions, 1);
  EXPECT_EQ(all->agenda_items, 3);
  EXPECT_EQ(all->delegates, 1);
  EXPECT_EQ(repo().GetCongressById(cid_).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(repo().ListDelegates(cid_)->empty());
}

TEST_P(CongressContract, ReorderNeedsExactlyTheOwnersRows) {
  auto a = repo().AddDelegation({0, cid_, 0, "A"});
  auto b = repo().AddDelegation({0, cid_, 0, "B"});
  auto c = repo().AddDelegation({0, cid_, 0, "C"});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  using K = congress::CongressRepository::OrderKind;
  EXPECT_EQ(repo().Reorder(K::kDelegations, cid_, {*c, *a}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().Reorder(K::kDelegations, cid_, {*c, *a, *a, *b}).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(repo().Reorder(K::kDelegations, cid_, {*c, *a, *b}).ok());
  auto list = *repo().ListDelegations(cid_);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].name, "C");
  EXPECT_EQ(list[1].name, "A");
  EXPECT_EQ(list[2].name, "B");
}

TEST_P(CongressContract, TokensAreGrantedOnceUnlessRevocationIsAsked) {
  ASSERT_TRUE(repo().UpsertDelegates(cid_, {}, {Person("1", "A"), Person("2", "B")}).ok());
  auto list = *repo().ListDelegates(cid_);
  int64_t a = list[0].id, b = list[1].id;
  auto first = repo().GrantTokens({{a, "ha1", "sealed-a1"}}, false, 100);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, std::vector<int64_t>{a});
  auto second = repo().GrantTokens({{a, "ha2", "sealed-a2"}, {b, "hb1", "sealed-b1"}}, false, 110);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, std::vector<int64_t>{b});  // a keeps its token
  EXPECT_EQ(repo().FindDelegateByToken("ha1")->id, a);
  auto sealed = repo().LiveSealedTokens(cid_);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->at(a), "sealed-a1");
  EXPECT_EQ(sealed->at(b), "sealed-b1");
  auto third = repo().GrantTokens({{a, "ha3", "sealed-a3"}}, true, 120);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(repo().FindDelegateByToken("ha1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(repo().FindDelegateByToken("ha3")->full_name, "A");
  EXPECT_EQ(repo().LiveSealedTokens(cid_)->at(a), "sealed-a3");
  // The same token hash twice is refused, and nothing of that grant stays.
  auto dup = repo().GrantTokens({{b, "hb2", "x"}, {a, "ha3", "y"}}, true, 130);
  EXPECT_EQ(dup.status().code(), StatusCode::kConflict);
  EXPECT_EQ(repo().FindDelegateByToken("hb1")->id, b);
}

TEST_P(CongressContract, BundleIsWrittenWholeWithIdsRemapped) {
  congress::CongressBundle b;
  b.congress.slug = "demo";
  b.congress.name = "Đại hội mẫu";
  b.sessions = {{11, 0, 1, "Phiên 1", "2027-01-01", "08:00", ""}};
  b.agenda = {{21, 11, 1, "08:00", "Khai mạc", "", ""}};
  b.delegations = {{31, 0, 1, "Đoàn A"}};
  Delegate d = Person("1", "A");
  d.delegation_id = 31;
  b.delegates = {d};
  auto id = repo().CreateBundle(b);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto sessions = *repo().ListSessions(*id);
  ASSERT_EQ(sessions.size(), 1u);
  auto agenda = *repo().ListAgenda(*id);
  ASSERT_EQ(agenda.size(), 1u);
  EXPECT_EQ(agenda[0].session_id, sessions[0].id);
  auto delegates = *repo().ListDelegates(*id);
  ASSERT_EQ(delegates.size(), 1u);
  EXPECT_EQ(delegates[0].delegation_name, "Đoàn A");
  // The same slug again: refused, and nothing half-written.
  EXPECT_EQ(repo().CreateBundle(b).status().code(), StatusCode::kConflict);
  EXPECT_EQ(repo().ListCongresses()->size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CongressContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace
}  // namespace phonghop::contract
