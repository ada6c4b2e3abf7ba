// The worked examples of the design (§3.6.5: Q, M1, M2, E1–E4) and V1/V2 as
// unit tests of the pure counting function.
#include <gtest/gtest.h>

#include <numeric>

#include "attendance/quorum.h"
#include "voting/counting.h"
#include "voting_ballots.h"

namespace phonghop::voting {
namespace {

std::vector<PollOption> Options(const std::vector<std::string>& names) {
  std::vector<PollOption> o;
  for (size_t i = 0; i < names.size(); ++i) o.push_back({static_cast<int>(i) + 1, names[i], 0, ""});
  return o;
}

const std::vector<std::string> kSix = {"Nguyễn Văn An", "Trần Thu Hà", "Lê Minh Khôi",
                                       "Phạm Thị Mai", "Đỗ Văn Hùng", "Vũ Quang Sử"};

ElectionInput E1Input(const std::vector<int>& votes, ThresholdBase base) {
  ElectionInput in;
  in.seats = 5;
  in.threshold_base = base;
  in.options = Options(kSix);
  in.summoned = 150;
  in.issued = 141;  // P: every official present got a ballot
  in.ballots = MakeBallots(votes, 136);
  // Three invalid ballots: one kept 6 names, two struck everyone.
  in.ballots.push_back({0, {1, 2, 3, 4, 5, 6}, InvalidReason::kTooMany});
  in.ballots.push_back({0, {}, InvalidReason::kNoneKept});
  in.ballots.push_back({0, {}, InvalidReason::kNoneKept});
  return in;
}

TEST(QuorumTest, ExampleQRefusesSevenOfElevenDelegations) {
  attendance::QuorumFacts f{150, 101, 11, 7, 2, 3};
  auto q = attendance::ComputeQuorum(f);
  EXPECT_EQ(q.delegates_needed, 100);
  EXPECT_TRUE(q.delegates_met);
  EXPECT_EQ(q.units_needed, 8);
  EXPECT_FALSE(q.units_met);
  EXPECT_FALSE(q.met);
  EXPECT_EQ(attendance::QuorumMessage(q), "Chưa đủ 2/3 đơn vị (7/11; cần 8)");
  f.units_present = 8;  // one more delegation checks in
  EXPECT_TRUE(attendance::ComputeQuorum(f).met);
  EXPECT_EQ(attendance::QuorumMessage(attendance::ComputeQuorum(f)), "");
  f.official_present = 99;
  EXPECT_FALSE(attendance::ComputeQuorum(f).met);
  EXPECT_NE(attendance::QuorumMessage(attendance::ComputeQuorum(f)).find("(99/150; cần 100)"), std::string::npos);
}

TEST(MotionTest, M1PassesAndPercentagesSumTo100) {
  auto r = CountMotion({118, 9, 6, 141, 150}, PassRule::kPresent);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->base, 141);
  EXPECT_EQ(r->not_voted, 8);
  EXPECT_TRUE(r->passed);
  EXPECT_EQ(FormatPercent(r->yes_pct), "83,69");
  EXPECT_EQ(FormatPercent(r->no_pct), "6,38");
  EXPECT_EQ(FormatPercent(r->abstain_pct), "4,26");
  EXPECT_EQ(FormatPercent(r->not_voted_pct), "5,67");
  EXPECT_EQ(r->yes_pct + r->no_pct + r->abstain_pct + r->not_voted_pct, 10000);
}

TEST(MotionTest, M2ExactlyHalfFails) {
  // 70 yes of 85 cast, P = 140: 140 > 140 is false.
  auto r = CountMotion({70, 10, 5, 140, 150}, PassRule::kPresent);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->passed);
  EXPECT_EQ(r->not_voted, 55);
  // Against the ballots cast instead, the same figures would pass.
  EXPECT_TRUE(CountMotion({70, 10, 5, 140, 150}, PassRule::kCast)->passed);
  EXPECT_FALSE(CountMotion({71, 0, 0, 141, 150}, PassRule::kSummoned)->passed);
  EXPECT_TRUE(CountMotion({76, 0, 0, 141, 150}, PassRule::kSummoned)->passed);
}

