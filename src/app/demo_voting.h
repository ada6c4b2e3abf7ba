// The demo congress's votes: the motions of the preparatory session and the
// election of the new Ban Chấp hành (35 seats, 39 candidates, 3 tellers),
// all ready to open.
#pragma once

#include "common/status.h"
#include "congress/congress_repository.h"
#include "voting/voting_service.h"

namespace phonghop::app {

// Returns how many polls were created.
Result<int> LoadDemoVoting(voting::VotingService& voting, congress::CongressRepository& congresses,
                           const std::string& slug);

}  // namespace phonghop::app
