#include "storage/s3/s3_client.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/files.h"

namespace phonghop::storage::s3 {

namespace {

// Payload hash for requests without a body: curl signs whatever this header
// says; radosgw refuses a request without it (403).
constexpr const char* kNoPayload = "x-amz-content-sha256: UNSIGNED-PAYLOAD";
constexpr size_t kMaxErrorBody = 4096;

std::once_flag g_curl_init;

}  // namespace

struct S3Client::Call {
  const char* method = "GET";
  std::string url;
  std::string content_sha256;  // empty = UNSIGNED-PAYLOAD
  int upload_fd = -1;
  uint64_t upload_size = 0;
  bool head = false;
  std::string range;       // "0-99" or "100-"
  int sink_fd = -1;        // body of a 2xx reply goes here…
  std::string* sink = nullptr;  // …or here
  uint64_t* received = nullptr;
  bool write_failed = false;
  // Results.
  long http = 0;
  int64_t content_length = -1;  // Content-Length of the reply, -1 unknown
  std::string error_body;
  CURL* handle = nullptr;
};

namespace {

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* call = static_cast<S3Client::Call*>(user);
  const size_t len = size * n;
  long code = 0;
  curl_easy_getinfo(call->handle, CURLINFO_RESPONSE_CODE, &code);
  if (code < 200 || code >= 300) {
    // An error document (XML): keep its start to read the S3 error code.
    if (call->error_body.size() < kMaxErrorBody)
      call->error_body.append(data, std::min(len, kMaxErrorBody - call->error_body.size()));
    return len;
  }
  if (call->sink) {
    call->sink->append(data, len);
  } else if (call->sink_fd >= 0) {
    size_t done = 0;
    while (done < len) {
      ssize_t w = ::write(call->sink_fd, data + done, len - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        call->write_failed = true;
        return 0;  // aborts the transfer
      }
      done += static_cast<size_t>(w);
    }
  }
  if (call->received) *call->received += len;
  return len;
}

size_t OnUpload(char* buf, size_t size, size_t n, void* user) {
  auto* call = static_cast<S3Client::Call*>(user);
  for (;;) {
    ssize_t r = ::read(call->upload_fd, buf, size * n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return CURL_READFUNC_ABORT;
    return static_cast<size_t>(r);
  }
}

// The <Code> of an S3 error document, if any.
std::string ErrorCode(const std::string& body) {
  size_t a = body.find("<Code>");
  size_t b = body.find("</Code>");
  if (a == std::string::npos || b == std::string::npos || b < a) return "";
  return body.substr(a + 6, b - a - 6);
}

}  // namespace

S3Client::S3Client(S3Config config)
    : config_(std::move(config)), sigv4_("aws:amz:" + config_.region + ":s3") {
  // Before any handle exists; libcurl's global set-up is not re-entrant.
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

S3Client::~S3Client() {
  for (void* h : idle_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void* S3Client::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void S3Client::Release(void* handle) {
  // Reset clears the options but keeps the live connection for the next call.
  curl_easy_reset(static_cast<CURL*>(handle));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.size() < kMaxIdleHandles) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(static_cast<CURL*>(handle));
}

std::string S3Client::UrlFor(const std::string& key) const {
  return config_.endpoint + "/" + config_.bucket + (key.empty() ? "" : "/" + key);
}

Status S3Client::Perform(Call& call) {
  CURL* h = static_cast<CURL*>(Acquire());
  if (!h) return Status::Unavailable("không khởi tạo được kết nối tới kho tệp S3");
  call.handle = h;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, call.content_sha256.empty()
                                           ? kNoPayload
                                           : ("x-amz-content-sha256: " + call.content_sha256).c_str());
  curl_easy_setopt(h, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4_.c_str());
  curl_easy_setopt(h, CURLOPT_USERNAME, config_.access_key.c_str());
  curl_easy_setopt(h, CURLOPT_PASSWORD, config_.secret_key.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, config_.connect_timeout_ms);
  // A store that stops sending or receiving is given up, never waited on.
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, config_.stall_seconds);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &call);
  if (call.upload_fd >= 0) {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, OnUpload);
    curl_easy_setopt(h, CURLOPT_READDATA, &call);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(call.upload_size));
  } else if (call.head) {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method);
  }
  if (!call.range.empty()) curl_easy_setopt(h, CURLOPT_RANGE, call.range.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &call.http);
  curl_off_t length = -1;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK)
    call.content_length = static_cast<int64_t>(length);
  curl_slist_free_all(headers);
  Release(h);
  call.handle = nullptr;
  if (call.write_failed) return Status::Unavailable("không ghi được tệp tạm khi tải từ kho S3");
  if (rc != CURLE_OK)
    return Status::Unavailable(std::string("kho tệp S3 không trả lời (") + curl_easy_strerror(rc) + ")");
  if (call.http >= 200 && call.http < 300) return Status::Ok();
  const std::string code = ErrorCode(call.error_body);
  if (call.http == 404) return Status::NotFound("không có tệp này trong kho S3");
  if (code == "XAmzContentSHA256Mismatch" || code == "BadDigest")
    return Status::Internal("kho S3 từ chối: nội dung tệp không khớp mã SHA-256 đã gửi");
  if (call.http == 403)
    return Status::Unavailable("kho tệp S3 từ chối khoá truy cập (" + (code.empty() ? "403" : code) + ")");
  if (call.http >= 500)
    return Status::Unavailable("kho tệp S3 đang lỗi (HTTP " + std::to_string(call.http) + ")");
  return Status::Internal("kho tệp S3 trả lời HTTP " + std::to_string(call.http) +
                          (code.empty() ? "" : " " + code));
}

