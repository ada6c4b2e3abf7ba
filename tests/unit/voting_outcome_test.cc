// Who is elected across rounds (design R6–R8, E2–E4): the pure function
// that combines a main round, its runoff and a further round into the one
// outcome the hall, the minutes and the spreadsheet print.
#include <gtest/gtest.h>

#include "voting/counting.h"
#include "voting/outcome.h"
#include "voting_ballots.h"

namespace phonghop::voting {
namespace {

// Candidates of the election: id 100 + i, in ballot order per round.
struct Cand {
  int64_t id;
  std::string name;
};

// Counts one round and turns its result into the stored figures, as the
// service does when it reads a poll's result back.
RoundFigures Round(int64_t poll, int64_t follows, int round, PollPurpose purpose, const std::vector<Cand>& list,
                   int seats, int alternates, const std::vector<int>& votes, int valid, ElectionResult* out = nullptr) {
  ElectionInput in;
  in.seats = seats;
  in.alternate_seats = alternates;
  in.purpose = purpose;
  for (size_t i = 0; i < list.size(); ++i) in.options.push_back({static_cast<int>(i) + 1, list[i].name, list[i].id, ""});
  in.issued = valid + 2;
  in.ballots = MakeBallots(votes, valid);
  ElectionResult r = CountElection(in);
  EXPECT_TRUE(r.problems.empty());
  if (out) *out = r;
  RoundFigures f;
  f.poll_id = poll;
  f.follows_id = follows;
  f.round = round;
  f.purpose = purpose;
  f.base = r.base;
  f.threshold_votes = r.threshold_votes;
  for (const auto& c : r.candidates)
    f.candidates.push_back({c.position, list[c.position - 1].id, c.full_name, c.votes, FormatPercent(c.pct_base, false),
                            FormatPercent(c.pct_valid, false), c.passed});
  f.elected = r.elected;
  f.alternates = r.alternates;
  f.runoff = r.runoff;
  return f;
}

const std::vector<Cand> kSix = {{101, "Nguyễn Văn An"}, {102, "Trần Thu Hà"},  {103, "Lê Minh Khôi"},
                                {104, "Phạm Thị Mai"},  {105, "Đỗ Văn Hùng"}, {106, "Vũ Quang Sử"}};

TEST(OutcomeTest, E3TwoRoundsMakeOneListOfTheElected) {
  auto r1 = Round(1, 0, 1, PollPurpose::kMain, kSix, 5, 0, {131, 122, 104, 66, 60, 58}, 136);
  auto after1 = CombineRounds(5, 0, 2, {r1});
  EXPECT_EQ(after1.elected.size(), 3u);
  EXPECT_EQ(after1.empty_seats, 2);
  EXPECT_EQ(after1.status, OutcomeStatus::kSeatsEmpty);
  EXPECT_FALSE(after1.final);
  // Round 2: Mai, Hùng, Sử for the 2 empty seats; only Mai passes.
  std::vector<Cand> rest = {kSix[3], kSix[4], kSix[5]};
  auto r2 = Round(2, 1, 2, PollPurpose::kAdditional, rest, 2, 0, {80, 60, 50}, 138);
  auto o = CombineRounds(5, 0, 2, {r2, r1});  // any order: combined by poll id
  ASSERT_EQ(o.elected.size(), 4u);
  EXPECT_EQ(o.elected[0].full_name, "Nguyễn Văn An");
  EXPECT_EQ(o.elected[0].round, 1);
  EXPECT_EQ(o.elected[0].votes, 131);
  EXPECT_EQ(o.elected[3].full_name, "Phạm Thị Mai");
  EXPECT_EQ(o.elected[3].round, 2);
  EXPECT_EQ(o.elected[3].votes, 80);  // the figures of the round that elected her
  EXPECT_EQ(o.elected[3].base, 138);
  EXPECT_EQ(o.elected[3].percent_base, "57.97");
  EXPECT_EQ(o.elected[3].poll_id, 2);
  EXPECT_EQ(o.empty_seats, 1);
  // max_rounds = 2: the seat stays empty and the outcome is final.
  EXPECT_EQ(o.status, OutcomeStatus::kSeatsLeftEmpty);
  EXPECT_TRUE(o.final);
  EXPECT_EQ(o.polls, (std::vector<int64_t>{1, 2}));
  // With a third round allowed, the congress may still decide to go on.
  EXPECT_EQ(CombineRounds(5, 0, 3, {r1, r2}).status, OutcomeStatus::kSeatsEmpty);
}

TEST(OutcomeTest, E2ARunoffCompletesTheSeats) {
  auto r1 = Round(1, 0, 1, PollPurpose::kMain, kSix, 5, 0, {131, 122, 104, 90, 90, 90}, 136);
  auto o = CombineRounds(5, 0, 2, {r1});
  EXPECT_EQ(o.status, OutcomeStatus::kRunoffPending);
  EXPECT_EQ(o.runoff_poll_id, 1);
  EXPECT_EQ(o.runoff_seats, 2);
  EXPECT_EQ(o.empty_seats, 0);  // the two seats wait for the runoff, they are not empty
  EXPECT_FALSE(o.final);
  std::vector<Cand> tied = {kSix[3], kSix[4], kSix[5]};
  auto ro = Round(2, 1, 1, PollPurpose::kRunoff, tied, 2, 0, {70, 40, 60}, 136);
  o = CombineRounds(5, 0, 2, {r1, ro});
  EXPECT_EQ(o.status, OutcomeStatus::kComplete);
  EXPECT_TRUE(o.final);
  ASSERT_EQ(o.elected.size(), 5u);
  EXPECT_EQ(o.elected[3].full_name, "Phạm Thị Mai");
  EXPECT_EQ(o.elected[3].purpose, PollPurpose::kRunoff);
  EXPECT_EQ(o.elected[3].round, 1);
  EXPECT_EQ(o.elected[3].votes, 70);
  EXPECT_EQ(o.elected[4].full_name, "Vũ Quang Sử");
  EXPECT_EQ(o.empty_seats, 0);
}

TEST(OutcomeTest, E4TheOfficialsRunoffAlsoOrdersTheAlternates) {
  std::vector<Cand> list;
  for (int i = 1; i <= 16; ++i) list.push_back({200 + i, "Ứng cử viên " + std::to_string(i)});
  std::vector<int> votes = {130, 128, 126, 124, 122, 120, 118, 116, 114, 112, 110, 108, 108, 95, 60, 40};
  auto r1 = Round(1, 0, 1, PollPurpose::kMain, list, 12, 2, votes, 139);
  auto o = CombineRounds(12, 2, 2, {r1});
  EXPECT_EQ(o.elected.size(), 11u);
  EXPECT_TRUE(o.alternates.empty());
  EXPECT_EQ(o.status, OutcomeStatus::kRunoffPending);
  // The runoff between 12 and 13: 13 wins; 12 becomes the first alternate, 14 the second.
  auto ro = Round(2, 1, 1, PollPurpose::kRunoff, {list[11], list[12]}, 1, 0, {50, 80}, 139);
  o = CombineRounds(12, 2, 2, {r1, ro});
  ASSERT_EQ(o.elected.size(), 12u);
  EXPECT_EQ(o.elected.back().full_name, "Ứng cử viên 13");
  ASSERT_EQ(o.alternates.size(), 2u);
  EXPECT_EQ(o.alternates[0].full_name, "Ứng cử viên 12");
  EXPECT_EQ(o.alternates[0].votes, 50);  // ranked by the runoff
  EXPECT_EQ(o.alternates[1].full_name, "Ứng cử viên 14");
  EXPECT_EQ(o.alternates[1].votes, 95);
  EXPECT_EQ(o.empty_alternates, 0);
  EXPECT_EQ(o.status, OutcomeStatus::kComplete);
}

TEST(OutcomeTest, AListMayExceedTheSeatsByAtMostThirtyPercent) {
  EXPECT_EQ(MaxListSize(1), 2);  // rounded up: a one-seat round may offer two names
  EXPECT_EQ(MaxListSize(2), 3);
  EXPECT_EQ(MaxListSize(5), 7);
  EXPECT_EQ(MaxListSize(10), 13);
  EXPECT_EQ(MaxListSize(35), 46);
}

}  // namespace
}  // namespace phonghop::voting
