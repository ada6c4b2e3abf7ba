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

struct Deps {
  CongressService& svc;
  ReplyCache& cache;
};

Result<Response> ListDelegates(Deps& d, Request& req) {
  std::string slug(req.Param("slug"));
  return d.cache.Serve(req, "delegates:" + slug, d.svc.generation(), [&]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto list, d.svc.Delegates(slug));
    json items = json::array();
    for (const auto& x : list) items.push_back(ToJson(x));
    return JsonReply({{"delegates", items}});
  });
}

// The body is the spreadsheet itself (CSV or XLSX, sniffed from content).
Result<Response> ImportDelegates(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto table, io::ParseSpreadsheet(req.body()));
  ImportOptions opts;
  opts.create_delegations = Flag(req, "create_delegations");
  PH_ASSIGN_OR_RETURN(auto report, d.svc.ImportDelegates(req.Param("slug"), table, opts, Flag(req, "dry_run")));
  return JsonReply(ToJson(report));
}

Result<Response> ExportDelegates(Deps& d, Request& req) {
  std::string format = req.Query("format").value_or("xlsx");
  if (format != "xlsx" && format != "csv")
    return Status::InvalidArgument("Định dạng (format) phải là xlsx hoặc csv");
  PH_ASSIGN_OR_RETURN(auto list, d.svc.Delegates(req.Param("slug")));
  std::vector<std::vector<std::string>> rows{ExportHeader()};
  for (const auto& x : list) rows.push_back(ExportRow(x));
  return SpreadsheetReply(rows, format, "dai-bieu-" + std::string(req.Param("slug")), "Đại biểu");
}

// One event stream per open app; reconnects resume with Last-Event-ID.
Result<Response> Events(CongressService& svc, Request& req) {
  PH_ASSIGN_OR_RETURN(Congress c, svc.Get(req.Param("slug")));
  Response res;
  res.sse_topic = c.slug;
  res.sse_last_event_id = std::string(req.Header("Last-Event-ID"));
  if (res.sse_last_event_id.empty()) res.sse_last_event_id = req.Query("last_event_id").value_or("");
  return res;
}

}  // namespace

void RegisterDelegateRoutes(Router& r, CongressService& svc, ReplyCache& cache) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{svc, cache}), {
      {Verb::get, "/api/v1/congresses/{slug}/delegates", Access::Staff(), ListDelegates},
      {Verb::post, "/api/v1/congresses/{slug}/delegates/import", Access::Staff(), ImportDelegates},
      {Verb::get, "/api/v1/congresses/{slug}/delegates/export", Access::Staff(), ExportDelegates},
  });
}

void RegisterEventRoutes(Router& r, CongressService& svc) {
  // A non-owning pointer: the service outlives the router.
  AddRoutes<CongressService>(r, std::shared_ptr<CongressService>(&svc, [](CongressService*) {}), {
      {Verb::get, "/api/v1/congresses/{slug}/events", Access::Public(), Events},
  });
}

}  // namespace phonghop::http
