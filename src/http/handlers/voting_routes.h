// Routes of votes and elections: set-up (elections, candidates and their
// import, tellers), polls and their transitions, ballots, results with
// their visibility rules, receipts, the per-ballot list and sign-offs.
#pragma once

#include "congress/congress_service.h"
#include "http/router.h"
#include "voting/voting_service.h"

namespace phonghop::http {

void RegisterVotingRoutes(Router& r, voting::VotingService& svc, congress::CongressService& congresses);

}  // namespace phonghop::http
