// Who may open a document: public ones anyone; "delegates" ones anyone
// signed in (a badge session only for its own congress); "roles" ones the
// named roles. Admin and secretariat see everything. A hall screen (screen
// token, decision 413) sees public ones, and a delegates-only one of its
// congress while the chair presents it. A staff account scoped to some
// congresses (decision 418) sees the others' as anyone does.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "congress/model.h"
#include "documents/model.h"

namespace phonghop::documents {

struct Viewer {
  bool signed_in = false;
  congress::Role role = congress::Role::kDelegate;
  int64_t badge_congress_id = 0;  // for delegates signed in by badge, and screens
  std::string presented_code;     // for screens: the document the chair presents now
  // A staff account limited to some congresses (decision 418): outside
  // them it sees only what anyone sees.
  bool scoped = false;
  std::vector<int64_t> scope_ids;  // sorted
};

// `code` is the document's code: a screen may open the presented one.
inline bool CanSee(Visibility visibility, const std::vector<std::string>& roles, int64_t congress_id,
                   const Viewer& v, const std::string& code = "") {
  if (visibility == Visibility::kPublic) return true;
  if (!v.signed_in) return false;
  if (v.scoped && !std::binary_search(v.scope_ids.begin(), v.scope_ids.end(), congress_id)) return false;
  if (v.role == congress::Role::kScreen)
    return visibility == Visibility::kDelegates && !code.empty() && code == v.presented_code &&
           v.badge_congress_id == congress_id;
  if (v.role == congress::Role::kAdmin || v.role == congress::Role::kSecretariat) return true;
  if (v.badge_congress_id && v.badge_congress_id != congress_id) return false;
  if (visibility == Visibility::kDelegates) return true;
  return std::find(roles.begin(), roles.end(), congress::ToString(v.role)) != roles.end();
}

inline bool CanSee(const Document& d, const Viewer& v) {
  return CanSee(d.visibility, d.roles, d.congress_id, v, d.code);
}

}  // namespace phonghop::documents
