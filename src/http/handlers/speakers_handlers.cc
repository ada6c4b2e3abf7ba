#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "http/error_mapping.h"
#include "http/handlers/speakers_routes.h"
#include "http/json_body.h"
#include "http/spreadsheet_reply.h"

namespace phonghop::http {

using nlohmann::json;
using congress::Role;
using namespace speakers;  // NOLINT: the adapter of this one service

namespace {

Access Chairs() { return Access::Roles({Role::kAdmin, Role::kSecretariat, Role::kChair}); }

Requester RequesterOf(const Request& req) {
  Requester r;
  if (req.principal) {
    r.name = req.principal->name + " (" + congress::ToString(req.principal->role) + ")";
    r.delegate_id = req.principal->delegate_id;
    const Role role = req.principal->role;
    r.chair = role == Role::kAdmin || role == Role::kSecretariat || role == Role::kChair;
  }
  r.address = req.remote_ip;
  return r;
}

Result<int64_t> IdParam(const Request& req, const char* name) {
  std::string s(req.Param(name));
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return Status::InvalidArgument("mã số không hợp lệ");
  return std::stoll(s);
}

json RequestJson(const SpeechRequest& r, int64_t now) {
  json j = {{"id", r.id},
            {"agenda_item_id", r.agenda_item_id},
            {"delegate", r.delegate_name},
            {"delegation", r.delegation},
            {"kind", ToString(r.kind)},
            {"kind_label", Describe(r.kind)},
            {"topic", r.topic},
            {"document_code", r.document_code},
            {"state", ToString(r.state)},
            {"position", r.position},
            {"limit_s", r.limit_s},
            {"requested_at", FormatIsoUtc(r.requested_at)}};
  if (r.began_at) {
    j["began_at"] = r.began_at;
    j["paused_at"] = r.paused_at ? json(r.paused_at) : json(nullptr);
    j["paused_total_s"] = r.paused_total_s;
    j["remaining_s"] = Remaining(r, now);
  }
  if (r.ended_at) j["ended_at"] = r.ended_at;
  return j;
}

struct Deps {
  SpeakersService& svc;
};

// The list is public (the hall shows it); a delegate also learns their place.
Result<Response> ListSpeakers(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req, "item"));
  PH_ASSIGN_OR_RETURN(auto l, d.svc.List(req.Param("slug"), id));
  const int64_t now = l.server_now;
  json queue = json::array(), requested = json::array(), others = json::array();
  json mine = nullptr;
  const int64_t me = req.principal ? req.principal->delegate_id : 0;
  for (size_t i = 0; i < l.queue.size(); ++i) {
    queue.push_back(RequestJson(l.queue[i], now));
    if (me && l.queue[i].delegate_id == me && mine.is_null())
      mine = {{"id", l.queue[i].id}, {"state", "approved"}, {"place", i + 1},
              {"message", "Bạn đang ở vị trí thứ " + std::to_string(i + 1)}};
  }
  for (const auto& x : l.requested) {
    requested.push_back(RequestJson(x, now));
    if (me && x.delegate_id == me && mine.is_null())
      mine = {{"id", x.id}, {"state", "requested"}, {"place", nullptr}, {"message", "Đang chờ Đoàn Chủ tịch duyệt"}};
  }
  for (const auto& x : l.others) others.push_back(RequestJson(x, now));
  if (me && l.current && l.current->delegate_id == me)
    mine = {{"id", l.current->id}, {"state", "speaking"}, {"place", 0}, {"message", "Mời bạn phát biểu"}};
  Response res = JsonReply({{"agenda_item_id", id},
                            {"version", l.state.version},
                            {"closed", l.state.closed},
                            {"current", l.current ? RequestJson(*l.current, now) : json(nullptr)},
                            {"queue", queue},
                            {"requested", requested},
                            {"others", others},
                            {"mine", mine},
                            {"server_now", now}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

// Who speaks now anywhere in the congress (the hall after a reload).
Result<Response> CurrentSpeaker(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto s, d.svc.Speaking(req.Param("slug")));
  const int64_t now = SystemClock().NowUnix();
  Response res = JsonReply({{"agenda_item_id", s ? json(s->agenda_item_id) : json(nullptr)},
                            {"current", s ? RequestJson(*s, now) : json(nullptr)},
                            {"server_now", now}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> RegisterSpeaker(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req, "item"));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  Registration reg;
  std::string kind = "speech";
  JsonFields f(body, {"kind", "topic", "document_code", "badge"});
  f.Str("kind", kind).Str("topic", reg.topic).Str("document_code", reg.document_code).Str("badge", reg.badge);
  PH_RETURN_IF_ERROR(f.status());
  auto k = ParseSpeechKind(kind);
  if (!k) return Status::InvalidArgument("kind: speech | paper | written");
  reg.kind = *k;
  PH_ASSIGN_OR_RETURN(auto out, d.svc.Register(req.Param("slug"), id, reg, RequesterOf(req)));
  return JsonReply(RequestJson(out, SystemClock().NowUnix()), 201);
}

Result<Response> ReorderSpeakers(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req, "item"));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  int64_t version = 0;
  JsonFields f(body, {"version", "ids"});
  f.Int64("version", version, true);
  PH_RETURN_IF_ERROR(f.status());
  const json& a = body["ids"];
  if (!a.is_array() || a.size() > 1000) return Status::InvalidArgument("ids phải là danh sách");
  std::vector<int64_t> ids;
  for (const auto& x : a) {
    if (!x.is_number_integer()) return Status::InvalidArgument("ids phải là danh sách số");
    ids.push_back(x.get<int64_t>());
  }
  PH_RETURN_IF_ERROR(d.svc.Reorder(req.Param("slug"), id, version, ids, RequesterOf(req)));
  return JsonReply({{"ordered", ids.size()}});
}

Result<Response> SetListState(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req, "item"));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  bool closed = false;
  JsonFields f(body, {"closed"});
  f.Bool("closed", closed, true);
  PH_RETURN_IF_ERROR(f.status());
  PH_RETURN_IF_ERROR(d.svc.SetClosed(req.Param("slug"), id, closed, RequesterOf(req)));
  return JsonReply({{"closed", closed}});
}

