// Route registration, one function per resource. Each handler parses the
// request, calls one service method and serialises the result.
#pragma once

#include "congress/congress_service.h"
#include "http/router.h"

namespace phonghop::http {

class SseHub;

struct HealthInfo {
  std::string version;
  int schema_version = 0;
};

void RegisterHealthRoutes(Router& r, HealthInfo info);
class ReplyCache;

void RegisterCongressRoutes(Router& r, congress::CongressService& service, ReplyCache& cache);
void RegisterDelegateRoutes(Router& r, congress::CongressService& service, ReplyCache& cache);
void RegisterEventRoutes(Router& r, congress::CongressService& service);

}  // namespace phonghop::http
