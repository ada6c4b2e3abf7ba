// Hall screen tokens (decision 413). The projector PC needs no staff
// password: the secretariat makes a token for one congress, the link opens
// /hall/SLUG#screen=TOKEN, whose page trades the token for an HttpOnly
// cookie. That cookie reads what the hall shows (public data plus the
// delegates-only document the chair presents now) and nothing else.
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "http/authorizer.h"
#include "http/error_mapping.h"
#include "http/handlers/screen_routes.h"
#include "http/json_body.h"
#include "qr/qr_code.h"

namespace phonghop::http {

using nlohmann::json;
using Deps = ScreenRouteDeps;

namespace {

json ScreenJson(const auth::ScreenToken& s, int64_t now) {
  const char* state = s.revoked_at ? "revoked" : s.expires_at <= now ? "expired" : "live";
  return {{"id", s.id},
          {"label", s.label},
          {"created_by", s.created_by},
          {"created_at", FormatIsoUtc(s.created_at)},
          {"expires_at", FormatIsoUtc(s.expires_at)},
          {"revoked_at", s.revoked_at ? FormatIsoUtc(s.revoked_at) : ""},
          {"state", state}};
}

std::string Actor(const Request& req) {
  return req.principal ? req.principal->name + " (" + congress::ToString(req.principal->role) + ")" : "";
}

Result<Response> CreateScreen(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto c, d.congresses.Get(req.Param("slug")));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string label;
  JsonFields f(body, {"label"});
  f.Str("label", label);
  PH_RETURN_IF_ERROR(f.status());
  if (c.status == congress::CongressStatus::kClosed)
    return Status::InvalidArgument("Đại hội đã bế mạc: không tạo mã màn hình được nữa");
  const int64_t now = d.clock.NowUnix();
  PH_ASSIGN_OR_RETURN(auto s, d.auth.CreateScreen(c.id, label, auth::AuthService::ScreenExpiry(c.end_date, now),
                                                  Actor(req)));
  const std::string url = d.public_url() + "/hall/" + c.slug + "#screen=" + s.token;
  json j = ScreenJson(s.screen, now);
  j["token"] = s.token;
  j["url"] = url;
  if (auto m = qr::Encode(url); m.ok()) j["qr_svg"] = qr::ToSvg(*m, 6);
  Response res = JsonReply(j, 201);
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> ListScreens(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto c, d.congresses.Get(req.Param("slug")));
  PH_ASSIGN_OR_RETURN(auto list, d.auth.Screens(c.id));
  const int64_t now = d.clock.NowUnix();
  json items = json::array();
  for (const auto& s : list) items.push_back(ScreenJson(s, now));
  Response res = JsonReply({{"screens", items}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> RevokeScreen(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto c, d.congresses.Get(req.Param("slug")));
  auto id = req.IdParam("id");
  if (!id) return Status::NotFound("Không có màn hình này");
  PH_ASSIGN_OR_RETURN(auto s, d.auth.RevokeScreen(c.id, *id));
  // The open hall page stops at once; it also asks every few seconds.
  d.events.Publish(c.slug, "screen_revoked", json{{"id", s.id}}.dump());
  return JsonReply(ScreenJson(s, d.clock.NowUnix()));
}

// The projector's page trades the token from its link for the cookie.
Result<Response> OpenScreen(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string token;
  JsonFields f(body, {"token"});
  f.Str("token", token, true);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto p, d.auth.ResolveScreen(token));
  PH_ASSIGN_OR_RETURN(auto c, d.congresses.GetById(p.congress_id));
  PH_ASSIGN_OR_RETURN(auto list, d.auth.Screens(c.id));
  int64_t expires = 0;
  for (const auto& s : list)
    if (s.id == p.screen_id) expires = s.expires_at;
  const int64_t now = d.clock.NowUnix();
  req.principal = p;  // the audit line names the screen, not "anonymous"
  Response res = JsonReply({{"id", p.screen_id}, {"label", p.name}, {"congress", c.slug},
                            {"expires_at", FormatIsoUtc(expires)}});
  res.AddHeader("Set-Cookie", ScreenCookie(token, expires - now, req.secure));
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

// Whether this browser holds a live screen token: 200 with the screen,
// 401 (reason "screen_revoked") when it holds one no longer valid, 404
// when it holds none.
Result<Response> ScreenMe(Deps& d, Request& req) {
  if (req.principal && req.principal->role == congress::Role::kScreen) {
    PH_ASSIGN_OR_RETURN(auto c, d.congresses.GetById(req.principal->congress_id));
    Response res = JsonReply({{"id", req.principal->screen_id}, {"label", req.principal->name}, {"congress", c.slug}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  }
  if (!CookieValue(req.Header("Cookie"), kScreenCookie).empty())
    return Status::Unauthenticated("Mã màn hình này đã bị thu hồi hoặc đã hết hạn").WithReason("screen_revoked");
  return Status::NotFound("Trình duyệt này chưa có mã màn hình");
}

}  // namespace

void RegisterScreenRoutes(Router& r, ScreenRouteDeps deps_in) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(std::move(deps_in)), {
      {Verb::post, "/api/v1/congresses/{slug}/screens", Access::Staff(), CreateScreen},
      {Verb::get, "/api/v1/congresses/{slug}/screens", Access::Staff(), ListScreens},
      {Verb::delete_, "/api/v1/congresses/{slug}/screens/{id}", Access::Staff(), RevokeScreen},
      {Verb::post, "/api/v1/screens/open", Access::Public(), OpenScreen},
      {Verb::get, "/api/v1/screens/me", Access::Public(), ScreenMe},
  });
}

}  // namespace phonghop::http
