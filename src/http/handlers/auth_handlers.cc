// Sign-in (password, badge QR), the current session, sign-out, and the
// admins' user management. One named function per route; the table at the end.
#include <algorithm>
#include <optional>

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

// A congress scope (decision 418) as the API shows it: all_congresses, and
// the slugs of the congresses when limited (sorted by slug).
json ScopeJson(Deps& d, const auth::CongressScope& scope) {
  json slugs = json::array();
  if (!scope.all) {
    std::vector<std::string> names;
    for (int64_t id : scope.congress_ids)
      if (auto c = d.congresses.GetById(id); c.ok()) names.push_back(c->slug);
    std::sort(names.begin(), names.end());
    for (auto& n : names) slugs.push_back(std::move(n));
  }
  return {{"all_congresses", scope.all}, {"congresses", slugs}};
}

// The scope a body asks for: {"all_congresses": true} or {"congresses":
// ["slug", ...]} (a limited scope, possibly empty). `fallback` when the
// body gives neither. kInvalidArgument for a non-list, an unknown slug, or
// all_congresses true beside a non-empty list.
Result<auth::CongressScope> ScopeFromJson(Deps& d, const json& body, std::optional<auth::CongressScope> fallback) {
  bool all = false;
  JsonFields f(body, {"name", "role", "all_congresses", "congresses"});
  f.Bool("all_congresses", all);
  PH_RETURN_IF_ERROR(f.status());
  const bool has_list = body.contains("congresses");
  if (!body.contains("all_congresses") && !has_list) {
    if (fallback) return *fallback;
    return Status::InvalidArgument("Cần all_congresses hoặc congresses (danh sách địa chỉ ngắn của đại hội)");
  }
  if (has_list && !body["congresses"].is_array())
    return Status::InvalidArgument("congresses phải là danh sách địa chỉ ngắn của đại hội");
  if (all) {
    if (has_list && !body["congresses"].empty())
      return Status::InvalidArgument("Đã chọn mọi đại hội thì không kèm danh sách đại hội");
    return auth::CongressScope::All();
  }
  std::vector<int64_t> ids;
  if (has_list)
    for (const json& slug : body["congresses"]) {
      if (!slug.is_string()) return Status::InvalidArgument("congresses phải là danh sách địa chỉ ngắn của đại hội");
      auto c = d.congresses.Get(slug.get<std::string>());
      if (!c.ok() && c.status().code() == StatusCode::kNotFound)
        return Status::InvalidArgument("Không có đại hội \"" + slug.get<std::string>() + "\"");
      PH_RETURN_IF_ERROR(c.status());
      ids.push_back(c->id);
    }
  return auth::CongressScope::Only(std::move(ids));
}

// Who is signed in. A delegate (badge) also gets the slug of the badge's
// congress, so the phone lands there with the delegate's name; a staff
// account its congress scope (decision 418).
json PrincipalJson(Deps& d, const auth::Principal& p) {
  json j = {{"name", p.name}, {"role", congress::ToString(p.role)}, {"csrf", p.csrf},
            {"delegate", p.delegate_id != 0}};
  if (p.congress_id != 0)
    if (auto c = d.congresses.GetById(p.congress_id); c.ok()) j["congress"] = c->slug;
  if (p.user_id != 0) j.update(ScopeJson(d, p.scope));
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
  for (const auto& u : users) {
    json item = {{"name", u.name}, {"role", congress::ToString(u.role)}, {"disabled", u.disabled}};
    item.update(ScopeJson(d, u.scope));
    items.push_back(std::move(item));
  }
  Response res = JsonReply({{"users", items}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> AddUser(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string name, role_name;
  JsonFields f(body, {"name", "role", "all_congresses", "congresses"});
  f.Str("name", name, true).Str("role", role_name, true);
  PH_RETURN_IF_ERROR(f.status());
  auto role = congress::ParseRole(role_name);
  if (!role || *role == congress::Role::kDelegate)
    return Status::InvalidArgument("Vai trò phải là admin, secretariat, chair hoặc checkin");
  // A new staff account made here works on no congress until given some
  // (decision 418: deny by default on a service shared by organisers);
  // admins are global.
  PH_ASSIGN_OR_RETURN(auto scope, ScopeFromJson(d, body, *role == congress::Role::kAdmin
                                                              ? auth::CongressScope::All()
                                                              : auth::CongressScope::Only({})));
  PH_ASSIGN_OR_RETURN(auto pw, d.auth.AddUser(name, *role, "", scope));
  // The one time the password is shown.
  json reply = {{"name", name}, {"role", role_name}, {"password", pw}};
  reply.update(ScopeJson(d, scope));
  Response res = JsonReply(reply, 201);
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

// Which congresses an account may work on (decision 418): the whole
// scope is replaced; it applies from the account's next request.
Result<Response> SetUserCongresses(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  if (body.contains("name") || body.contains("role"))
    return Status::InvalidArgument("Chỉ gửi all_congresses hoặc congresses");
  PH_ASSIGN_OR_RETURN(auto scope, ScopeFromJson(d, body, std::nullopt));
  const std::string name(req.Param("name"));
  PH_RETURN_IF_ERROR(d.auth.SetScope(name, scope));
  json reply = {{"name", name}};
  reply.update(ScopeJson(d, scope));
  return JsonReply(reply);
}

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
      {Verb::post, "/api/v1/auth/logout", Access::SignedIn().NoCongress(), Logout},
      {Verb::post, "/api/v1/auth/logout-all", Access::SignedIn().NoCongress(), LogoutEverywhere},
      {Verb::get, "/api/v1/users", admins, ListUsers},
      {Verb::post, "/api/v1/users", admins, AddUser},
      {Verb::post, "/api/v1/users/{name}/disable", admins, DisableUser},
      {Verb::post, "/api/v1/users/{name}/enable", admins, EnableUser},
      {Verb::post, "/api/v1/users/{name}/unlock", admins, UnlockUser},
      {Verb::put, "/api/v1/users/{name}/congresses", admins, SetUserCongresses},
  });
}

}  // namespace phonghop::http
