// The congress, its sessions, agenda and delegations: one named function per
// route, a table that registers them. Handlers return Result<Response>; the
// router maps a Status to the error reply (http/error_mapping) once.
#include "http/congress_json.h"
#include "http/error_mapping.h"
#include "http/handlers/routes.h"
#include "http/json_body.h"
#include "http/reply_cache.h"

namespace phonghop::http {

using nlohmann::json;
using namespace phonghop::congress;

namespace {

struct Deps {
  CongressService& svc;
  ReplyCache& cache;
};

Result<Response> ListCongresses(Deps& d, Request& req) {
  // A staff account limited to some congresses (decision 418) is shown
  // those only: its own reply, never cached or shared.
  if (req.principal && !req.principal->scope.all) {
    PH_ASSIGN_OR_RETURN(auto list, d.svc.List());
    json items = json::array();
    for (const auto& c : list)
      if (req.principal->scope.Allows(c.id)) items.push_back(ToJson(c));
    Response res = JsonReply({{"congresses", items}});
    res.AddHeader("Cache-Control", "private, no-store");
    return res;
  }
  return d.cache.Serve(req, "congresses", d.svc.generation(), [&]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto list, d.svc.List());
    json items = json::array();
    for (const auto& c : list) items.push_back(ToJson(c));
    return JsonReply({{"congresses", items}});
  });
}

Result<Response> CreateCongress(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  Congress c;
  PH_RETURN_IF_ERROR(CongressFromJson(body, c));
  PH_ASSIGN_OR_RETURN(Congress created, d.svc.Create(std::move(c)));
  Response res = JsonReply(ToJson(created), 201);
  res.AddHeader("Location", "/api/v1/congresses/" + created.slug);
  return res;
}

Result<Response> GetCongress(Deps& d, Request& req) {
  std::string slug(req.Param("slug"));
  return d.cache.Serve(req, "congress:" + slug, d.svc.generation(), [&]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto o, d.svc.Overview(slug));
    return JsonReply(ToJson(o));
  });
}

Result<Response> UpdateCongress(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  if (body.contains("slug"))
    return Status::InvalidArgument("Không đổi được địa chỉ ngắn của đại hội");
  PH_ASSIGN_OR_RETURN(Congress c, d.svc.Get(req.Param("slug")));
  PH_RETURN_IF_ERROR(CongressFromJson(body, c));
  PH_ASSIGN_OR_RETURN(Congress updated, d.svc.Update(req.Param("slug"), std::move(c)));
  return JsonReply(ToJson(updated));
}

Result<Response> AddSession(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  Session s;
  PH_RETURN_IF_ERROR(SessionFromJson(body, s));
  PH_ASSIGN_OR_RETURN(auto added, d.svc.AddSession(req.Param("slug"), std::move(s)));
  return JsonReply(ToJson(added), 201);
}

Result<Response> AddAgendaItem(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  AgendaItem a;
  PH_RETURN_IF_ERROR(AgendaItemFromJson(body, a));
  PH_ASSIGN_OR_RETURN(auto added, d.svc.AddAgendaItem(req.Param("slug"), std::move(a)));
  return JsonReply(ToJson(added), 201);
}

Result<Response> ListDelegations(Deps& d, Request& req) {
  std::string slug(req.Param("slug"));
  return d.cache.Serve(req, "delegations:" + slug, d.svc.generation(), [&]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto o, d.svc.Overview(slug));
    return JsonReply({{"delegations", ToJson(o)["delegations"]}});
  });
}

Result<Response> AddDelegation(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  Delegation g;
  PH_RETURN_IF_ERROR(DelegationFromJson(body, g));
  PH_ASSIGN_OR_RETURN(auto added, d.svc.AddDelegation(req.Param("slug"), std::move(g)));
  return JsonReply(ToJson(added), 201);
}

}  // namespace

void RegisterCongressRoutes(Router& r, CongressService& svc, ReplyCache& cache) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{svc, cache}), {
      {Verb::get, "/api/v1/congresses", Access::Public(), ListCongresses},
      {Verb::post, "/api/v1/congresses", Access::Staff(), CreateCongress},
      {Verb::get, "/api/v1/congresses/{slug}", Access::Public(), GetCongress},
      {Verb::patch, "/api/v1/congresses/{slug}", Access::Staff(), UpdateCongress},
      {Verb::post, "/api/v1/congresses/{slug}/sessions", Access::Staff(), AddSession},
      {Verb::post, "/api/v1/congresses/{slug}/agenda-items", Access::Staff(), AddAgendaItem},
      {Verb::get, "/api/v1/congresses/{slug}/delegations", Access::Public(), ListDelegations},
      {Verb::post, "/api/v1/congresses/{slug}/delegations", Access::Staff(), AddDelegation},
  });
}

}  // namespace phonghop::http
