// A small blocking HTTP client for the integration tests (Beast), plus raw
// sockets for the tests that must misbehave on purpose.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace phonghop::testing {

struct HttpResult {
  int status = 0;  // 0 = connection failed or closed without a reply
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

// Sends with the default headers registered for `port` (a signed-in test
// session) added to `headers`.
HttpResult Http(uint16_t port, const std::string& method, const std::string& target,
                const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});
// The same without any session: what an anonymous phone sends.
HttpResult HttpAnonymous(uint16_t port, const std::string& method, const std::string& target,
                         const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {});
void SetDefaultHeaders(uint16_t port, const std::map<std::string, std::string>& headers);

// A connected TCP socket to 127.0.0.1:port (blocking); -1 on failure.
int ConnectRaw(uint16_t port);
// Sends all of `data`; false if the peer closed.
bool SendRaw(int fd, const std::string& data);
// Reads until the peer closes or `timeout_ms` passes; returns what arrived.
std::string ReadRaw(int fd, int timeout_ms);
// Reads until `needle` appears or the timeout passes.
std::string ReadUntil(int fd, const std::string& needle, int timeout_ms);
// True when the peer has closed the connection within timeout_ms.
bool WaitClosed(int fd, int timeout_ms);
// A multipart/form-data body holding one file in the field "file", for
// `Content-Type: multipart/form-data; boundary=<boundary>`.
std::string MultipartBody(const std::string& boundary, const std::string& file_name, const std::string& content);

}  // namespace phonghop::testing
