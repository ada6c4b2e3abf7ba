// §3.4 Who may vote: the rule as a pure function of facts that the store
// reads inside the same write transaction as the ballot insert (so a
// check-in or a close that races the ballot wins or loses atomically).
#pragma once

#include <cstdint>

#include "voting/model.h"

namespace phonghop::voting {

struct VoterFacts {
  bool delegate_session = false;  // badge sign-in, not a staff account
  bool official = false;          // delegates.kind = 'official'
  bool present = false;           // checked in to the poll's session
  int64_t session_id = 0;         // the sign-in session casting the ballot
  int64_t bound_session_id = 0;   // the device bound for voting; 0 = none yet
  PollState state = PollState::kCreated;
  PollMode mode = PollMode::kSecret;
  bool already_voted = false;     // a poll_voters row exists
  bool nonce_recorded = false;    // this nonce is already a ballot of the poll
};

enum class Eligibility {
  kAccept,           // insert the ballot (and bind the device if none)
  kAlreadyRecorded,  // 200: the same nonce retried
  kNotADelegate,     // 403 not_a_delegate
  kNotEntitled,      // 403 not_entitled (guest, alternate)
  kNotPresent,       // 403 not_present
  kDeviceNotBound,   // 403 device_not_bound
  kPollNotOpen,      // 409 poll_not_open
  kAlreadyVoted,     // 409 already_voted
};

Eligibility Decide(const VoterFacts& f);
// Wire name ("not_present") and the Vietnamese sentence for the phone.
const char* ToString(Eligibility e);
const char* Explain(Eligibility e);

}  // namespace phonghop::voting
