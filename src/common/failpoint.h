// Fail points for fault tests: named places in the code that misbehave on
// purpose when the environment variable PHONGHOP_FAILPOINTS names them
// (comma-separated, read once at the first check). Unset in production, a
// check is one load of a cached flag. Used by the integration tests (an
// internal error on a route; a crash right after a commit) — the same idea
// as FreeBSD's fail(9) and TiKV's fail-rs, without the dependency.
#pragma once

#include <string_view>

namespace phonghop {

// True when `name` is among the fail points switched on. Thread-safe.
bool FailpointOn(std::string_view name);

}  // namespace phonghop
