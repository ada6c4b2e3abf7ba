// The first admin, created in the browser from the one-time set-up link.
#include "http/error_mapping.h"
#include "http/handlers/routes.h"
#include "http/json_body.h"

namespace phonghop::http {

void RegisterSetupRoutes(Router& r, SetupRouteDeps deps) {
  auto d = std::make_shared<SetupRouteDeps>(std::move(deps));
  // Whether the installation still waits for its first admin (the home page
  // then tells where the set-up link is).
  r.Add(Verb::get, "/api/v1/setup", Access::Public(), [d](Request&) {
    return JsonReply({{"needed", d->needed()}});
  });
  // {"token", "name", "password"} → 201; the browser then signs in.
  r.Add(Verb::post, "/api/v1/setup", Access::Public(), [d](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string token, name, password;
    JsonFields f(*body, {"token", "name", "password"});
    f.Str("token", token, true).Str("name", name, true).Str("password", password, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    Status st = d->complete(token, name, password);
    if (!st.ok()) return ErrorResponse(st);
    return JsonReply({{"name", name}, {"role", "admin"}}, 201);
  });
}

}  // namespace phonghop::http
