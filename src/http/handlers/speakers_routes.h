// Routes of the list of speakers per agenda item: register, the chair's
// approve / order / start / pause / resume / end / skip, the list with the
// server's clock, the delegate's position, and the export for the minutes.
#pragma once

#include "http/router.h"
#include "speakers/speakers_service.h"

namespace phonghop::http {

void RegisterSpeakersRoutes(Router& r, speakers::SpeakersService& svc);

}  // namespace phonghop::http