TEST(MotionTest, MoreHandsThanPeopleIsRefused) {
  EXPECT_EQ(CountMotion({100, 30, 20, 141, 150}, PassRule::kPresent).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ElectionTest, E1WithBaseValidElectsFive) {
  const std::vector<int> votes = {131, 122, 104, 92, 69, 58};
  auto r = CountElection(E1Input(votes, ThresholdBase::kValid));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.issued, 141);
  EXPECT_EQ(r.returned, 139);
  EXPECT_EQ(r.valid, 136);
  EXPECT_EQ(r.invalid, 3);
  EXPECT_EQ(r.invalid_by_reason["too_many"], 1);
  EXPECT_EQ(r.invalid_by_reason["none_kept"], 2);
  EXPECT_EQ(r.base, 136);
  EXPECT_EQ(r.threshold_votes, 69);
  for (size_t i = 0; i < votes.size(); ++i) EXPECT_EQ(r.candidates[i].votes, votes[i]);
  EXPECT_EQ(r.elected, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(r.empty_seats, 0);
  EXPECT_FALSE(r.runoff);
  EXPECT_EQ(FormatPercent(r.candidates[4].pct_valid), "50,74");  // Hùng
}

TEST(ElectionTest, E1WithBaseReturnedLeavesASeatEmpty) {
  auto r = CountElection(E1Input({131, 122, 104, 92, 69, 58}, ThresholdBase::kReturned));
  EXPECT_EQ(r.base, 139);
  EXPECT_EQ(r.threshold_votes, 70);
  EXPECT_EQ(r.elected, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(r.empty_seats, 1);
  EXPECT_FALSE(r.candidates[4].passed);
}

TEST(ElectionTest, E1WithBaseSummonedLeavesASeatEmpty) {
  auto r = CountElection(E1Input({131, 122, 104, 92, 69, 58}, ThresholdBase::kSummoned));
  EXPECT_EQ(r.base, 150);
  EXPECT_EQ(r.threshold_votes, 76);
  EXPECT_EQ(r.elected, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(r.empty_seats, 1);
}

TEST(ElectionTest, E2TieAcrossTheLastSeatsGivesARunoff) {
  auto r = CountElection(E1Input({131, 122, 104, 90, 90, 90}, ThresholdBase::kValid));
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.elected, (std::vector<int>{1, 2, 3}));
  ASSERT_TRUE(r.runoff);
  EXPECT_EQ(r.runoff->positions, (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(r.runoff->seats, 2);
  EXPECT_EQ(r.empty_seats, 0);
}

TEST(ElectionTest, E2RunoffIsWonByMostVotesWithoutANewMajority) {
  ElectionInput in;
  in.seats = 2;
  in.purpose = PollPurpose::kRunoff;
  in.options = Options({"Phạm Thị Mai", "Đỗ Văn Hùng", "Vũ Quang Sử"});
  in.issued = 141;
  in.ballots = MakeBallots({60, 50, 40}, 139);  // nobody has a majority
  auto r = CountElection(in);
  EXPECT_EQ(r.elected, (std::vector<int>{1, 2}));
  in.runoff_needs_majority = true;
  r = CountElection(in);
  EXPECT_TRUE(r.elected.empty());
  EXPECT_EQ(r.empty_seats, 2);
}

TEST(ElectionTest, E2WithTieRuleOlderTheOldestTakeTheSeats) {
  auto in = E1Input({131, 122, 104, 90, 90, 90}, ThresholdBase::kValid);
  in.tie_rule = TieRule::kOlder;
  in.options[3].birth_date = "1992-01-01";
  in.options[4].birth_date = "1989-06-30";
  in.options[5].birth_date = "1990-02-14";
  auto r = CountElection(in);
  EXPECT_FALSE(r.runoff);
  EXPECT_EQ(r.elected, (std::vector<int>{1, 2, 3, 5, 6}));
}

TEST(ElectionTest, E3SeatsLeftEmptyAndASecondRound) {
  auto r = CountElection(E1Input({131, 122, 104, 66, 60, 58}, ThresholdBase::kValid));
  EXPECT_EQ(r.elected, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(r.empty_seats, 2);
  EXPECT_FALSE(r.runoff);
  // Round 2 (after the congress agreed): Mai, Hùng, Sử for 2 seats, counted
  // on its own ballots; one passes, one seat stays empty.
  ElectionInput in;
  in.seats = 2;
  in.purpose = PollPurpose::kAdditional;
  in.options = Options({"Phạm Thị Mai", "Đỗ Văn Hùng", "Vũ Quang Sử"});
  in.issued = 140;
  in.ballots = MakeBallots({80, 60, 50}, 138);
  r = CountElection(in);
  EXPECT_EQ(r.threshold_votes, 70);
  EXPECT_EQ(r.elected, (std::vector<int>{1}));
  EXPECT_EQ(r.empty_seats, 1);
}

TEST(ElectionTest, E4TwelveDelegatesAndTwoAlternates) {
  ElectionInput in;
  in.seats = 12;
  in.alternate_seats = 2;
  std::vector<std::string> names;
  for (int i = 1; i <= 16; ++i) names.push_back("Ứng cử viên " + std::to_string(i));
  in.options = Options(names);
  in.issued = 141;
  std::vector<int> votes = {130, 128, 126, 124, 122, 120, 118, 116, 114, 112, 110, 108, 100, 95, 60, 40};
  in.ballots = MakeBallots(votes, 139);  // ≤ 14 names kept: 12 + 2 places
  auto r = CountElection(in);
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.elected.size(), 12u);
  EXPECT_EQ(r.alternates, (std::vector<int>{13, 14}));
  EXPECT_EQ(r.empty_alternates, 0);
  // A tie between the 12th and 13th: a runoff for the last official seat;
  // the alternates wait for it.
  votes[12] = 108;
  in.ballots = MakeBallots(votes, 139);
  r = CountElection(in);
  EXPECT_EQ(r.elected.size(), 11u);
  ASSERT_TRUE(r.runoff);
  EXPECT_EQ(r.runoff->positions, (std::vector<int>{12, 13}));
  EXPECT_EQ(r.runoff->seats, 1);
  EXPECT_FALSE(r.runoff->alternates);
  EXPECT_TRUE(r.alternates.empty());
  // A tie across the alternates' boundary: runoff among those for 1 place.
  votes[12] = 100;
  votes[13] = 95;
  votes[14] = 95;
  in.ballots = MakeBallots(votes, 139);
  r = CountElection(in);
  EXPECT_EQ(r.elected.size(), 12u);
  EXPECT_EQ(r.alternates, (std::vector<int>{13}));
  ASSERT_TRUE(r.runoff);
  EXPECT_TRUE(r.runoff->alternates);
  EXPECT_EQ(r.runoff->positions, (std::vector<int>{14, 15}));
}

TEST(ElectionTest, BrokenInvariantsAreListed) {
  auto in = E1Input({131, 122, 104, 92, 69, 58}, ThresholdBase::kValid);
  in.issued = 100;  // more returned than issued
  EXPECT_FALSE(CountElection(in).problems.empty());
}

TEST(ClassifyTest, V2KeptNamesDecideValidity) {
  // S = 5 of 6 names.
  EXPECT_EQ(*ClassifyKeep({}, 6, 5), InvalidReason::kNoneKept);
  EXPECT_EQ(*ClassifyKeep({3}, 6, 5), InvalidReason::kNone);
  EXPECT_EQ(*ClassifyKeep({1, 2, 3, 4, 5}, 6, 5), InvalidReason::kNone);
  EXPECT_EQ(*ClassifyKeep({1, 2, 3, 4, 5, 6}, 6, 5), InvalidReason::kTooMany);
  // A one-name list is Đồng ý / Không đồng ý: striking the only name is valid.
  EXPECT_EQ(*ClassifyKeep({}, 1, 1), InvalidReason::kNone);
  EXPECT_EQ(*ClassifyKeep({1}, 1, 1), InvalidReason::kNone);
  // Forged: a repeated or unknown position is refused, not "invalid".
  EXPECT_EQ(ClassifyKeep({1, 1}, 6, 5).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ClassifyKeep({7}, 6, 5).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ClassifyKeep({0}, 6, 5).status().code(), StatusCode::kInvalidArgument);
}

TEST(PercentTest, HalfUpAndLargestRemainder) {
  EXPECT_EQ(PercentHalfUp(22566, 100000), 2257);  // 22.566 % → 22.57 %
  EXPECT_EQ(PercentHalfUp(1, 3), 3333);
  auto p = PercentsSummingTo100({1, 1, 1});
  EXPECT_EQ(p[0] + p[1] + p[2], 10000);
  EXPECT_EQ(PercentHalfUp(5, 0), 0);
}

TEST(CanonicalLineTest, OneLinePerBallot) {
  EXPECT_EQ(CanonicalLine({'Y', {}, InvalidReason::kNone}), "Y");
  EXPECT_EQ(CanonicalLine({0, {1, 2, 4}, InvalidReason::kNone}), "1,2,4");
  EXPECT_EQ(CanonicalLine({0, {}, InvalidReason::kNoneKept}), "invalid:none_kept:");
}

}  // namespace
}  // namespace phonghop::voting
