// Route registration, one function per resource. Each handler parses the
// request, calls one service method and serialises the result.
#pragma once

#include "congress/congress_service.h"
#include <functional>
#include <string>

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
// PATCH/DELETE of the congress, sessions, agenda items, delegations and
// delegates; reordering. Register after RegisterDelegateRoutes and
// RegisterBadgeRoutes (their literal paths must win over {id}).
void RegisterCongressEditRoutes(Router& r, congress::CongressService& service);

struct BadgeRouteDeps {
  congress::CongressService& congresses;
  std::function<std::string()> public_url;  // base of QR links
  std::string print_dir;                    // prepared badge PDFs (0700)
};
// POST …/badges (issue + prepare), GET …/badges/{id}.pdf, GET …/delegates/tokens.
void RegisterBadgeRoutes(Router& r, BadgeRouteDeps deps);

struct SetupRouteDeps {
  std::function<bool()> needed;  // no admin account yet
  // Creates the first admin if `token` is the one-time set-up token.
  std::function<Status(const std::string& token, const std::string& name,
                       const std::string& password)> complete;
};
// GET/POST /api/v1/setup.
void RegisterSetupRoutes(Router& r, SetupRouteDeps deps);

}  // namespace phonghop::http
