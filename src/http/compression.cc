#include "http/compression.h"

#include <zlib.h>

namespace phonghop::http {

std::string GzipCompress(std::string_view data) {
  z_stream zs{};
  // 15 + 16: a gzip wrapper rather than raw zlib.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(zs.total_out);
  return out;
}

bool AcceptsGzip(std::string_view ae) {
  size_t pos = 0;
  while (pos < ae.size()) {
    size_t comma = ae.find(',', pos);
    std::string_view item = ae.substr(pos, comma == std::string_view::npos ? ae.npos : comma - pos);
    pos = comma == std::string_view::npos ? ae.size() : comma + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string_view name = item.substr(0, item.find(';'));
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name == "gzip" || name == "*") {
      size_t q = item.find("q=");
      if (q != std::string_view::npos && item.substr(q + 2, 1) == "0" &&
          item.substr(q + 2).find_first_not_of("0.") == std::string_view::npos)
        return false;
      return true;
    }
  }
  return false;
}

}  // namespace phonghop::http
