// Routes of hall screen tokens (decision 413): the secretariat makes,
// lists and revokes them; the projector's page opens one and asks whether
// it still holds.
#pragma once

#include <functional>
#include <string>

#include "auth/auth.h"
#include "common/clock.h"
#include "common/event_publisher.h"
#include "congress/congress_service.h"
#include "http/router.h"

namespace phonghop::http {

struct ScreenRouteDeps {
  auth::AuthService& auth;
  congress::CongressService& congresses;
  const Clock& clock;
  EventPublisher& events;                   // "screen_revoked" on the congress's channel
  std::function<std::string()> public_url;  // base of the hall link, no trailing '/'
};

// POST/GET …/congresses/{slug}/screens, DELETE …/screens/{id},
// POST /api/v1/screens/open, GET /api/v1/screens/me.
void RegisterScreenRoutes(Router& r, ScreenRouteDeps deps);

}  // namespace phonghop::http
