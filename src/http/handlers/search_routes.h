// Search routes: one congress, or the whole archive.
#pragma once

#include "http/router.h"
#include "search/search_service.h"

namespace phonghop::http {

void RegisterSearchRoutes(Router& r, search::SearchService& svc);

}  // namespace phonghop::http
