// Who may vote (§3.4) and the poll state machine (§3.3), as pure rules.
#include <gtest/gtest.h>

#include "voting/eligibility.h"
#include "voting/state_machine.h"

namespace phonghop::voting {
namespace {

VoterFacts Good() {
  VoterFacts f;
  f.delegate_session = true;
  f.official = true;
  f.present = true;
  f.session_id = 7;
  f.state = PollState::kOpen;
  return f;
}

TEST(EligibilityTest, AnOfficialDelegatePresentMayVoteOnce) {
  EXPECT_EQ(Decide(Good()), Eligibility::kAccept);
  auto f = Good();
  f.already_voted = true;
  EXPECT_EQ(Decide(f), Eligibility::kAlreadyVoted);
  f.nonce_recorded = true;
  EXPECT_EQ(Decide(f), Eligibility::kAlreadyRecorded);
  f.state = PollState::kClosed;  // a retry after close still learns it counted
  EXPECT_EQ(Decide(f), Eligibility::kAlreadyRecorded);
}

TEST(EligibilityTest, V4RefusalsNameTheReason) {
  auto f = Good();
  f.present = false;
  EXPECT_EQ(Decide(f), Eligibility::kNotPresent);
  EXPECT_STREQ(ToString(Decide(f)), "not_present");
  EXPECT_STREQ(Explain(Decide(f)), "Bạn chưa điểm danh phiên này");
  f = Good();
  f.official = false;
  EXPECT_EQ(Decide(f), Eligibility::kNotEntitled);
  f = Good();
  f.delegate_session = false;
  EXPECT_EQ(Decide(f), Eligibility::kNotADelegate);
  f = Good();
  f.state = PollState::kCreated;
  EXPECT_EQ(Decide(f), Eligibility::kPollNotOpen);
  f.state = PollState::kPublished;
  EXPECT_EQ(Decide(f), Eligibility::kPollNotOpen);
}

TEST(EligibilityTest, V7ASecondDeviceIsRefused) {
  auto f = Good();
  f.bound_session_id = 7;  // this phone
  EXPECT_EQ(Decide(f), Eligibility::kAccept);
  f.bound_session_id = 8;  // another phone voted first / was bound
  EXPECT_EQ(Decide(f), Eligibility::kDeviceNotBound);
  EXPECT_STREQ(ToString(Decide(f)), "device_not_bound");
}

TEST(StateMachineTest, TheHappyPath) {
  EXPECT_EQ(*Next(PollState::kCreated, Transition::kOpen), PollState::kOpen);
  EXPECT_EQ(*Next(PollState::kOpen, Transition::kClose), PollState::kClosed);
  EXPECT_EQ(*Next(PollState::kClosed, Transition::kPublish), PollState::kPublished);
  EXPECT_EQ(*Next(PollState::kOpen, Transition::kTally), PollState::kClosed);
}

TEST(StateMachineTest, V10PublishedIsTerminal) {
  for (auto t : {Transition::kOpen, Transition::kClose, Transition::kPublish, Transition::kCancel,
                 Transition::kRestart, Transition::kEdit}) {
    auto r = Next(PollState::kPublished, t);
    EXPECT_EQ(r.status().code(), StatusCode::kConflict) << ToString(t);
  }
  EXPECT_EQ(Next(PollState::kOpen, Transition::kEdit).status().code(), StatusCode::kConflict);
  EXPECT_EQ(Next(PollState::kCreated, Transition::kPublish).status().code(), StatusCode::kConflict);
}

TEST(StateMachineTest, CancelAndRestart) {
  EXPECT_EQ(*Next(PollState::kOpen, Transition::kCancel), PollState::kCancelled);
  EXPECT_EQ(*Next(PollState::kClosed, Transition::kCancel), PollState::kCancelled);
  EXPECT_TRUE(Next(PollState::kCancelled, Transition::kRestart).ok());
  EXPECT_FALSE(Next(PollState::kOpen, Transition::kRestart).ok());
  EXPECT_FALSE(Next(PollState::kCancelled, Transition::kCancel).ok());
}

}  // namespace
}  // namespace phonghop::voting
