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

struct Deps {
  CongressService& svc;
};

Response NoContent() {
  Response res;
  res.status = 204;
  return res;
}

Result<Response> DeleteCongress(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto o, DeletionQuery(req));
  PH_ASSIGN_OR_RETURN(auto r, d.svc.DeleteCongress(req.Param("slug"), o.dry_run));
  return JsonReply(ToJson(r));
}

// Deleting a session, an agenda item, a delegation or a delegate: the id,
// ?move_to / ?dry_run, the service call, the counts it reports.
template <auto Method>
Result<Response> DeleteChild(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto o, DeletionQuery(req));
  PH_ASSIGN_OR_RETURN(auto r, (d.svc.*Method)(req.Param("slug"), id, o));
  return JsonReply(ToJson(r));
}

// --- sessions -------------------------------------------------------------
Result<Response> ReorderSessions(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto ids, IdsBody(req));
  PH_RETURN_IF_ERROR(d.svc.ReorderSessions(req.Param("slug"), ids));
  return NoContent();
}

Result<Response> UpdateSession(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  PH_ASSIGN_OR_RETURN(auto s, d.svc.GetSession(req.Param("slug"), id));
  PH_RETURN_IF_ERROR(SessionFromJson(body, s, true));
  PH_ASSIGN_OR_RETURN(auto updated, d.svc.UpdateSession(req.Param("slug"), s));
  return JsonReply(ToJson(updated));
}

Result<Response> ReorderAgenda(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto ids, IdsBody(req));
  PH_RETURN_IF_ERROR(d.svc.ReorderAgenda(req.Param("slug"), id, ids));
  return NoContent();
}

// --- agenda items ---------------------------------------------------------
Result<Response> UpdateAgendaItem(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  PH_ASSIGN_OR_RETURN(auto a, d.svc.GetAgendaItem(req.Param("slug"), id));
  int64_t session_before = a.session_id;
  PH_RETURN_IF_ERROR(AgendaItemFromJson(body, a, true));
  // Moved to another session without a position: goes last there.
  if (a.session_id != session_before && !body.contains("position")) a.position = 0;
  PH_ASSIGN_OR_RETURN(auto updated, d.svc.UpdateAgendaItem(req.Param("slug"), a));
  return JsonReply(ToJson(updated));
}

// --- delegations ----------------------------------------------------------
Result<Response> ReorderDelegations(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto ids, IdsBody(req));
  PH_RETURN_IF_ERROR(d.svc.ReorderDelegations(req.Param("slug"), ids));
  return NoContent();
}

Result<Response> UpdateDelegation(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  PH_ASSIGN_OR_RETURN(auto g, d.svc.GetDelegation(req.Param("slug"), id));
  PH_RETURN_IF_ERROR(DelegationFromJson(body, g, true));
  PH_ASSIGN_OR_RETURN(auto updated, d.svc.UpdateDelegation(req.Param("slug"), g));
  return JsonReply(ToJson(updated));
}

// --- single delegates -----------------------------------------------------
Result<Response> AddDelegate(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  Delegate g;
  PH_RETURN_IF_ERROR(DelegateFromJson(body, g));
  PH_ASSIGN_OR_RETURN(auto added, d.svc.AddDelegate(req.Param("slug"), std::move(g)));
  return JsonReply(ToJson(added), 201);
}

Result<Response> GetDelegate(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto g, d.svc.GetDelegate(req.Param("slug"), id));
  return JsonReply(ToJson(g));
}

Result<Response> UpdateDelegate(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  PH_ASSIGN_OR_RETURN(auto g, d.svc.GetDelegate(req.Param("slug"), id));
  PH_RETURN_IF_ERROR(DelegateFromJson(body, g));
  PH_ASSIGN_OR_RETURN(auto updated, d.svc.UpdateDelegate(req.Param("slug"), g));
  return JsonReply(ToJson(updated));
}

}  // namespace

void RegisterCongressEditRoutes(Router& r, CongressService& svc) {
  const Access staff = Access::Staff();
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{svc}), {
    {Verb::delete_, "/api/v1/congresses/{slug}", Access::Roles({Role::kAdmin}), DeleteCongress},
    {Verb::put, "/api/v1/congresses/{slug}/sessions/order", staff, ReorderSessions},
    {Verb::patch, "/api/v1/congresses/{slug}/sessions/{id}", staff, UpdateSession},
    {Verb::delete_, "/api/v1/congresses/{slug}/sessions/{id}", staff, DeleteChild<&CongressService::DeleteSession>},
    {Verb::put, "/api/v1/congresses/{slug}/sessions/{id}/agenda-order", staff, ReorderAgenda},
    {Verb::patch, "/api/v1/congresses/{slug}/agenda-items/{id}", staff, UpdateAgendaItem},
    {Verb::delete_, "/api/v1/congresses/{slug}/agenda-items/{id}", staff, DeleteChild<&CongressService::DeleteAgendaItem>},
    {Verb::put, "/api/v1/congresses/{slug}/delegations/order", staff, ReorderDelegations},
    {Verb::patch, "/api/v1/congresses/{slug}/delegations/{id}", staff, UpdateDelegation},
    {Verb::delete_, "/api/v1/congresses/{slug}/delegations/{id}", staff, DeleteChild<&CongressService::DeleteDelegation>},
    {Verb::post, "/api/v1/congresses/{slug}/delegates", staff, AddDelegate},
    {Verb::get, "/api/v1/congresses/{slug}/delegates/{id}", staff, GetDelegate},
    {Verb::patch, "/api/v1/congresses/{slug}/delegates/{id}", staff, UpdateDelegate},
    {Verb::delete_, "/api/v1/congresses/{slug}/delegates/{id}", staff, DeleteChild<&CongressService::DeleteDelegate>},
  });
}

}  // namespace phonghop::http