Status S3Client::PutFile(const std::string& key, const std::string& path, const std::string& sha256) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return Status::NotFound("không đọc được tệp cần lưu");
  struct stat st{};
  if (::fstat(fd.get(), &st) != 0) return Status::Unavailable("không đọc được tệp cần lưu");
  Call call;
  call.method = "PUT";
  call.url = UrlFor(key);
  call.content_sha256 = sha256;
  call.upload_fd = fd.get();
  call.upload_size = static_cast<uint64_t>(st.st_size);
  return Perform(call);
}

Result<uint64_t> S3Client::Head(const std::string& key) {
  Call call;
  call.method = "HEAD";
  call.head = true;
  call.url = UrlFor(key);
  PH_RETURN_IF_ERROR(Perform(call));
  return call.content_length < 0 ? 0 : static_cast<uint64_t>(call.content_length);
}

Status S3Client::GetToFd(const std::string& key, int fd, uint64_t offset, uint64_t* received) {
  Call call;
  call.url = UrlFor(key);
  call.sink_fd = fd;
  call.received = received;
  if (offset > 0) call.range = std::to_string(offset) + "-";
  return Perform(call);
}

Result<std::string> S3Client::GetRange(const std::string& key, uint64_t offset, uint64_t length) {
  if (length == 0) return std::string();
  std::string out;
  Call call;
  call.url = UrlFor(key);
  call.sink = &out;
  call.range = std::to_string(offset) + "-" + std::to_string(offset + length - 1);
  PH_RETURN_IF_ERROR(Perform(call));
  if (call.http == 200 && out.size() > length)  // a store that ignored Range
    out = offset < out.size() ? out.substr(offset, length) : std::string();
  return out;
}

Status S3Client::Delete(const std::string& key) {
  Call call;
  call.method = "DELETE";
  call.url = UrlFor(key);
  Status st = Perform(call);
  if (st.code() == StatusCode::kNotFound) return Status::Ok();
  return st;
}

Status S3Client::EnsureBucket() {
  Call head;
  head.method = "HEAD";
  head.head = true;
  head.url = UrlFor("");
  Status st = Perform(head);
  if (st.ok() || st.code() != StatusCode::kNotFound) return st;
  Call put;
  put.method = "PUT";
  put.url = UrlFor("");
  st = Perform(put);
  if (!st.ok() && put.http == 409) return Status::Ok();  // made meanwhile by another node
  return st;
}

}  // namespace phonghop::storage::s3
