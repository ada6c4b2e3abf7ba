// §3.3 The poll state machine: created → open → closed → published
// (terminal), cancel from created/open/closed, restart from cancelled.
#pragma once

#include "common/status.h"
#include "voting/model.h"

namespace phonghop::voting {

enum class Transition { kOpen, kClose, kPublish, kCancel, kRestart, kEdit, kTally };

const char* ToString(Transition t);
// The state after `t`, or kConflict with a Vietnamese reason when `t` is not
// allowed from `from` (a published poll is never reset or cancelled).
// kRestart answers kCancelled: the old poll stays cancelled and a new
// attempt is created. kEdit answers the same state. kTally (show-of-hands
// totals) closes an open paper motion.
Result<PollState> Next(PollState from, Transition t);

}  // namespace phonghop::voting
