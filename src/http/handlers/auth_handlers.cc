#include "http/authorizer.h"
#include "http/error_mapping.h"
#include "http/handlers/auth_routes.h"
#include "http/json_body.h"

namespace phonghop::http {

using nlohmann::json;

namespace {
json PrincipalJson(const auth::Principal& p) {
  return {{"name", p.name}, {"role", congress::ToString(p.role)}, {"csrf", p.csrf},
          {"delegate", p.delegate_id != 0}};
}
}  // namespace

void RegisterAuthRoutes(Router& r, auth::AuthService& auth, congress::CongressService& congresses) {
  r.Add(Verb::post, "/api/v1/auth/login", Access::Public(), [&auth](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string name, password;
    JsonFields f(*body, {"name", "password"});
    f.Str("name", name, true).Str("password", password, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    // Argon2id takes ~0.1 s of CPU and 64 MiB: it runs on the blocking
    // pool, never on a network thread, so a storm of wrong passwords does
    // not stall every other request.
    Response later;
    later.deferred = [&auth, &req, name = std::move(name), password = std::move(password)] {
      auto s = auth.Login(name, password, req.remote_ip);
      if (!s.ok()) return ErrorResponse(s.status());
      Response res = JsonReply(PrincipalJson(s->principal));
      res.AddHeader("Set-Cookie", SessionCookie(s->token, auth::AuthService::kSessionSeconds, req.secure));
      res.AddHeader("Cache-Control", "no-store");
      return res;
    };
    return later;
  });

  // The personal QR on a delegate's badge signs the delegate in.
  r.Add(Verb::post, "/api/v1/auth/badge", Access::Public(), [&auth, &congresses](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string token;
    JsonFields f(*body, {"token"});
    f.Str("token", token, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    auto d = congresses.DelegateByToken(token);
    if (!d.ok()) return ErrorResponse(401, "unauthenticated", "mã trên thẻ không hợp lệ hoặc đã bị thu hồi");
    auto s = auth.BadgeLogin(*d);
    if (!s.ok()) return ErrorResponse(s.status());
    json j = PrincipalJson(s->principal);
    Response res = JsonReply(j);
    res.AddHeader("Set-Cookie", SessionCookie(s->token, auth::AuthService::kBadgeSessionSeconds, req.secure));
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });

  r.Add(Verb::get, "/api/v1/auth/me", Access::Public(), [](Request& req) {
    if (!req.principal) return ErrorResponse(401, "unauthenticated", "chưa đăng nhập");
    Response res = JsonReply(PrincipalJson(*req.principal));
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });

  r.Add(Verb::post, "/api/v1/auth/logout", Access::SignedIn(), [&auth](Request& req) {
    Status st = auth.Logout(*req.principal);
    if (!st.ok()) return ErrorResponse(st);
    Response res = JsonReply({{"signed_out", true}});
    res.AddHeader("Set-Cookie", SessionCookie("", 0, req.secure));
    return res;
  });

  r.Add(Verb::post, "/api/v1/auth/logout-all", Access::SignedIn(), [&auth](Request& req) {
    Status st = auth.LogoutEverywhere(*req.principal);
    if (!st.ok()) return ErrorResponse(st);
    Response res = JsonReply({{"signed_out", true}, {"everywhere", true}});
    res.AddHeader("Set-Cookie", SessionCookie("", 0, req.secure));
    return res;
  });

  // ---- users and roles (admins) ----
  const Access admins = Access::Roles({congress::Role::kAdmin});
  r.Add(Verb::get, "/api/v1/users", admins, [&auth](Request&) {
    auto users = auth.Users();
    if (!users.ok()) return ErrorResponse(users.status());
    json items = json::array();
    for (const auto& u : *users)
      items.push_back({{"name", u.name}, {"role", congress::ToString(u.role)}, {"disabled", u.disabled}});
    Response res = JsonReply({{"users", items}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  r.Add(Verb::post, "/api/v1/users", admins, [&auth](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string name, role_name;
    JsonFields f(*body, {"name", "role"});
    f.Str("name", name, true).Str("role", role_name, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    auto role = congress::ParseRole(role_name);
    if (!role || *role == congress::Role::kDelegate)
      return ErrorResponse(Status::InvalidArgument("role: admin | secretariat | chair | checkin"));
    auto pw = auth.AddUser(name, *role);
    if (!pw.ok()) return ErrorResponse(pw.status());
    // The one time the password is shown.
    Response res = JsonReply({{"name", name}, {"role", role_name}, {"password", *pw}}, 201);
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  for (const char* verb : {"disable", "enable"}) {
    const bool disable = std::string_view(verb) == "disable";
    r.Add(Verb::post, std::string("/api/v1/users/{name}/") + verb, admins, [&auth, disable](Request& req) {
      Status st = auth.SetDisabled(std::string(req.Param("name")), disable, req.principal ? req.principal->name : "");
      if (!st.ok()) return ErrorResponse(st);
      return JsonReply({{"name", req.Param("name")}, {"disabled", disable}});
    });
  }
  // Lifts the login lockouts on an account (from every address).
  r.Add(Verb::post, "/api/v1/users/{name}/unlock", admins, [&auth](Request& req) {
    size_t n = auth.Unlock(std::string(req.Param("name")));
    return JsonReply({{"name", req.Param("name")}, {"lockouts_lifted", n}});
  });
}

}  // namespace phonghop::http
