#include "storage/s3/s3_config.h"

#include <cstdlib>

namespace phonghop::storage::s3 {

namespace {

std::string Env(const char* a, const char* b) {
  if (const char* v = std::getenv(a); v && *v) return v;
  if (const char* v = std::getenv(b); v && *v) return v;
  return "";
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding of a query value (an endpoint may be written encoded).
bool PercentDecode(const std::string& in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

// S3 bucket names: 3–63 of a-z 0-9 . - (path-style requests carry it as is).
bool ValidBucket(const std::string& b) {
  if (b.size() < 3 || b.size() > 63) return false;
  for (char c : b)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  return true;
}

}  // namespace

bool IsS3Url(const std::string& spec) { return spec.rfind("s3://", 0) == 0; }

Result<S3Config> ParseS3Url(const std::string& url) {
  if (!IsS3Url(url)) return Status::InvalidArgument("--blobs: địa chỉ kho S3 phải bắt đầu bằng s3://");
  S3Config c;
  std::string rest = url.substr(5);
  size_t q = rest.find('?');
  c.bucket = rest.substr(0, q);
  if (!c.bucket.empty() && c.bucket.back() == '/') c.bucket.pop_back();
  if (!ValidBucket(c.bucket))
    return Status::InvalidArgument("--blobs: tên bucket \"" + c.bucket +
                                   "\" không hợp lệ (3–63 ký tự a-z, 0-9, '.', '-')");
  std::string query = q == std::string::npos ? "" : rest.substr(q + 1);
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    pos = amp == std::string::npos ? query.size() : amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = pair.substr(0, eq), value;
    if (eq == std::string::npos || !PercentDecode(pair.substr(eq + 1), &value))
      return Status::InvalidArgument("--blobs: tham số \"" + pair + "\" không hợp lệ");
    if (key == "endpoint") {
      c.endpoint = value;
    } else if (key == "region") {
      c.region = value;
    } else {
      return Status::InvalidArgument("--blobs: không có tham số \"" + key +
                                     "\" (dùng endpoint=, region=)");
    }
  }
  while (!c.endpoint.empty() && c.endpoint.back() == '/') c.endpoint.pop_back();
  if (c.endpoint.rfind("http://", 0) != 0 && c.endpoint.rfind("https://", 0) != 0)
    return Status::InvalidArgument(
        "--blobs: cần endpoint=http://MÁY:CỔNG hoặc https://… (địa chỉ dịch vụ S3)");
  if (c.region.empty()) return Status::InvalidArgument("--blobs: region không được để trống");
  for (char ch : c.region)
    if (ch == ':' || ch == '/' || ch == ' ')
      return Status::InvalidArgument("--blobs: region \"" + c.region + "\" không hợp lệ");
  c.access_key = Env("PHONGHOP_S3_ACCESS_KEY", "AWS_ACCESS_KEY_ID");
  c.secret_key = Env("PHONGHOP_S3_SECRET_KEY", "AWS_SECRET_ACCESS_KEY");
  if (c.access_key.empty() || c.secret_key.empty())
    return Status::InvalidArgument(
        "--blobs: thiếu khoá truy cập S3: đặt PHONGHOP_S3_ACCESS_KEY và PHONGHOP_S3_SECRET_KEY");
  return c;
}

}  // namespace phonghop::storage::s3
