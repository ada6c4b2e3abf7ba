// Search routes: one congress, or the whole archive.
#pragma once

#include "http/router.h"
#include "meeting/meeting_service.h"
#include "search/search_service.h"

namespace phonghop::http {

// With `pages`, a congress search also returns the province pages that
// match ("pages": [...]) beside the documents.
void RegisterSearchRoutes(Router& r, search::SearchService& svc, meeting::MeetingService* pages = nullptr);

}  // namespace phonghop::http
