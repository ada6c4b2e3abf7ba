// A staff account's congress scope (decision 418) from its rows: the
// `users.scoped` flag and the (user_id, congress_id) pairs of
// `user_congresses`. Shared by the SQLite and PostgreSQL repositories.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "auth/auth.h"

namespace phonghop::storage::rows {

// `scoped` is users.scoped; `ids` the account's congress ids.
inline auth::CongressScope ScopeOf(bool scoped, std::vector<int64_t> ids) {
  return scoped ? auth::CongressScope::Only(std::move(ids)) : auth::CongressScope::All();
}

// Fills each user's scope from its flag (`scoped`, keyed by user id) and
// the (user_id, congress_id) pairs.
inline void AssignScopes(std::vector<auth::User>& users, const std::map<int64_t, bool>& scoped,
                         const std::vector<std::pair<int64_t, int64_t>>& pairs) {
  std::map<int64_t, std::vector<int64_t>> ids;
  for (const auto& [user, congress] : pairs) ids[user].push_back(congress);
  for (auto& u : users) {
    auto flag = scoped.find(u.id);
    u.scope = ScopeOf(flag != scoped.end() && flag->second, std::move(ids[u.id]));
  }
}

}  // namespace phonghop::storage::rows
