// The UnitOfWork port on every back-end (decision 552): a change and the
// live event announcing it commit together or not at all; inside a unit the
// repositories see its own writes and others do not until COMMIT; a write
// that fails inside undoes itself alone (a savepoint), a nested unit that
// fails rolls the whole unit back; after-commit hooks run only after a
// commit, in order.
#include <gtest/gtest.h>

#include <limits>
#include <thread>

#include "fixture.h"

namespace phonghop::contract {
namespace {

using UnitOfWorkContract = CongressWorld;
constexpr uint64_t kAll = 1000000;  // every number a test can reach

meeting::Announcement Note(int64_t cid, const std::string& text) {
  meeting::Announcement a;
  a.congress_id = cid;
  a.text = text;
  a.created_at = 100;
  a.created_by = "thu-ky";
  return a;
}

TEST_P(UnitOfWorkContract, AChangeAndItsEventCommitTogetherOrNotAtAll) {
  auto& b = backend();
  std::vector<std::string> after;
  Status failed = b.units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(b.meeting().AddAnnouncement(Note(cid_, "lost")).status());
    PH_RETURN_IF_ERROR(b.events().Append("dh", "announcement", "{}", 100).status());
    unit_of_work::AfterCommit([&] { after.push_back("never"); });
    return Status::Unavailable("the node died before COMMIT");
  });
  EXPECT_EQ(failed.code(), StatusCode::kUnavailable);
  EXPECT_TRUE(b.meeting().ListAnnouncements(cid_, 10)->empty());
  EXPECT_TRUE(b.events().Range("dh", 0, kAll, 10)->empty());
  EXPECT_TRUE(after.empty());

  Status ok = b.units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(b.meeting().AddAnnouncement(Note(cid_, "kept")).status());
    // Inside: the unit's own write is visible; another thread does not see it yet.
    EXPECT_EQ(b.meeting().ListAnnouncements(cid_, 10)->size(), 1u);
    size_t outside = 99;
    std::thread([&] { outside = b.meeting().ListAnnouncements(cid_, 10)->size(); }).join();
    EXPECT_EQ(outside, 0u);
    PH_ASSIGN_OR_RETURN(uint64_t seq, b.events().Append("dh", "announcement", "{}", 100));
    unit_of_work::AfterCommit([&, seq] {
      // Runs after COMMIT: another thread sees the change now.
      size_t seen = 0;
      std::thread([&] { seen = b.meeting().ListAnnouncements(cid_, 10)->size(); }).join();
      after.push_back("first " + std::to_string(seq) + " seen " + std::to_string(seen));
    });
    unit_of_work::AfterCommit([&] { after.push_back("second"); });
    EXPECT_TRUE(after.empty());
    return Status::Ok();
  });
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_EQ(b.meeting().ListAnnouncements(cid_, 10)->size(), 1u);
  auto events = b.events().Range("dh", 0, kAll, 10);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].seq, 1u) << "the rolled-back event's number was not used up";
  EXPECT_EQ(after, (std::vector<std::string>{"first 1 seen 1", "second"}));
}

TEST_P(UnitOfWorkContract, AFailedWriteUndoesItselfAloneButAFailedNestedUnitUndoesAll) {
  auto& b = backend();
  // A conflict inside (the slug is taken) that the work handles: the rest
  // of the unit commits — on PostgreSQL only because the write was a savepoint.
  Status ok = b.units().Run([&]() -> Status {
    congress::Congress dup;
    dup.slug = "dh";
    dup.name = "trùng";
    EXPECT_EQ(b.congresses().CreateCongress(dup).status().code(), StatusCode::kConflict);
    return b.meeting().AddAnnouncement(Note(cid_, "after the conflict")).status();
  });
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_EQ(b.meeting().ListAnnouncements(cid_, 10)->size(), 1u);
  // A nested unit fails; the outer work ignores it and returns Ok: still
  // nothing of the outer unit is kept.
  Status outer = b.units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(b.meeting().AddAnnouncement(Note(cid_, "outer")).status());
    (void)b.units().Run([&]() -> Status {
      PH_RETURN_IF_ERROR(b.events().Append("dh", "announcement", "{}", 100).status());
      return Status::Unavailable("the event could not be stored");
    });
    return Status::Ok();
  });
  EXPECT_EQ(outer.code(), StatusCode::kUnavailable);
  EXPECT_EQ(b.meeting().ListAnnouncements(cid_, 10)->size(), 1u);
  EXPECT_TRUE(b.events().Range("dh", 0, kAll, 10)->empty());
}

// A service that calls another inside its unit (a poll's close reading the
// roll call; decision 553) joins the unit — the same connection, no second
// writer lock, which on SQLite would wait for itself forever — and sees its
// writes. The after-commit hooks run outside the unit (decision 554).
TEST_P(UnitOfWorkContract, ANestedRunJoinsTheOuterUnitAndHooksRunOutsideIt) {
  auto& b = backend();
  bool active_in_hook = true;
  size_t seen_inside = 0;
  Status ok = b.units().Run([&]() -> Status {
    EXPECT_TRUE(unit_of_work::Active());
    PH_RETURN_IF_ERROR(b.meeting().AddAnnouncement(Note(cid_, "outer")).status());
    Status inner = b.units().Run([&]() -> Status {
      seen_inside = b.meeting().ListAnnouncements(cid_, 10)->size();
      return b.meeting().AddAnnouncement(Note(cid_, "inner")).status();
    });
    unit_of_work::AfterCommit([&] { active_in_hook = unit_of_work::Active(); });
    return inner;
  });
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_EQ(seen_inside, 1u) << "the nested run did not see the outer unit's write";
  EXPECT_EQ(b.meeting().ListAnnouncements(cid_, 10)->size(), 2u);
  EXPECT_FALSE(active_in_hook);
  EXPECT_FALSE(unit_of_work::Active());
}

INSTANTIATE_TEST_SUITE_P(Backends, UnitOfWorkContract, ::testing::Values("sqlite", "postgres"), BackendName);

}  // namespace
}  // namespace phonghop::contract
