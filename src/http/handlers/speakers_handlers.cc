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

bool IdParam(const Request& req, const char* name, int64_t* out) {
  std::string s(req.Param(name));
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  *out = std::stoll(s);
  return true;
}

Response BadId() { return ErrorResponse(Status::InvalidArgument("mã số không hợp lệ")); }

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

}  // namespace

void RegisterSpeakersRoutes(Router& r, SpeakersService& svc) {
  const std::string item = "/api/v1/congresses/{slug}/agenda-items/{item}/speakers";

  // The list is public (the hall shows it); a delegate also learns their place.
  r.Add(Verb::get, item, Access::Public(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "item", &id)) return BadId();
    auto l = svc.List(req.Param("slug"), id);
    if (!l.ok()) return ErrorResponse(l.status());
    const int64_t now = l->server_now;
    json queue = json::array(), requested = json::array(), others = json::array();
    json mine = nullptr;
    const int64_t me = req.principal ? req.principal->delegate_id : 0;
    for (size_t i = 0; i < l->queue.size(); ++i) {
      queue.push_back(RequestJson(l->queue[i], now));
      if (me && l->queue[i].delegate_id == me && mine.is_null())
        mine = {{"id", l->queue[i].id}, {"state", "approved"}, {"place", i + 1},
                {"message", "Bạn đang ở vị trí thứ " + std::to_string(i + 1)}};
    }
    for (const auto& x : l->requested) {
      requested.push_back(RequestJson(x, now));
      if (me && x.delegate_id == me && mine.is_null())
        mine = {{"id", x.id}, {"state", "requested"}, {"place", nullptr}, {"message", "Đang chờ Đoàn Chủ tịch duyệt"}};
    }
    for (const auto& x : l->others) others.push_back(RequestJson(x, now));
    if (me && l->current && l->current->delegate_id == me)
      mine = {{"id", l->current->id}, {"state", "speaking"}, {"place", 0}, {"message", "Mời bạn phát biểu"}};
    Response res = JsonReply({{"agenda_item_id", id},
                              {"version", l->state.version},
                              {"closed", l->state.closed},
                              {"current", l->current ? RequestJson(*l->current, now) : json(nullptr)},
                              {"queue", queue},
                              {"requested", requested},
                              {"others", others},
                              {"mine", mine},
                              {"server_now", now}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  r.Add(Verb::post, item, Access::SignedIn(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "item", &id)) return BadId();
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    Registration reg;
    std::string kind = "speech";
    JsonFields f(*body, {"kind", "topic", "document_code", "badge"});
    f.Str("kind", kind).Str("topic", reg.topic).Str("document_code", reg.document_code).Str("badge", reg.badge);
    if (!f.status().ok()) return ErrorResponse(f.status());
    auto k = ParseSpeechKind(kind);
    if (!k) return ErrorResponse(Status::InvalidArgument("kind: speech | paper | written"));
    reg.kind = *k;
    auto out = svc.Register(req.Param("slug"), id, reg, RequesterOf(req));
    if (!out.ok()) return ErrorResponse(out.status());
    return JsonReply(RequestJson(*out, SystemClock().NowUnix()), 201);
  });
  r.Add(Verb::put, item + "/order", Chairs(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "item", &id)) return BadId();
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    int64_t version = 0;
    JsonFields f(*body, {"version", "ids"});
    f.Int64("version", version, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    const json& a = (*body)["ids"];
    if (!a.is_array() || a.size() > 1000) return ErrorResponse(Status::InvalidArgument("ids phải là danh sách"));
    std::vector<int64_t> ids;
    for (const auto& x : a) {
      if (!x.is_number_integer()) return ErrorResponse(Status::InvalidArgument("ids phải là danh sách số"));
      ids.push_back(x.get<int64_t>());
    }
    Status st = svc.Reorder(req.Param("slug"), id, version, ids, RequesterOf(req));
    if (!st.ok()) return ErrorResponse(st);
    return JsonReply({{"ordered", ids.size()}});
  });
  r.Add(Verb::put, item + "/state", Chairs(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "item", &id)) return BadId();
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    bool closed = false;
    JsonFields f(*body, {"closed"});
    f.Bool("closed", closed, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    Status st = svc.SetClosed(req.Param("slug"), id, closed, RequesterOf(req));
    if (!st.ok()) return ErrorResponse(st);
    return JsonReply({{"closed", closed}});
  });
  // Per agenda item, for the congress minutes: who, kind, topic, start, end, duration.
  r.Add(Verb::get, item + "/export", Chairs(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "item", &id)) return BadId();
    std::string format = req.Query("format").value_or("xlsx");
    if (format != "xlsx" && format != "csv") return ErrorResponse(Status::InvalidArgument("format: xlsx | csv"));
    auto l = svc.List(req.Param("slug"), id);
    if (!l.ok()) return ErrorResponse(l.status());
    std::vector<std::vector<std::string>> rows{
        {"STT", "Đại biểu", "Đoàn", "Hình thức", "Nội dung", "Trạng thái", "Bắt đầu", "Kết thúc", "Thời lượng (giây)"}};
    std::vector<SpeechRequest> all;
    for (const auto& x : l->others) all.push_back(x);
    if (l->current) all.push_back(*l->current);
    for (const auto& x : l->queue) all.push_back(x);
    for (const auto& x : l->requested) all.push_back(x);
    int n = 0;
    for (const auto& x : all) {
      const int64_t end = x.ended_at ? x.ended_at : 0;
      rows.push_back({std::to_string(++n), x.delegate_name, x.delegation, Describe(x.kind), x.topic, ToString(x.state),
                      x.began_at ? FormatIsoUtc(x.began_at) : "", end ? FormatIsoUtc(end) : "",
                      x.began_at && end ? std::to_string(end - x.began_at - x.paused_total_s) : ""});
    }
    return SpreadsheetReply(rows, format, "phat-bieu-" + std::to_string(id), "Phát biểu");
  });

  for (const char* action : {"approve", "reject", "withdraw", "start", "pause", "resume", "end", "skip", "readd"}) {
    const Access access = std::string(action) == "withdraw" ? Access::SignedIn() : Chairs();
    r.Add(Verb::post, std::string("/api/v1/congresses/{slug}/speakers/{id}/") + action, access,
          [&svc, action](Request& req) {
            int64_t id;
            if (!IdParam(req, "id", &id)) return BadId();
            auto out = svc.Act(req.Param("slug"), id, action, RequesterOf(req));
            if (!out.ok()) return ErrorResponse(out.status());
            return JsonReply(RequestJson(*out, SystemClock().NowUnix()));
          });
  }
}

}  // namespace phonghop::http
