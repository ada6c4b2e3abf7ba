// Operational routes: /healthz (for balancers and scripts) and /metrics
// (Prometheus text format, for the operators' dashboard).
#include "http/handlers/routes.h"
#include "http/json_body.h"
#include "metrics/metrics.h"

namespace phonghop::http {

namespace {

// A client on this machine — but not one a proxy on this machine forwards
// (a TLS terminator on the venue laptop makes every phone look local).
bool LocalScraper(const Request& req) {
  const std::string_view ip = req.remote_ip;
  const bool loopback = ip.rfind("127.", 0) == 0 || ip == "::1" || ip.rfind("::ffff:127.", 0) == 0;
  return loopback && req.Header("Forwarded").empty() && req.Header("X-Forwarded-For").empty() &&
         req.Header("X-Real-IP").empty();
}

Result<Response> Health(HealthInfo& info, Request&) {
  Response res = JsonReply({{"status", "ok"},
                            {"version", info.version},
                            {"schema_version", info.schema_version}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

// Staff, or a scraper on the same machine (decision 54): the figures say
// how many people are in the hall and which routes are used.
Result<Response> MetricsText(HealthInfo&, Request& req) {
  const bool staff = req.principal && (req.principal->role == congress::Role::kAdmin ||
                                       req.principal->role == congress::Role::kSecretariat);
  if (!staff && !LocalScraper(req))
    return Status::PermissionDenied("chỉ ban tổ chức hoặc máy chủ này được xem số liệu vận hành");
  Response res;
  res.content_type = "text/plain; version=0.0.4; charset=utf-8";
  res.body = metrics::Metrics::Get().Text();
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

}  // namespace

void RegisterHealthRoutes(Router& r, HealthInfo info) {
  AddRoutes<HealthInfo>(r, std::make_shared<HealthInfo>(std::move(info)), {
      {Verb::get, "/healthz", Access::Public(), Health},
      {Verb::get, "/metrics", Access::Public(), MetricsText},
  });
}

}  // namespace phonghop::http
