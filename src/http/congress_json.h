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
// With `patch`, fields absent from `j` keep their current value (none is
// required).
Status SessionFromJson(const nlohmann::json& j, congress::Session& s, bool patch = false);
Status AgendaItemFromJson(const nlohmann::json& j, congress::AgendaItem& a, bool patch = false);
Status DelegationFromJson(const nlohmann::json& j, congress::Delegation& d, bool patch = false);
// Applies the fields present in `j` onto `d` (a patch; also used to build a
// new delegate from an empty one).
Status DelegateFromJson(const nlohmann::json& j, congress::Delegate& d);
nlohmann::json ToJson(const congress::DeletionReport& r);

}  // namespace phonghop::http
