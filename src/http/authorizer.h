// The one authorisation check of the HTTP API (see Access in router.h):
// session cookie → principal, role against the route's Access, CSRF token
// on state-changing requests. Also the cookie helpers of sign-in.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "auth/auth.h"
#include "documents/visibility.h"
#include "http/router.h"

namespace phonghop::http {

constexpr char kSessionCookie[] = "ph_session";
constexpr char kScreenCookie[] = "ph_screen";  // a hall screen's token (decision 413)

// How the authorizer learns which congress a request names (decision 418)
// without SQL in the HTTP layer: the composition root gives lookups backed
// by the services. Each returns the congress's id; kNotFound when nothing
// has that name (the handler then answers 404 as it would to anyone);
// kUnavailable when the store is away. Unset lookups find nothing.
struct CongressLocator {
  std::function<Result<int64_t>(std::string_view slug)> by_slug;
  std::function<Result<int64_t>(std::string_view code)> by_document;
};

// Session → principal; the route's Access against the role; a staff
// account's congress scope against the congress the route names (a scoped
// account outside its congresses: 403 `congress_not_assigned` on a
// closed route, served as an anonymous visitor on an open one); the CSRF
// token on state-changing requests.
Authorizer MakeAuthorizer(auth::AuthService& auth, CongressLocator locate = {});

// Value of cookie `name` in a Cookie header, or "".
std::string CookieValue(std::string_view header, std::string_view name);
// Set-Cookie for a session: HttpOnly, SameSite=Strict, Secure under TLS.
std::string SessionCookie(const std::string& token, int64_t max_age, bool secure);

// Set-Cookie for a hall screen's token; Max-Age 0 clears it.
std::string ScreenCookie(const std::string& token, int64_t max_age, bool secure);

// The document viewer derived from a request's principal.
documents::Viewer ViewerOf(const Request& req);

}  // namespace phonghop::http
