#include "http/handlers/routes.h"
#include "http/json_body.h"

namespace phonghop::http {

void RegisterHealthRoutes(Router& r, HealthInfo info) {
  r.Add(Verb::get, "/healthz", Access::Public(), [info](Request&) {
    Response res = JsonReply({{"status", "ok"},
                              {"version", info.version},
                              {"schema_version", info.schema_version}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
}

}  // namespace phonghop::http