// Per agenda item, for the congress minutes: who, kind, topic, start, end, duration.
Result<Response> ExportSpeakers(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req, "item"));
  std::string format = req.Query("format").value_or("xlsx");
  if (format != "xlsx" && format != "csv") return Status::InvalidArgument("format: xlsx | csv");
  PH_ASSIGN_OR_RETURN(auto l, d.svc.List(req.Param("slug"), id));
  std::vector<std::vector<std::string>> rows{
      {"STT", "Đại biểu", "Đoàn", "Hình thức", "Nội dung", "Trạng thái", "Bắt đầu", "Kết thúc", "Thời lượng (giây)"}};
  std::vector<SpeechRequest> all;
  for (const auto& x : l.others) all.push_back(x);
  if (l.current) all.push_back(*l.current);
  for (const auto& x : l.queue) all.push_back(x);
  for (const auto& x : l.requested) all.push_back(x);
  int n = 0;
  for (const auto& x : all) {
    const int64_t end = x.ended_at ? x.ended_at : 0;
    rows.push_back({std::to_string(++n), x.delegate_name, x.delegation, Describe(x.kind), x.topic, ToString(x.state),
                    x.began_at ? FormatVenueTimeVi(x.began_at) : "", end ? FormatVenueTimeVi(end) : "",
                    x.began_at && end ? std::to_string(end - x.began_at - x.paused_total_s) : ""});
  }
  return SpreadsheetReply(rows, format, "phat-bieu-" + std::to_string(id), "Phát biểu");
}

Result<Response> ActOn(Deps& d, Request& req, std::string_view action) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req, "id"));
  PH_ASSIGN_OR_RETURN(auto out, d.svc.Act(req.Param("slug"), id, action, RequesterOf(req)));
  return JsonReply(RequestJson(out, SystemClock().NowUnix()));
}
Result<Response> Approve(Deps& d, Request& req) { return ActOn(d, req, "approve"); }
Result<Response> Reject(Deps& d, Request& req) { return ActOn(d, req, "reject"); }
Result<Response> Withdraw(Deps& d, Request& req) { return ActOn(d, req, "withdraw"); }
Result<Response> Start(Deps& d, Request& req) { return ActOn(d, req, "start"); }
Result<Response> Pause(Deps& d, Request& req) { return ActOn(d, req, "pause"); }
Result<Response> Resume(Deps& d, Request& req) { return ActOn(d, req, "resume"); }
Result<Response> End(Deps& d, Request& req) { return ActOn(d, req, "end"); }
Result<Response> Skip(Deps& d, Request& req) { return ActOn(d, req, "skip"); }
Result<Response> Readd(Deps& d, Request& req) { return ActOn(d, req, "readd"); }

}  // namespace

void RegisterSpeakersRoutes(Router& r, SpeakersService& svc) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{svc}), {
      {Verb::get, "/api/v1/congresses/{slug}/speakers/current", Access::Public(), CurrentSpeaker},
      {Verb::get, "/api/v1/congresses/{slug}/agenda-items/{item}/speakers", Access::Public(), ListSpeakers},
      {Verb::post, "/api/v1/congresses/{slug}/agenda-items/{item}/speakers", Access::SignedIn(), RegisterSpeaker},
      {Verb::put, "/api/v1/congresses/{slug}/agenda-items/{item}/speakers/order", Chairs(), ReorderSpeakers},
      {Verb::put, "/api/v1/congresses/{slug}/agenda-items/{item}/speakers/state", Chairs(), SetListState},
      {Verb::get, "/api/v1/congresses/{slug}/agenda-items/{item}/speakers/export", Chairs(), ExportSpeakers},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/approve", Chairs(), Approve},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/reject", Chairs(), Reject},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/withdraw", Access::SignedIn(), Withdraw},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/start", Chairs(), Start},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/pause", Chairs(), Pause},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/resume", Chairs(), Resume},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/end", Chairs(), End},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/skip", Chairs(), Skip},
      {Verb::post, "/api/v1/congresses/{slug}/speakers/{id}/readd", Chairs(), Readd},
  });
}

}  // namespace phonghop::http
