#include "congress/delegate_import.h"
#include "http/congress_json.h"
#include "http/error_mapping.h"
#include "http/handlers/routes.h"
#include "http/json_body.h"
#include "http/reply_cache.h"
#include "http/spreadsheet_reply.h"
#include "io/spreadsheet.h"

namespace phonghop::http {

using nlohmann::json;
using namespace phonghop::congress;

namespace {
bool Flag(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  return v && (*v == "1" || *v == "true" || v->empty());
}
}  // namespace

void RegisterDelegateRoutes(Router& r, CongressService& svc, ReplyCache& cache) {
  r.Add(Verb::get, "/api/v1/congresses/{slug}/delegates", Access::Staff(), [&svc, &cache](Request& req) {
    std::string slug(req.Param("slug"));
    return cache.Serve(req, "delegates:" + slug, svc.generation(), [&] {
      auto list = svc.Delegates(slug);
      if (!list.ok()) return ErrorResponse(list.status());
      json items = json::array();
      for (const auto& d : *list) items.push_back(ToJson(d));
      return JsonReply({{"delegates", items}});
    });
  });

  // The body is the spreadsheet itself (CSV or XLSX, sniffed from content).
  r.Add(Verb::post, "/api/v1/congresses/{slug}/delegates/import", Access::Staff(), [&svc](Request& req) {
    auto table = io::ParseSpreadsheet(req.body());
    if (!table.ok()) return ErrorResponse(table.status());
    ImportOptions opts;
    opts.create_delegations = Flag(req, "create_delegations");
    auto report = svc.ImportDelegates(req.Param("slug"), *table, opts, Flag(req, "dry_run"));
    if (!report.ok()) return ErrorResponse(report.status());
    return JsonReply(ToJson(*report));
  });

  r.Add(Verb::get, "/api/v1/congresses/{slug}/delegates/export", Access::Staff(), [&svc](Request& req) {
    std::string format = req.Query("format").value_or("xlsx");
    if (format != "xlsx" && format != "csv")
      return ErrorResponse(Status::InvalidArgument("Định dạng (format) phải là xlsx hoặc csv"));
    auto list = svc.Delegates(req.Param("slug"));
    if (!list.ok()) return ErrorResponse(list.status());
    std::vector<std::vector<std::string>> rows{ExportHeader()};
    for (const auto& d : *list) rows.push_back(ExportRow(d));
    return SpreadsheetReply(rows, format, "dai-bieu-" + std::string(req.Param("slug")), "Đại biểu");
  });
}

void RegisterEventRoutes(Router& r, CongressService& svc) {
  // One event stream per open app; reconnects resume with Last-Event-ID.
  r.Add(Verb::get, "/api/v1/congresses/{slug}/events", Access::Public(), [&svc](Request& req) {
    auto c = svc.Get(req.Param("slug"));
    if (!c.ok()) return ErrorResponse(c.status());
    Response res;
    res.sse_topic = c->slug;
    res.sse_last_event_id = std::string(req.Header("Last-Event-ID"));
    if (res.sse_last_event_id.empty())
      res.sse_last_event_id = req.Query("last_event_id").value_or("");
    return res;
  });
}

}  // namespace phonghop::http
