// Edits, deletions and reordering of a congress and what belongs to it
// (staff only). Each handler parses, calls one CongressService method and
// serialises the result; the service publishes the live events.
#include <charconv>

#include "http/congress_json.h"
#include "http/error_mapping.h"
#include "http/handlers/routes.h"
#include "http/json_body.h"

namespace phonghop::http {

using nlohmann::json;
using namespace phonghop::congress;

namespace {

std::optional<int64_t> ParseId(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

Result<int64_t> IdParam(const Request& req) {
  auto id = ParseId(req.Param("id"));
  if (!id || *id == 0) return Status::NotFound("không tìm thấy");
  return *id;
}

// ?move_to=ID (0 = no target where the service allows it) and ?dry_run=1.
Result<DeletionOptions> DeletionQuery(const Request& req) {
  DeletionOptions o;
  if (auto m = req.Query("move_to"); m && !m->empty()) {
    auto id = ParseId(*m);
    if (!id) return Status::InvalidArgument("Nơi chuyển đến (move_to) không hợp lệ");
    o.move_to = *id;
  }
  auto d = req.Query("dry_run");
  o.dry_run = d && (*d == "1" || *d == "true" || d->empty());
  return o;
}

Result<std::vector<int64_t>> IdsBody(const Request& req) {
  auto body = ParseJsonObject(req.body());
  if (!body.ok()) return body.status();
  if (!body->contains("ids") || !(*body)["ids"].is_array() || body->size() != 1)
    return Status::InvalidArgument("Cần danh sách ids theo thứ tự mới");
  std::vector<int64_t> ids;
  for (const auto& v : (*body)["ids"]) {
    if (!v.is_number_integer()) return Status::InvalidArgument("Cần danh sách ids theo thứ tự mới");
    ids.push_back(v.get<int64_t>());
  }
  return ids;
}

template <typename T>
Response Reply(const Result<T>& r, unsigned status = 200) {
  if (!r.ok()) return ErrorResponse(r.status());
  return JsonReply(ToJson(*r), status);
}

Response ReplyStatus(const Status& st) {
  if (!st.ok()) return ErrorResponse(st);
  Response res;
  res.status = 204;
  return res;
}

}  // namespace

void RegisterCongressEditRoutes(Router& r, CongressService& svc) {
  const std::string base = "/api/v1/congresses/{slug}";

  r.Add(Verb::delete_, base, Access::Roles({Role::kAdmin}), [&svc](Request& req) {
    auto o = DeletionQuery(req);
    if (!o.ok()) return ErrorResponse(o.status());
    return Reply(svc.DeleteCongress(req.Param("slug"), o->dry_run));
  });

  // --- sessions -----------------------------------------------------------
  r.Add(Verb::put, base + "/sessions/order", Access::Staff(), [&svc](Request& req) {
    auto ids = IdsBody(req);
    if (!ids.ok()) return ErrorResponse(ids.status());
    return ReplyStatus(svc.ReorderSessions(req.Param("slug"), *ids));
  });
  r.Add(Verb::patch, base + "/sessions/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    auto s = svc.GetSession(req.Param("slug"), *id);
    if (!s.ok()) return ErrorResponse(s.status());
    if (Status st = SessionFromJson(*body, *s, true); !st.ok()) return ErrorResponse(st);
    return Reply(svc.UpdateSession(req.Param("slug"), *s));
  });
  r.Add(Verb::delete_, base + "/sessions/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto o = DeletionQuery(req);
    if (!o.ok()) return ErrorResponse(o.status());
    return Reply(svc.DeleteSession(req.Param("slug"), *id, *o));
  });
  r.Add(Verb::put, base + "/sessions/{id}/agenda-order", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto ids = IdsBody(req);
    if (!ids.ok()) return ErrorResponse(ids.status());
    return ReplyStatus(svc.ReorderAgenda(req.Param("slug"), *id, *ids));
  });

  // --- agenda items -------------------------------------------------------
  r.Add(Verb::patch, base + "/agenda-items/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    auto a = svc.GetAgendaItem(req.Param("slug"), *id);
    if (!a.ok()) return ErrorResponse(a.status());
    int64_t session_before = a->session_id;
    if (Status st = AgendaItemFromJson(*body, *a, true); !st.ok()) return ErrorResponse(st);
    // Moved to another session without a position: goes last there.
    if (a->session_id != session_before && !body->contains("position")) a->position = 0;
    return Reply(svc.UpdateAgendaItem(req.Param("slug"), *a));
  });
  r.Add(Verb::delete_, base + "/agenda-items/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto o = DeletionQuery(req);
    if (!o.ok()) return ErrorResponse(o.status());
    return Reply(svc.DeleteAgendaItem(req.Param("slug"), *id, *o));
  });

  // --- delegations --------------------------------------------------------
  r.Add(Verb::put, base + "/delegations/order", Access::Staff(), [&svc](Request& req) {
    auto ids = IdsBody(req);
    if (!ids.ok()) return ErrorResponse(ids.status());
    return ReplyStatus(svc.ReorderDelegations(req.Param("slug"), *ids));
  });
  r.Add(Verb::patch, base + "/delegations/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    auto d = svc.GetDelegation(req.Param("slug"), *id);
    if (!d.ok()) return ErrorResponse(d.status());
    if (Status st = DelegationFromJson(*body, *d, true); !st.ok()) return ErrorResponse(st);
    return Reply(svc.UpdateDelegation(req.Param("slug"), *d));
  });
  r.Add(Verb::delete_, base + "/delegations/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto o = DeletionQuery(req);
    if (!o.ok()) return ErrorResponse(o.status());
    return Reply(svc.DeleteDelegation(req.Param("slug"), *id, *o));
  });

  // --- single delegates ---------------------------------------------------
  r.Add(Verb::post, base + "/delegates", Access::Staff(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    Delegate d;
    if (Status st = DelegateFromJson(*body, d); !st.ok()) return ErrorResponse(st);
    return Reply(svc.AddDelegate(req.Param("slug"), std::move(d)), 201);
  });
  r.Add(Verb::get, base + "/delegates/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    return Reply(svc.GetDelegate(req.Param("slug"), *id));
  });
  r.Add(Verb::patch, base + "/delegates/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    auto d = svc.GetDelegate(req.Param("slug"), *id);
    if (!d.ok()) return ErrorResponse(d.status());
    if (Status st = DelegateFromJson(*body, *d); !st.ok()) return ErrorResponse(st);
    return Reply(svc.UpdateDelegate(req.Param("slug"), *d));
  });
  r.Add(Verb::delete_, base + "/delegates/{id}", Access::Staff(), [&svc](Request& req) {
    auto id = IdParam(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto o = DeletionQuery(req);
    if (!o.ok()) return ErrorResponse(o.status());
    return Reply(svc.DeleteDelegate(req.Param("slug"), *id, *o));
  });
}

}  // namespace phonghop::http
