// Maps (method, path) to a handler. Patterns are literal segments and
// {name} captures: "/api/v1/congresses/{slug}/delegates".
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/request.h"

namespace phonghop::http {

// A handler answers with a reply or a Status; the router turns a Status
// into the error reply (http/error_mapping) in this one place, so handlers
// write `PH_ASSIGN_OR_RETURN(auto x, svc.Get(...))` instead of
// `if (!x.ok()) return ErrorResponse(x.status())`. A lambda returning a
// plain Response still converts.
using Handler = std::function<Result<Response>(Request&)>;

// Who may call a route. Every route declares one; there is no default.
//
// Congress scope (decision 418): a route names its congress by a `{slug}`
// capture, or by the document of a `/api/v1/documents/{code}` path; the
// authorizer then checks a staff account's scope against it. A route that
// names no congress refuses scoped accounts unless it declares
// `NoCongress()` (it touches no congress's data: sign-out, the Markdown
// preview), so a new route is closed to them by default.
struct Access {
  bool open = false;      // anyone, signed in or not
  uint32_t roles = 0;     // bit (1 << Role) for each role allowed
  bool no_congress = false;  // names no congress and touches none (see above)
  static Access Public() { return {true, 0, false}; }
  // This access, for a route that touches no congress's data.
  Access NoCongress() const {
    Access a = *this;
    a.no_congress = true;
    return a;
  }
  static Access Roles(std::initializer_list<congress::Role> rs) {
    Access a;
    for (auto r : rs) a.roles |= 1u << static_cast<unsigned>(r);
    return a;
  }
  static Access Staff() { return Roles({congress::Role::kAdmin, congress::Role::kSecretariat}); }
  static Access SignedIn() {
    return Roles({congress::Role::kAdmin, congress::Role::kSecretariat, congress::Role::kChair,
                  congress::Role::kCheckinOperator, congress::Role::kDelegate});
  }
  bool Allows(congress::Role r) const { return open || (roles & (1u << static_cast<unsigned>(r))); }
};

// The single authorisation check: returns an error reply to send instead of
// running the handler, or nullopt to proceed. Fills req.principal.
using Authorizer = std::function<std::optional<Response>(Request&, const Access&)>;

class Router;

// One row of a route table: the routes of a resource are named functions
// taking the resource's dependencies, registered from a table with AddRoutes.
template <typename Deps>
struct RouteRow {
  Verb verb;
  const char* pattern;
  Access access;
  Result<Response> (*fn)(Deps&, Request&);
};

class Router {
 public:
  // Registers a route. Not thread-safe: register everything before serving.
  void Add(Verb method, std::string pattern, Access access, Handler handler);
  // Installs the check every dispatch goes through.
  void SetAuthorizer(Authorizer a) { authorizer_ = std::move(a); }
  // Finds the handler, filling req.params. Returns a 404 / 405 error
  // response (JSON) when nothing matches; HEAD falls back to GET.
  Response Dispatch(Request& req) const;
  // Runs the route lookup and the access check without the handler: the
  // error reply (404, 405, 401, 403) or nullopt when the handler would run.
  // Fills req.params and req.principal. Used on a header before its body
  // is read.
  std::optional<Response> Check(Request& req) const;
  // True when some route's pattern matches the path (any method).
  bool Matches(std::string_view path) const;

 private:
  struct Route {
    Verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;
    Handler handler;
  };
  const Route* Find(Request& req, Response* error) const;
  static std::vector<std::string_view> Split(std::string_view path);
  static bool Match(const Route& r, const std::vector<std::string_view>& parts,
                    std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
  // Route indexes by number of path segments, in registration order: a
  // request is matched only against routes of its own length.
  std::vector<std::vector<size_t>> by_length_;
  Authorizer authorizer_;
};

// Registers every row of `table`, each handler called with `*deps`.
template <typename Deps>
void AddRoutes(Router& r, std::shared_ptr<Deps> deps, std::initializer_list<RouteRow<Deps>> table) {
  for (const RouteRow<Deps>& row : table)
    r.Add(row.verb, row.pattern, row.access,
          [deps, fn = row.fn](Request& req) { return fn(*deps, req); });
}

}  // namespace phonghop::http
