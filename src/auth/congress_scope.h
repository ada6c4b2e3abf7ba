// Which congresses a staff account may work on (decision 418). Admins are
// global by design and never scoped; a secretariat, chair or check-in
// account is either global (`all`, what every account made before
// decision 418 is) or limited to the congresses listed (possibly none).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace phonghop::auth {

struct CongressScope {
  bool all = true;                     // every congress of the installation
  std::vector<int64_t> congress_ids;   // when !all: these, sorted, no repeats

  static CongressScope All() { return {}; }
  // Limited to `ids` (sorted and de-duplicated here); empty = none.
  static CongressScope Only(std::vector<int64_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return {false, std::move(ids)};
  }
  // True when the account may work on congress `id`.
  bool Allows(int64_t id) const {
    return all || std::binary_search(congress_ids.begin(), congress_ids.end(), id);
  }
};

}  // namespace phonghop::auth
