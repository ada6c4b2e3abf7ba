// gzip for text replies (zlib).
#pragma once

#include <string>
#include <string_view>

namespace phonghop::http {

// Returns the gzip encoding of `data` (level 6), or "" on failure.
std::string GzipCompress(std::string_view data);
// True when an Accept-Encoding header allows gzip (q>0).
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace phonghop::http
