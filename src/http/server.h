// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines, one
// io_context per thread, each run by that thread alone (a connection lives
// on one context: no strand needed). Enforces the
// limits that keep a crowded venue network from taking it down (header and
// body size, read timeouts against slow clients, a connection cap) and
// shuts down gracefully on request.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/request.h"

namespace phonghop::http {

class SseHub;

// What the server may do with a request's body, decided from its header.
struct BodyPolicy {
  std::optional<Response> refuse;  // set: answer this, read nothing
  uint64_t limit = 0;              // largest body allowed, bytes
  bool to_disk = false;            // stream to a temp file (uploads)
  std::chrono::seconds deadline{60};  // for reading the whole body
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port
  int threads = 0;       // 0 = hardware concurrency
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 8u << 20;  // JSON and spreadsheets
  size_t max_connections = 10000;
  std::chrono::seconds header_timeout{15};  // idle keep-alive + header read
  std::chrono::seconds body_timeout{60};
  std::chrono::seconds write_timeout{60};
  std::chrono::seconds sse_heartbeat{20};
  std::chrono::seconds shutdown_grace{10};
  bool log_requests = true;
  // Decides, from the header alone, whether a request's body may be read at
  // all and how: called before a single body byte is read, so a refused
  // (unauthenticated, rate-limited, unknown-route) request never costs
  // memory or disk. Unset: every body is read into memory up to
  // max_body_bytes.
  std::function<BodyPolicy(Request&)> body_policy;
  std::string upload_dir;
  // The largest body any route accepts (uploads): while the header is read
  // nothing smaller may be enforced, or an upload's Content-Length would be
  // refused before its route is known.
  size_t max_stream_body_bytes = 200u << 20;
  int blocking_threads = 2;  // pool for Response::deferred work
  // Open connections one client address may hold (0 = no cap); a request
  // over it is answered 503 and closed.
  size_t max_connections_per_address = 0;
  // Reverse proxies (the balancer) whose X-Forwarded-For is believed: for a
  // connection from one of these addresses the request's remote_ip is the
  // client named in the header (http/client_address.h), and the per-address
  // connection cap does not apply to the proxy itself. Empty = none.
  std::vector<std::string> trusted_proxies;
  int face_threads = 0;      // pool for deferred face work (Pool::kFace); 0 = cores
  // TLS: PEM paths; both empty = plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Called for every complete request; must be thread-safe.
using Dispatcher = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerConfig config, Dispatcher dispatcher, SseHub& hub);
  ~Server();

  // Binds and listens. kUnavailable when the address is in use or the TLS
  // files can't be loaded.
  Status Start();
  // Serves until Stop() (or SIGTERM/SIGINT when handle_signals) and the
  // graceful shutdown completes. Blocks the calling thread, which is one of
  // the worker threads.
  void Run(bool handle_signals);
  // Stops accepting, finishes in-flight requests, closes idle and event
  // stream connections, then returns from Run(). Thread-safe.
  void Stop();
  uint16_t port() const;
  size_t active_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace phonghop::http
