// The demo congress (slug "demo"): a provincial Youth Union congress in
// Yên Bái, modelled on the one in the seed article, written by the team.
#pragma once

#include <cstdint>

#include "congress/model.h"

namespace phonghop::app {

// Builds the demo congress with its two-day programme (dates from
// `today_unix`, so the demo is always "in session"), 11 delegations and
// about 150 delegates. Deterministic for a given date.
congress::CongressBundle MakeDemoCongress(int64_t today_unix);

}  // namespace phonghop::app
