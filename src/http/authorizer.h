// The one authorisation check of the HTTP API (see Access in router.h):
// session cookie → principal, role against the route's Access, CSRF token
// on state-changing requests. Also the cookie helpers of sign-in.
#pragma once

#include <string>

#include "auth/auth.h"
#include "documents/visibility.h"
#include "http/router.h"

namespace phonghop::http {

constexpr char kSessionCookie[] = "ph_session";
constexpr char kScreenCookie[] = "ph_screen";  // a hall screen's token (decision 413)

Authorizer MakeAuthorizer(auth::AuthService& auth);

// Value of cookie `name` in a Cookie header, or "".
std::string CookieValue(std::string_view header, std::string_view name);
// Set-Cookie for a session: HttpOnly, SameSite=Strict, Secure under TLS.
std::string SessionCookie(const std::string& token, int64_t max_age, bool secure);

// Set-Cookie for a hall screen's token; Max-Age 0 clears it.
std::string ScreenCookie(const std::string& token, int64_t max_age, bool secure);

// The document viewer derived from a request's principal.
documents::Viewer ViewerOf(const Request& req);

}  // namespace phonghop::http
