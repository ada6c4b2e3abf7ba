// The client's address behind a trusted reverse proxy (HAProxy, nginx): the
// rightmost X-Forwarded-For entry that is not itself a trusted proxy. Only
// when the connection comes from a configured proxy — anyone else could
// write the header (decision 516).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace phonghop::http {

// `peer`: the TCP peer's address ("127.0.0.1", "::1"); `forwarded_for`: the
// X-Forwarded-For header ("" if absent; several headers joined with ", ");
// `trusted`: the proxies' addresses, exact strings. Returns `peer` when it
// is not trusted, when the header is missing or names no valid address, and
// otherwise the rightmost address not in `trusted` (so a client cannot
// forge its own entry: the proxy appends the real one after it). Pure.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted);

}  // namespace phonghop::http
