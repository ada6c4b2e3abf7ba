// Sign-in and sign-out routes.
#pragma once

#include "auth/auth.h"
#include "congress/congress_service.h"
#include "http/router.h"

namespace phonghop::http {

void RegisterAuthRoutes(Router& r, auth::AuthService& auth, congress::CongressService& congresses);

}  // namespace phonghop::http
