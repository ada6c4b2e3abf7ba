#include "http/authorizer.h"

#include <algorithm>

#include "http/error_mapping.h"

namespace phonghop::http {

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

std::string SessionCookie(const std::string& token, int64_t max_age, bool secure) {
  // The cookie outlives the session by a week: when the session expires the
  // browser still sends it, the server answers X-Session-Ended, and the
  // service worker clears what that person left on the device.
  const int64_t cookie_age = max_age > 0 ? max_age + 7 * 24 * 3600 : 0;
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(cookie_age) + (secure ? "; Secure" : "");
}

std::string ScreenCookie(const std::string& token, int64_t max_age, bool secure) {
  return std::string(kScreenCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(std::max<int64_t>(0, max_age)) + (secure ? "; Secure" : "");
}

documents::Viewer ViewerOf(const Request& req) {
  documents::Viewer v;
  if (req.principal) {
    v.signed_in = true;
    v.role = req.principal->role;
    v.badge_congress_id = req.principal->delegate_id || req.principal->screen_id ? req.principal->congress_id : 0;
    v.scoped = !req.principal->scope.all;
    if (v.scoped) v.scope_ids = req.principal->scope.congress_ids;
  }
  return v;
}

namespace {

constexpr std::string_view kDocumentRoutes = "/api/v1/documents/{code}";

Status NotAssigned() {
  return Status::PermissionDenied("Tài khoản này không được giao làm việc với đại hội này")
      .WithReason("congress_not_assigned");
}

// OK when the principal may work on what the request names (decision 418):
// the congress of its {slug}, or of the document of a document route.
Status CheckScope(const Request& req, const Access& access, const CongressLocator& locate) {
  const auth::CongressScope& scope = req.principal->scope;
  if (scope.all) return Status::Ok();
  // Without a lookup the congress cannot be known: refused.
  Result<int64_t> congress = NotAssigned();
  if (auto slug = req.params.find("slug"); slug != req.params.end()) {
    if (locate.by_slug) congress = locate.by_slug(slug->second);
  } else if (req.route.substr(0, kDocumentRoutes.size()) == kDocumentRoutes) {
    if (locate.by_document) congress = locate.by_document(req.Param("code"));
  } else {
    // Names no congress: only routes that touch none (deny by default).
    return access.open || access.no_congress ? Status::Ok() : NotAssigned();
  }
  if (congress.ok()) return scope.Allows(*congress) ? Status::Ok() : NotAssigned();
  // Nothing by that name: the handler says 404, as to anyone.
  if (congress.status().code() == StatusCode::kNotFound) return Status::Ok();
  if (congress.status().code() == StatusCode::kUnavailable) return congress.status();
  return NotAssigned();
}

}  // namespace

Authorizer MakeAuthorizer(auth::AuthService& auth, CongressLocator locate) {
  return [&auth, locate = std::move(locate)](Request& req, const Access& access) -> std::optional<Response> {
    // Runs twice for a request with a body (on the header, then before the
    // handler): a session ended meanwhile must not carry over.
    req.principal.reset();
    req.session_ended = false;
    std::string token = CookieValue(req.Header("Cookie"), kSessionCookie);
    if (!token.empty()) {
      auto p = auth.Resolve(token);
      if (p.ok()) {
        req.principal = std::move(*p);
      } else if (p.status().code() == StatusCode::kUnavailable) {
        // The database is away (a failover): the session is not known to
        // have ended, so the device must keep it (no X-Session-Ended,
        // which would clear what the phone stored); 503, try again.
        return ErrorResponse(p.status());
      } else {
        req.session_ended = true;
      }
    }
    // A hall screen's token (decision 413), when no person is signed in on
    // this browser. It has no CSRF token and no role any non-public route
    // allows, so it reads what anyone may plus what the hall shows.
    if (!req.principal) {
      std::string screen = CookieValue(req.Header("Cookie"), kScreenCookie);
      if (!screen.empty())
        if (auto p = auth.ResolveScreen(screen); p.ok()) req.principal = std::move(*p);
    }
    if (access.open) {
      // A scoped staff account on a congress it is not given reads it as
      // anyone does (decision 418).
      if (req.principal && !req.principal->scope.all) {
        Status in_scope = CheckScope(req, access, locate);
        if (in_scope.code() == StatusCode::kUnavailable) return ErrorResponse(in_scope);
        if (!in_scope.ok()) req.principal.reset();
      }
      // A cookie-carrying write to an open route still needs its CSRF token.
      if (req.principal && req.method != Verb::get && req.method != Verb::head &&
          req.Header("X-CSRF-Token") != req.principal->csrf)
        return ErrorResponse(403, "permission_denied", "thiếu mã chống giả mạo yêu cầu (CSRF)");
      return std::nullopt;
    }
    if (!req.principal)
      return ErrorResponse(401, "unauthenticated", token.empty() ? "cần đăng nhập"
                                                                 : "phiên đăng nhập đã hết hạn, hãy đăng nhập lại");
    if (!access.Allows(req.principal->role))
      return ErrorResponse(403, "permission_denied", "tài khoản này không có quyền làm việc này");
    if (Status in_scope = CheckScope(req, access, locate); !in_scope.ok()) return ErrorResponse(in_scope);
    if (req.method != Verb::get && req.method != Verb::head &&
        req.Header("X-CSRF-Token") != req.principal->csrf)
      return ErrorResponse(403, "permission_denied", "thiếu mã chống giả mạo yêu cầu (CSRF)");
    return std::nullopt;
  };
}

}  // namespace phonghop::http
