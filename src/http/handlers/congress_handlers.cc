#include "http/congress_json.h"
#include "http/error_mapping.h"
#include "http/handlers/routes.h"
#include "http/json_body.h"
#include "http/reply_cache.h"

namespace phonghop::http {

using nlohmann::json;
using namespace phonghop::congress;

void RegisterCongressRoutes(Router& r, CongressService& svc, ReplyCache& cache) {
  r.Add(Verb::get, "/api/v1/congresses", Access::Public(), [&svc, &cache](Request& req) {
    return cache.Serve(req, "congresses", svc.generation(), [&] {
      auto list = svc.List();
      if (!list.ok()) return ErrorResponse(list.status());
      json items = json::array();
      for (const auto& c : *list) items.push_back(ToJson(c));
      return JsonReply({{"congresses", items}});
    });
  });

  r.Add(Verb::post, "/api/v1/congresses", Access::Staff(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    Congress c;
    if (Status st = CongressFromJson(*body, c); !st.ok()) return ErrorResponse(st);
    auto created = svc.Create(std::move(c));
    if (!created.ok()) return ErrorResponse(created.status());
    Response res = JsonReply(ToJson(*created), 201);
    res.AddHeader("Location", "/api/v1/congresses/" + created->slug);
    return res;
  });

  r.Add(Verb::get, "/api/v1/congresses/{slug}", Access::Public(), [&svc, &cache](Request& req) {
    std::string slug(req.Param("slug"));
    return cache.Serve(req, "congress:" + slug, svc.generation(), [&] {
      auto o = svc.Overview(slug);
      if (!o.ok()) return ErrorResponse(o.status());
      return JsonReply(ToJson(*o));
    });
  });

  r.Add(Verb::patch, "/api/v1/congresses/{slug}", Access::Staff(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    if (body->contains("slug"))
      return ErrorResponse(Status::InvalidArgument("Không đổi được địa chỉ ngắn của đại hội"));
    auto current = svc.Get(req.Param("slug"));
    if (!current.ok()) return ErrorResponse(current.status());
    Congress c = *current;
    if (Status st = CongressFromJson(*body, c); !st.ok()) return ErrorResponse(st);
    auto updated = svc.Update(req.Param("slug"), std::move(c));
    if (!updated.ok()) return ErrorResponse(updated.status());
    return JsonReply(ToJson(*updated));
  });

  r.Add(Verb::post, "/api/v1/congresses/{slug}/sessions", Access::Staff(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    Session s;
    if (Status st = SessionFromJson(*body, s); !st.ok()) return ErrorResponse(st);
    auto added = svc.AddSession(req.Param("slug"), std::move(s));
    if (!added.ok()) return ErrorResponse(added.status());
    return JsonReply(ToJson(*added), 201);
  });

  r.Add(Verb::post, "/api/v1/congresses/{slug}/agenda-items", Access::Staff(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    AgendaItem a;
    if (Status st = AgendaItemFromJson(*body, a); !st.ok()) return ErrorResponse(st);
    auto added = svc.AddAgendaItem(req.Param("slug"), std::move(a));
    if (!added.ok()) return ErrorResponse(added.status());
    return JsonReply(ToJson(*added), 201);
  });

  r.Add(Verb::get, "/api/v1/congresses/{slug}/delegations", Access::Public(), [&svc, &cache](Request& req) {
    std::string slug(req.Param("slug"));
    return cache.Serve(req, "delegations:" + slug, svc.generation(), [&] {
      auto o = svc.Overview(slug);
      if (!o.ok()) return ErrorResponse(o.status());
      return JsonReply({{"delegations", ToJson(*o)["delegations"]}});
    });
  });

  r.Add(Verb::post, "/api/v1/congresses/{slug}/delegations", Access::Staff(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    Delegation d;
    if (Status st = DelegationFromJson(*body, d); !st.ok()) return ErrorResponse(st);
    auto added = svc.AddDelegation(req.Param("slug"), std::move(d));
    if (!added.ok()) return ErrorResponse(added.status());
    return JsonReply(ToJson(*added), 201);
  });
}

}  // namespace phonghop::http
