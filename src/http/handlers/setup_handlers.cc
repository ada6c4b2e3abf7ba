// The first admin, created in the browser from the one-time set-up link.
#include "http/error_mapping.h"
#include "http/handlers/routes.h"
#include "http/json_body.h"

namespace phonghop::http {

namespace {

// Whether the installation still waits for its first admin (the home page
// then tells where the set-up link is).
Result<Response> SetupNeeded(SetupRouteDeps& d, Request&) {
  return JsonReply({{"needed", d.needed()}});
}

// {"token", "name", "password"} → 201; the browser then signs in.
Result<Response> CompleteSetup(SetupRouteDeps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto body, ParseJsonObject(req.body()));
  std::string token, name, password;
  JsonFields f(body, {"token", "name", "password"});
  f.Str("token", token, true).Str("name", name, true).Str("password", password, true);
  PH_RETURN_IF_ERROR(f.status());
  PH_RETURN_IF_ERROR(d.complete(token, name, password));
  return JsonReply({{"name", name}, {"role", "admin"}}, 201);
}

}  // namespace

void RegisterSetupRoutes(Router& r, SetupRouteDeps deps) {
  AddRoutes<SetupRouteDeps>(r, std::make_shared<SetupRouteDeps>(std::move(deps)), {
      {Verb::get, "/api/v1/setup", Access::Public(), SetupNeeded},
      {Verb::post, "/api/v1/setup", Access::Public(), CompleteSetup},
  });
}

}  // namespace phonghop::http
