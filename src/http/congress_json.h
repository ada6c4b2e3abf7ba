// JSON encoding of the congress model for the HTTP API (the wire format is
// documented in docs/http-api.md).
#pragma once

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "congress/congress_service.h"
#include "congress/model.h"

namespace phonghop::http {

nlohmann::json ToJson(const congress::Congress& c);
nlohmann::json ToJson(const congress::Session& s);
nlohmann::json ToJson(const congress::AgendaItem& a);
nlohmann::json ToJson(const congress::Delegation& d);
nlohmann::json ToJson(const congress::Delegate& d);
nlohmann::json ToJson(const congress::CongressOverview& o);
nlohmann::json ToJson(const congress::ImportReport& r);

// Reads the writable congress fields; `c` keeps values for absent keys.
Status CongressFromJson(const nlohmann::json& j, congress::Congress& c);
Status SessionFromJson(const nlohmann::json& j, congress::Session& s);
Status AgendaItemFromJson(const nlohmann::json& j, congress::AgendaItem& a);
Status DelegationFromJson(const nlohmann::json& j, congress::Delegation& d);

}  // namespace phonghop::http
