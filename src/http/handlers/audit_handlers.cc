// The audit log for admins: JSON pages or the whole CSV.
#include "common/clock.h"
#include "common/numbers.h"
#include "http/error_mapping.h"
#include "http/handlers/audit_routes.h"
#include "http/json_body.h"
#include "io/csv.h"

namespace phonghop::http {

using nlohmann::json;

namespace {

struct Deps {
  audit::AuditLog& log;
};

Result<Response> ListAudit(Deps& d, Request& req) {
  int limit = 200;
  int64_t before = 0;
  if (auto l = req.Query("limit"); l && !l->empty()) {
    auto n = ParseNumber<int>(*l);
    if (!n) return Status::InvalidArgument("limit / before phải là số");
    limit = std::clamp(*n, 1, 100000);
  }
  if (auto b = req.Query("before"); b && !b->empty()) {
    auto n = ParseNumber<int64_t>(*b);
    if (!n) return Status::InvalidArgument("limit / before phải là số");
    before = *n;
  }
  PH_ASSIGN_OR_RETURN(auto entries, d.log.List(limit, before));
  if (req.Query("format").value_or("") == "csv") {
    std::vector<std::vector<std::string>> rows = {{"id", "thời điểm (UTC)", "người làm", "việc", "kết quả", "địa chỉ"}};
    for (const auto& e : entries)
      rows.push_back({std::to_string(e.id), FormatIsoUtc(e.at), e.actor, e.action, e.outcome, e.address});
    Response res;
    res.body = io::WriteCsv(rows);
    res.content_type = "text/csv; charset=utf-8";
    res.AddHeader("Content-Disposition", "attachment; filename=\"nhat-ky.csv\"");
    res.AddHeader("Cache-Control", "no-store");
    return res;
  }
  json items = json::array();
  for (const auto& e : entries)
    items.push_back({{"id", e.id}, {"at", FormatIsoUtc(e.at)}, {"actor", e.actor}, {"action", e.action},
                     {"outcome", e.outcome}, {"address", e.address}});
  Response res = JsonReply({{"entries", items}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

}  // namespace

void RegisterAuditRoutes(Router& r, audit::AuditLog& log) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{log}), {
      {Verb::get, "/api/v1/audit", Access::Roles({congress::Role::kAdmin}), ListAudit},
  });
}

}  // namespace phonghop::http
