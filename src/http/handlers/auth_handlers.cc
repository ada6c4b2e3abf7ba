// Sign-in (password, badge QR), the current session, sign-out, and the
// admins' user management. One named function per route; the table at the end.
#include "http/authorizer.h"
#include "http/error_mapping.h"
#include "http/handlers/auth_routes.h"
#include "http/json_body.h"

namespace phonghop::http {

using nlohmann::json;

namespace {

struct Deps {
  auth::AuthService& auth;
  congress::CongressService& congresses;
};

// Who is signed in. A delegate (badge) also gets the slug of the badge's
// congress, so the phone lands there with the delegate's name.
json PrincipalJson(Deps& d, const auth::Principal& p) {
  json j = {{"name", p.name}, {"role", congress::ToString(p.role)}, {"csrf", p.csrf},
            {"delegate", p.delegate_id != 0}};
  if (p.congress_id != 0)
    if (auto c = d.congresses.GetById(p.congress_id); c.ok()) j["congress"] = c->slug;
  return j;
}

Result<Response> Login(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string name, password;
  JsonFields f(body, {"name", "password"});
  f.Str("name", name, true).Str("password", password, true);
  PH_RETURN_IF_ERROR(f.status());
  // Argon2id takes ~0.1 s of CPU and 64 MiB: it runs on the blocking
  // pool, never on a network thread, so a storm of wrong passwords does
  // not stall every other request.
  return DeferredReply([&d, &req, name = std::move(name), password = std::move(password)]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto s, d.auth.Login(name, password, req.remote_ip));
    Response res = JsonReply(PrincipalJson(d, s.principal));
    res.AddHeader("Set-Cookie", SessionCookie(s.token, auth::AuthService::kSessionSeconds, req.secure));
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
}

// The personal QR on a delegate's badge signs the delegate in.
Result<Response> BadgeLogin(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string token;
  JsonFields f(body, {"token"});
  f.Str("token", token, true);
  PH_RETURN_IF_ERROR(f.status());
  auto delegate = d.congresses.DelegateByToken(token);
  if (!delegate.ok()) return Status::Unauthenticated("Mã trên thẻ không hợp lệ hoặc đã bị thu hồi");
  PH_ASSIGN_OR_RETURN(auto s, d.auth.BadgeLogin(*delegate));
  Response res = JsonReply(PrincipalJson(d, s.principal));
  res.AddHeader("Set-Cookie", SessionCookie(s.token, auth::AuthService::kBadgeSessionSeconds, req.secure));
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> Me(Deps& d, Request& req) {
  // A hall screen is not a person signed in (decision 413).
  if (!req.principal || req.principal->role == congress::Role::kScreen)
    return Status::Unauthenticated("Chưa đăng nhập");
  Response res = JsonReply(PrincipalJson(d, *req.principal));
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> Logout(Deps& d, Request& req) {
  PH_RETURN_IF_ERROR(d.auth.Logout(*req.principal));
  Response res = JsonReply({{"signed_out", true}});
  res.AddHeader("Set-Cookie", SessionCookie("", 0, req.secure));
  return res;
}

Result<Response> LogoutEverywhere(Deps& d, Request& req) {
  PH_RETURN_IF_ERROR(d.auth.LogoutEverywhere(*req.principal));
  Response res = JsonReply({{"signed_out", true}, {"everywhere", true}});
  res.AddHeader("Set-Cookie", SessionCookie("", 0, req.secure));
  return res;
}

// ---- users and roles (admins) ----

Result<Response> ListUsers(Deps& d, Request&) {
  PH_ASSIGN_OR_RETURN(auto users, d.auth.Users());
  json items = json::array();
  for (const auto& u : users)
    items.push_back({{"name", u.name}, {"role", congress::ToString(u.role)}, {"disabled", u.disabled}});
  Response res = JsonReply({{"users", items}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> AddUser(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string name, role_name;
  JsonFields f(body, {"name", "role"});
  f.Str("name", name, true).Str("role", role_name, true);
  PH_RETURN_IF_ERROR(f.status());
  auto role = congress::ParseRole(role_name);
  if (!role || *role == congress::Role::kDelegate)
    return Status::InvalidArgument("Vai trò phải là admin, secretariat, chair hoặc checkin");
  PH_ASSIGN_OR_RETURN(auto pw, d.auth.AddUser(name, *role));
  // The one time the password is shown.
  Response res = JsonReply({{"name", name}, {"role", role_name}, {"password", pw}}, 201);
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> SetDisabled(Deps& d, Request& req, bool disable) {
  PH_RETURN_IF_ERROR(
      d.auth.SetDisabled(std::string(req.Param("name")), disable, req.principal ? req.principal->name : ""));
  return JsonReply({{"name", req.Param("name")}, {"disabled", disable}});
}
Result<Response> DisableUser(Deps& d, Request& req) { return SetDisabled(d, req, true); }
Result<Response> EnableUser(Deps& d, Request& req) { return SetDisabled(d, req, false); }

// Lifts the login lockouts on an account (from every address).
Result<Response> UnlockUser(Deps& d, Request& req) {
  size_t n = d.auth.Unlock(std::string(req.Param("name")));
  return JsonReply({{"name", req.Param("name")}, {"lockouts_lifted", n}});
}

}  // namespace

void RegisterAuthRoutes(Router& r, auth::AuthService& auth, congress::CongressService& congresses) {
  const Access admins = Access::Roles({congress::Role::kAdmin});
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{auth, congresses}), {
      {Verb::post, "/api/v1/auth/login", Access::Public(), Login},
      {Verb::post, "/api/v1/auth/badge", Access::Public(), BadgeLogin},
      {Verb::get, "/api/v1/auth/me", Access::Public(), Me},
      {Verb::post, "/api/v1/auth/logout", Access::SignedIn(), Logout},
      {Verb::post, "/api/v1/auth/logout-all", Access::SignedIn(), LogoutEverywhere},
      {Verb::get, "/api/v1/users", admins, ListUsers},
      {Verb::post, "/api/v1/users", admins, AddUser},
      {Verb::post, "/api/v1/users/{name}/disable", admins, DisableUser},
      {Verb::post, "/api/v1/users/{name}/enable", admins, EnableUser},
      {Verb::post, "/api/v1/users/{name}/unlock", admins, UnlockUser},
  });
}

}  // namespace phonghop::http
