#include <utility>  // before Asio: Boost 1.74's awaitable.hpp needs std::exchange

#include "http/server.h"
#include "http/client_address.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/files.h"
#include "common/log.h"
#include "http/log_redaction.h"
#include "http/compression.h"
#include "http/error_mapping.h"
#include "http/immutable_fds.h"
#include "http/reply_head.h"
#include "http/sse_hub.h"
#include "metrics/metrics.h"

namespace phonghop::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = net::ssl;
using net::awaitable;
using net::redirect_error;
using net::use_awaitable;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// Per-connection state shared with the shutdown path. `close` runs on the
// connection's own io_context (one thread) only.
struct ConnState {
  net::any_io_executor executor;
  std::function<void()> close;  // nulled when the connection ends
  bool idle = true;             // waiting for the next request
  // The idle/header deadline, checked by the sweeper of the connection's own
  // io_context (so only that thread reads or writes it): a keep-alive
  // connection costs no timer operation per request.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  const void* home = nullptr;  // the io_context whose thread serves it
};


bool IsTextualType(std::string_view ct) {
  return ct.substr(0, 5) == "text/" || ct.find("json") != std::string_view::npos ||
         ct.find("javascript") != std::string_view::npos ||
         ct.find("svg") != std::string_view::npos;
}

Response TooLarge(uint64_t limit) {
  std::string size = limit >= (1u << 20) ? std::to_string(limit >> 20) + " MB"
                                         : std::to_string(limit >> 10) + " KB";
  return ErrorResponse(413, "body_too_large", "nội dung gửi lên quá lớn (tối đa " + size + ")");
}

awaitable<Response> RunDeferred(std::function<Response()> work) {
  try {
    co_return work();
  } catch (const std::exception& e) {
    Response r = ErrorResponse(500, "internal", "lỗi máy chủ nội bộ");
    r.cause = std::string("deferred handler threw: ") + e.what();
    co_return r;
  }
}

}  // namespace

struct Server::Impl {
  ServerConfig cfg;
  Dispatcher dispatch;
  SseHub& hub;
  // One io_context per thread, each run by exactly one thread: connections
  // are spread across them round-robin, so threads never contend on one
  // scheduler queue (the profile of the API benchmark showed that lock).
  // `ioc` (the first) also runs the acceptor, signals and shutdown.
  net::io_context ioc{1};
  std::vector<std::unique_ptr<net::io_context>> extra;
  // With SO_REUSEPORT each extra context has its own listening socket on the
  // same port and the kernel spreads new connections (as nginx workers do);
  // without it, the first acceptor hands connections out round-robin.
  std::vector<std::unique_ptr<tcp::acceptor>> extra_acceptors;
  std::atomic<size_t> next_context{0};
  net::thread_pool blocking{size_t(std::max(1, cfg.blocking_threads))};
  // Face work at the door (decode, detect, liveness, embed): its own threads
  // so a check-in never waits behind an upload on `blocking`.
  net::thread_pool face{size_t(cfg.face_threads > 0 ? cfg.face_threads
                                                     : std::max(1u, std::thread::hardware_concurrency()))};
  tcp::acceptor acceptor{ioc};
  std::unique_ptr<ssl::context> tls;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> active{0};
  std::mutex conns_mu;
  std::unordered_set<std::shared_ptr<ConnState>> conns;
  uint16_t bound_port = 0;

  Impl(ServerConfig c, Dispatcher d, SseHub& h)
      : cfg(std::move(c)), dispatch(std::move(d)), hub(h) {}

  awaitable<void> Accept(tcp::acceptor& acc, net::io_context& home);
  net::io_context& NextContext() {
    const size_t n = extra.size() + 1;
    const size_t i = next_context.fetch_add(1, std::memory_order_relaxed) % n;
    return i == 0 ? ioc : *extra[i - 1];
  }
  awaitable<void> RunPlain(tcp::socket sock, std::string remote);
  // Closes this context's connections whose header deadline has passed;
  // runs on `ctx`'s own thread every half second until shutdown.
  awaitable<void> Sweep(net::io_context& ctx);
  awaitable<void> RunTls(tcp::socket sock, std::string remote);
  // Per-address connection count: false when `ip` already holds the most
  // connections one address may have.
  bool AcquireAddress(const std::string& ip);
  bool TrustedProxy(const std::string& ip) const {
    return std::find(cfg.trusted_proxies.begin(), cfg.trusted_proxies.end(), ip) != cfg.trusted_proxies.end();
  }
  void ReleaseAddress(const std::string& ip);
  std::mutex addr_mu;
  std::unordered_map<std::string, size_t> per_address;
  template <class Stream>
  awaitable<void> Serve(Stream& stream, std::shared_ptr<ConnState> state,
                        std::string remote, bool secure);
  template <class Stream>
  awaitable<void> Refuse(Stream& stream, const BeastRequest* req, std::string_view path,
                         Response res, beast::flat_buffer& buffer, bool drain,
                         Clock::time_point start, const std::string& remote,
                         std::string_view route = {});
  template <class Stream>
  awaitable<bool> WriteResponse(Stream& stream, const BeastRequest& req,
                                Response& res, bool keep_alive, size_t* bytes);
  template <class Stream>
  awaitable<void> ServeEvents(Stream& stream, const Response& res);
  template <class Stream>
  awaitable<bool> SendFile(Stream& stream, const FileSpan& span);
  template <class Stream>
  awaitable<bool> WriteAll(Stream& stream, const std::array<net::const_buffer, 2>& bufs, bool more);
  template <class Stream>
  awaitable<void> DrainAndClose(Stream& stream, beast::flat_buffer& buffer);
  void BeginShutdown();
  // One line per request: at info level when request logging is on, and
  // always (at error level, with the cause) for a 5xx.
  void LogRequest(const BeastRequest* req, std::string_view path, const Response& res,
                  size_t bytes, Clock::time_point start, const std::string& remote,
                  std::string_view request_id, std::string_view route = {});
};

Server::Server(ServerConfig config, Dispatcher dispatcher, SseHub& hub)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(dispatcher), hub)) {}

Server::~Server() {
  impl_->blocking.join();
  impl_->face.join();
}

uint16_t Server::port() const { return impl_->bound_port; }
size_t Server::active_connections() const { return impl_->active.load(); }

Status Server::Start() {
  auto& s = *impl_;
  beast::error_code ec;
  auto addr = net::ip::make_address(s.cfg.host, ec);
  if (ec) return Status::InvalidArgument("địa chỉ lắng nghe không hợp lệ: " + s.cfg.host);
  tcp::endpoint ep(addr, s.cfg.port);
  using reuse_port = net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
  s.acceptor.open(ep.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  beast::error_code port_ec;
  if (!ec) s.acceptor.set_option(reuse_port(true), port_ec);
  if (!ec) s.acceptor.bind(ep, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Status::Unavailable("không lắng nghe được trên " + s.cfg.host + ":" +
                               std::to_string(s.cfg.port) + ": " + ec.message());
  s.bound_port = s.acceptor.local_endpoint().port();
  const int n = s.cfg.threads > 0 ? s.cfg.threads
                                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 1; i < n; ++i) s.extra.push_back(std::make_unique<net::io_context>(1));
  if (!port_ec) {
    for (auto& ctx : s.extra) {
      auto a = std::make_unique<tcp::acceptor>(*ctx);
      beast::error_code aec;
      a->open(ep.protocol(), aec);
      if (!aec) a->set_option(net::socket_base::reuse_address(true), aec);
      if (!aec) a->set_option(reuse_port(true), aec);
      if (!aec) a->bind(tcp::endpoint(addr, s.bound_port), aec);
      if (!aec) a->listen(net::socket_base::max_listen_connections, aec);
      if (aec) {  // fall back to handing out connections from the first acceptor
        s.extra_acceptors.clear();
        break;
      }
      s.extra_acceptors.push_back(std::move(a));
    }
  }
  if (!s.cfg.tls_cert_file.empty()) {
    s.tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    s.tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                       ssl::context::no_tlsv1_1);
    // TLS 1.2 only with forward-secret AEAD suites (no CBC); TLS 1.3 as is.
    SSL_CTX_set_cipher_list(s.tls->native_handle(),
                            "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                            "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                            "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
    s.tls->use_certificate_chain_file(s.cfg.tls_cert_file, ec);
    if (!ec) s.tls->use_private_key_file(s.cfg.tls_key_file, ssl::context::pem, ec);
    if (ec) return Status::Unavailable("không nạp được chứng chỉ TLS: " + ec.message());
  }
  return Status::Ok();
}

void Server::Run(bool handle_signals) {
  auto& s = *impl_;
  net::co_spawn(s.ioc, s.Accept(s.acceptor, s.ioc), net::detached);
  net::co_spawn(s.ioc, s.Sweep(s.ioc), net::detached);
  for (auto& ctx : s.extra) net::co_spawn(*ctx, s.Sweep(*ctx), net::detached);
  for (size_t i = 0; i < s.extra_acceptors.size(); ++i)
    net::co_spawn(*s.extra[i], s.Accept(*s.extra_acceptors[i], *s.extra[i]), net::detached);
  net::signal_set signals(s.ioc);
  if (handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](const beast::error_code& ec, int sig) {
      if (ec) return;
      log::Info("signal=" + std::to_string(sig) + " shutting down gracefully");
      impl_->BeginShutdown();
    });
  }
  std::vector<std::thread> threads;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  for (auto& ctx : s.extra) guards.push_back(net::make_work_guard(*ctx));
  for (auto& ctx : s.extra) threads.emplace_back([c = ctx.get()] { c->run(); });
  s.ioc.run();
  // The first context stops when shutdown is complete; then the others.
  guards.clear();
  for (auto& ctx : s.extra) ctx->stop();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  net::post(impl_->ioc, [this] { impl_->BeginShutdown(); });
}

void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  for (size_t i = 0; i < extra_acceptors.size(); ++i)
    net::post(*extra[i], [a = extra_acceptors[i].get()] {
      beast::error_code e;
      a->close(e);
    });
  hub.CloseAll();
  {
    std::lock_guard<std::mutex> lock(conns_mu);
    for (const auto& c : conns) {
      net::post(c->executor, [c] {
        if (c->idle && c->close) c->close();
      });
    }
  }
  // Wait for in-flight requests to finish, up to the grace period.
  auto deadline = Clock::now() + cfg.shutdown_grace;
  auto timer = std::make_shared<net::steady_timer>(ioc);
  auto poll = std::make_shared<std::function<void()>>();
  *poll = [this, timer, deadline, poll] {
    if (active.load() == 0 || Clock::now() >= deadline) {
      if (active.load() != 0)
        log::Warn("shutdown grace period over with " + std::to_string(active.load()) +
                  " connections open");
      ioc.stop();
      *poll = nullptr;  // break the self-reference
      return;
    }
    {
      // Connections that went idle since the first sweep.
      std::lock_guard<std::mutex> lock(conns_mu);
      for (const auto& c : conns)
        net::post(c->executor, [c] {
          if (c->idle && c->close) c->close();
        });
    }
    timer->expires_after(std::chrono::milliseconds(50));
    timer->async_wait([poll](const beast::error_code&) {
      if (*poll) (*poll)();
    });
  };
  (*poll)();
}

awaitable<void> Server::Impl::Sweep(net::io_context& ctx) {
  net::steady_timer timer(ctx);
  const void* home = &static_cast<net::execution_context&>(ctx);
  std::vector<std::shared_ptr<ConnState>> late;
  while (!stopping) {
    timer.expires_after(std::chrono::milliseconds(500));
    beast::error_code ec;
    co_await timer.async_wait(redirect_error(use_awaitable, ec));
    const auto now = Clock::now();
    late.clear();
    {
      std::lock_guard<std::mutex> lock(conns_mu);
      for (const auto& c : conns)
        if (c->home == home && c->deadline < now) late.push_back(c);
    }
    for (const auto& c : late) {
      c->deadline = Clock::time_point::max();
      if (c->close) c->close();
    }
  }
}

namespace {
std::string RemoteOf(const tcp::socket& s) {
  beast::error_code ec;
  auto ep = s.remote_endpoint(ec);
  return ec ? std::string("?") : ep.address().to_string();
}
}  // namespace

bool Server::Impl::AcquireAddress(const std::string& ip) {
  if (cfg.max_connections_per_address == 0 || TrustedProxy(ip)) return true;
  std::lock_guard<std::mutex> lock(addr_mu);
  size_t& n = per_address[ip];
  if (n >= cfg.max_connections_per_address) return false;
  ++n;
  return true;
}

void Server::Impl::ReleaseAddress(const std::string& ip) {
  if (cfg.max_connections_per_address == 0 || TrustedProxy(ip)) return;
  std::lock_guard<std::mutex> lock(addr_mu);
  auto it = per_address.find(ip);
  if (it != per_address.end() && --it->second == 0) per_address.erase(it);
}

awaitable<void> Server::Impl::Accept(tcp::acceptor& acc, net::io_context& home) {
  const bool own_listener = &acc != &acceptor || !extra_acceptors.empty();
  // No strand: each io_context is run by exactly one thread, so a
  // connection's handlers never run concurrently (posts from other threads
  // — event fan-out, shutdown — go through the context's own queue).
  auto next_executor = [&]() -> net::any_io_executor {
    return own_listener ? home.get_executor() : NextContext().get_executor();
  };
  auto admit = [this](tcp::socket sock) {
    beast::error_code ec;
    std::string remote = RemoteOf(sock);
    if (active.load() >= cfg.max_connections || !AcquireAddress(remote)) {
      static const std::string k503 = [] {
        std::string body =
            "{\"error\":{\"code\":\"unavailable\",\"message\":\"máy chủ đang quá tải\"}}";
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
               "Connection: close\r\nRetry-After: 5\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
      }();
      sock.non_blocking(true, ec);
      sock.write_some(net::buffer(k503), ec);
      sock.close(ec);
      return;
    }
    sock.set_option(tcp::no_delay(true), ec);
    if (tls) {
      net::co_spawn(sock.get_executor(), RunTls(std::move(sock), std::move(remote)), net::detached);
    } else {
      net::co_spawn(sock.get_executor(), RunPlain(std::move(sock), std::move(remote)), net::detached);
    }
  };
  beast::error_code nb;
  acc.non_blocking(true, nb);
  for (;;) {
    beast::error_code ec;
    tcp::socket sock = co_await acc.async_accept(next_executor(), redirect_error(use_awaitable, ec));
    if (ec) {
      if (stopping || ec == net::error::operation_aborted) co_return;
      // EMFILE and friends: back off briefly instead of spinning.
      log::Warn("accept: " + ec.message());
      net::steady_timer t(home, std::chrono::milliseconds(50));
      co_await t.async_wait(redirect_error(use_awaitable, ec));
      continue;
    }
    admit(std::move(sock));
    // Drain the backlog now: when a thousand phones connect at once, each
    // accept must not wait a full turn behind every busy connection (that
    // wait was the API benchmark's p99 tail of seconds).
    for (int i = 0; i < 256 && !nb; ++i) {
      tcp::socket more(next_executor());
      acc.accept(more, ec);
      if (ec) break;  // would_block: backlog empty
      admit(std::move(more));
    }
  }
}


awaitable<void> Server::Impl::RunPlain(tcp::socket sock, std::string remote) {
  ++active;
  metrics::Metrics::Get().ConnectionOpened();
  beast::tcp_stream stream(std::move(sock));
  auto state = std::make_shared<ConnState>();
  state->executor = stream.get_executor();
  state->home = &net::query(state->executor, net::execution::context);
  state->close = [&stream] {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.socket().close(ec);
  };
  {
    std::lock_guard<std::mutex> lock(conns_mu);
    conns.insert(state);
  }
  co_await Serve(stream, state, remote, false);
  state->close = nullptr;
  {
    std::lock_guard<std::mutex> lock(conns_mu);
    conns.erase(state);
  }
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  ReleaseAddress(remote);
  metrics::Metrics::Get().ConnectionClosed();
  --active;
}

awaitable<void> Server::Impl::RunTls(tcp::socket sock, std::string remote) {
  ++active;
  metrics::Metrics::Get().ConnectionOpened();
  beast::ssl_stream<beast::tcp_stream> stream(std::move(sock), *tls);
  auto state = std::make_shared<ConnState>();
  state->executor = stream.get_executor();
  state->home = &net::query(state->executor, net::execution::context);
  state->close = [&stream] {
    beast::error_code ec;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(stream).socket().close(ec);
  };
  {
    std::lock_guard<std::mutex> lock(conns_mu);
    conns.insert(state);
  }
  beast::error_code ec;
  beast::get_lowest_layer(stream).expires_after(cfg.header_timeout);
  co_await stream.async_handshake(ssl::stream_base::server,
                                  redirect_error(use_awaitable, ec));
  if (!ec) {
    co_await Serve(stream, state, remote, true);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(redirect_error(use_awaitable, ec));
  }
  state->close = nullptr;
  {
    std::lock_guard<std::mutex> lock(conns_mu);
    conns.erase(state);
  }
  ReleaseAddress(remote);
  metrics::Metrics::Get().ConnectionClosed();
  --active;
}

void Server::Impl::LogRequest(const BeastRequest* req, std::string_view path, const Response& res,
                              size_t bytes, Clock::time_point start, const std::string& remote,
                              std::string_view request_id, std::string_view route) {
  const bool failed = res.status >= 500;
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // Method labels from Beast's static table only (an unknown verb would
  // point into the request and grow the series without bound).
  const auto mv = req && req->method() != bhttp::verb::unknown ? bhttp::to_string(req->method())
                                                                : beast::string_view("OTHER");
  metrics::Metrics::Get().Request(route, std::string_view(mv.data(), mv.size()), res.status, seconds);
  if (!cfg.log_requests && !failed) return;
  double ms = seconds * 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", ms);
  std::string method = req ? std::string(req->method_string()) : "-";
  // The path as the log shows it: bytes that could end the value (space,
  // quote), start another field or break UTF-8 in a JSON line are
  // percent-encoded, so a request cannot forge log fields.
  std::string shown;
  for (unsigned char c : RedactPath(path)) {
    if (c <= 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
      static const char* kHex = "0123456789ABCDEF";
      shown += '%';
      shown += kHex[c >> 4];
      shown += kHex[c & 15];
    } else {
      shown += static_cast<char>(c);
    }
  }
  std::string line = "http method=" + method + " path=" + shown +
                     " status=" + std::to_string(res.status) + " bytes=" + std::to_string(bytes) +
                     " ms=" + buf + " remote=" + remote + " request_id=" + std::string(request_id);
  if (failed) {
    std::string cause = res.cause.empty() ? std::string("(none given)") : RedactPath(res.cause);
    std::replace(cause.begin(), cause.end(), '"', '\'');  // keeps the quoted value whole
    line += " route=" + std::string(route.empty() ? "-" : route) + " cause=\"" + cause + "\"";
    log::Error(line);
  } else {
    log::Info(line);
  }
}

static std::string NextRequestId() {
  // A random prefix per process (several processes behind one balancer)
  // and a counter: unique, cheap, and sortable within a process.
  static const std::string prefix = [] {
    std::random_device rd;
    char b[16];
    std::snprintf(b, sizeof b, "%08x", rd());
    return std::string(b);
  }();
  static std::atomic<uint64_t> counter{0};
  char b[24];
  b[0] = '-';
  auto r = std::to_chars(b + 1, b + sizeof b, counter.fetch_add(1, std::memory_order_relaxed), 16);
  std::string id;
  id.reserve(prefix.size() + static_cast<size_t>(r.ptr - b));
  id.append(prefix).append(b, r.ptr);
  return id;
}

// Fills the request's path and query from the target; false for a target
// that cannot be a path (bad escape, NUL, relative).
static bool ParseTarget(const BeastRequest& raw, Request& r) {
  std::string_view target(raw.target().data(), raw.target().size());
  size_t q = target.find('?');
  auto decoded = PercentDecode(target.substr(0, q), false);
  if (!decoded || decoded->empty() || (*decoded)[0] != '/' ||
      decoded->find('\0') != std::string::npos)
    return false;
  r.path = std::move(*decoded);
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  return true;
}

template <class Stream>
awaitable<void> Server::Impl::Refuse(Stream& stream, const BeastRequest* req,
                                     std::string_view path, Response res,
                                     beast::flat_buffer& buffer, bool drain,
                                     Clock::time_point start, const std::string& remote, std::string_view route) {
  static const BeastRequest kNone;
  const std::string rid = NextRequestId();
  res.AddHeader("X-Request-Id", rid);
  size_t n = 0;
  co_await WriteResponse(stream, req ? *req : kNone, res, false, &n);
  LogRequest(req, path, res, n, start, remote, rid, route);
  if (drain) co_await DrainAndClose(stream, buffer);
}

template <class Stream>
awaitable<void> Server::Impl::Serve(Stream& stream, std::shared_ptr<ConnState> state,
                                    std::string remote, bool secure) {
  beast::flat_buffer buffer;
  auto& lowest = beast::get_lowest_layer(stream);
  // The largest body any route accepts: the real limit is chosen per
  // request by the body policy once the header is in.
  const uint64_t header_phase_limit = std::max<uint64_t>(cfg.max_body_bytes, cfg.max_stream_body_bytes);
  for (;;) {
    if (stopping) co_return;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(cfg.max_header_bytes));
    parser.body_limit(header_phase_limit);
    beast::error_code ec;

    // 1. The header. One deadline covers the idle wait and the whole
    // header: a slow-loris client dribbling bytes is cut off when it
    // expires. The sweeper enforces it (no Beast timer per read).
    lowest.expires_never();
    state->deadline = Clock::now() + cfg.header_timeout;
    state->idle = true;
    co_await bhttp::async_read_header(stream, buffer, parser, redirect_error(use_awaitable, ec));
    state->idle = false;
    state->deadline = Clock::time_point::max();
    auto start = Clock::now();
    if (ec) {
      if (ec == bhttp::error::body_limit) {  // Content-Length over every route's limit
        co_await Refuse(stream, &parser.get(), "-", TooLarge(header_phase_limit), buffer, true, start, remote);
      } else if (ec == bhttp::error::header_limit) {
        co_await Refuse(stream, nullptr, "-", ErrorResponse(431, "header_too_large", "phần đầu yêu cầu quá lớn"),
                        buffer, false, start, remote);
      } else if (ec != bhttp::error::end_of_stream && ec != beast::error::timeout &&
                 ec != net::error::operation_aborted && ec != net::error::eof &&
                 ec != net::error::connection_reset && buffer.size() > 0) {
        co_await Refuse(stream, nullptr, "-", ErrorResponse(400, "bad_request", "yêu cầu HTTP không hợp lệ"),
                        buffer, false, start, remote);
      }
      co_return;
    }
    Request r;
    r.raw = &parser.get();
    r.request_id = NextRequestId();
    r.method = parser.get().method();
    r.remote_ip = cfg.trusted_proxies.empty()
                      ? remote
                      : ClientAddress(remote, [&] {
                          auto v = parser.get()["X-Forwarded-For"];
                          return std::string_view(v.data(), v.size());
                        }(), cfg.trusted_proxies);
    r.secure = secure;
    if (!ParseTarget(parser.get(), r)) {
      co_await Refuse(stream, &parser.get(), "-", ErrorResponse(400, "bad_request", "đường dẫn không hợp lệ"),
                      buffer, !parser.is_done(), start, remote);
      co_return;
    }

    // 2. The body, only once the header says it may be read.
    BeastRequest req;
    std::string body_path;
    if (!parser.is_done()) {
      BodyPolicy policy;
      policy.limit = cfg.max_body_bytes;
      policy.deadline = cfg.body_timeout;
      if (cfg.body_policy) {
        policy = cfg.body_policy(r);
        r.prechecked = true;
      }
      if (policy.refuse) {
        co_await Refuse(stream, &parser.get(), r.path, std::move(*policy.refuse), buffer, true, start, remote, r.route);
        co_return;
      }
      if (parser.content_length() && *parser.content_length() > policy.limit) {
        co_await Refuse(stream, &parser.get(), r.path, TooLarge(policy.limit), buffer, true, start, remote, r.route);
        co_return;
      }
      auto& hdr = parser.get();
      if (beast::iequals(hdr[bhttp::field::expect], "100-continue")) {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        lowest.expires_after(cfg.write_timeout);
        co_await net::async_write(stream, net::buffer(kContinue, sizeof kContinue - 1),
                                  redirect_error(use_awaitable, ec));
        if (ec) co_return;
      }
      lowest.expires_after(policy.deadline);
      if (policy.to_disk) {
        // Uploads go to disk as they arrive: a 200 MB PDF never sits in memory.
        auto tmp = TempFile::Create(cfg.upload_dir, "body-");
        if (!tmp.ok()) {
          log::Error("upload temp file: " + tmp.status().message());
          co_await Refuse(stream, &parser.get(), r.path,
                          ErrorResponse(503, "unavailable", "không ghi được tệp tạm"), buffer, true, start, remote, r.route);
          co_return;
        }
        body_path = tmp->Release();
        bhttp::request_parser<bhttp::file_body> fp{std::move(parser)};
        fp.body_limit(policy.limit);
        fp.get().body().open(body_path.c_str(), beast::file_mode::write, ec);
        if (!ec) co_await bhttp::async_read(stream, buffer, fp, redirect_error(use_awaitable, ec));
        static_cast<bhttp::request_header<>&>(req) = fp.get().base();
        fp.get().body().close();
        {
          std::error_code size_ec;
          auto n = std::filesystem::file_size(body_path, size_ec);
          if (!size_ec) metrics::Metrics::Get().UploadBytes(n);
        }
      } else {
        parser.body_limit(policy.limit);
        co_await bhttp::async_read(stream, buffer, parser, redirect_error(use_awaitable, ec));
        req = parser.release();
      }
      if (ec) {
        if (!body_path.empty()) ::unlink(body_path.c_str());
        if (ec == bhttp::error::body_limit) {
          co_await Refuse(stream, &req, r.path, TooLarge(policy.limit), buffer, true, start, remote, r.route);
        } else if (ec != beast::error::timeout && ec != net::error::eof &&
                   ec != bhttp::error::partial_message && ec != net::error::connection_reset &&
                   ec != net::error::operation_aborted) {
          co_await Refuse(stream, &req, r.path,
                          ErrorResponse(400, "bad_request", "nội dung yêu cầu không hợp lệ"), buffer, true,
                          start, remote, r.route);
        }
        co_return;  // the rest of the body is unread: the connection can't be reused
      }
    } else {
      req = parser.release();
    }
    UnlinkOnExit body_cleanup{body_path};
    r.raw = &req;
    r.body_path = body_path;

    // 3. Dispatch, on the blocking pool when the handler asks for it.
    Response res;
    try {
      res = dispatch(r);
    } catch (const std::exception& e) {
      res = ErrorResponse(500, "internal", "lỗi máy chủ nội bộ");
      res.cause = std::string("handler threw: ") + e.what();
    }
    if (res.deferred) {
      // A named awaitable from a plain coroutine function: GCC 12
      // double-destroys captures of a temporary coroutine lambda.
      awaitable<Response> task = RunDeferred(std::move(res.deferred));
      auto pool = res.pool == Pool::kFace ? face.get_executor() : blocking.get_executor();
      res = co_await net::co_spawn(pool, std::move(task), use_awaitable);
    }
    // The raw upload body is not needed once the handler is done: remove it
    // before replying, so a client that sees the reply sees no leftovers.
    body_cleanup.Now();

    // 4. The reply.
    res.AddHeader("X-Request-Id", r.request_id);
    if (!res.sse_topic.empty() && res.status == 200) {
      LogRequest(&req, r.path, res, 0, start, remote, r.request_id, r.route);
      co_await ServeEvents(stream, res);
      co_return;
    }
    bool keep_alive = req.keep_alive() && !stopping;
    size_t bytes = 0;
    bool ok = co_await WriteResponse(stream, req, res, keep_alive, &bytes);
    LogRequest(&req, r.path, res, bytes, start, remote, r.request_id, r.route);
    if (!ok || !keep_alive) co_return;
  }
}

template <class Stream>
awaitable<bool> Server::Impl::WriteResponse(Stream& stream, const BeastRequest& req,
                                            Response& res, bool keep_alive,
                                            size_t* bytes) {
  const bool head = req.method() == bhttp::verb::head;
  const unsigned version = req.version() == 10 ? 10 : 11;
  std::string_view body;
  uint64_t length = 0;
  if (res.prepared) {
    res.status = 200;
    body = res.prepared->body;
    length = body.size();
  } else if (res.file) {
    length = res.file->length;
  } else {
    if (res.compressible && res.body.size() > 1024 && IsTextualType(res.content_type) &&
        AcceptsGzip(std::string_view(req[bhttp::field::accept_encoding].data(),
                                     req[bhttp::field::accept_encoding].size()))) {
      std::string z = GzipCompress(res.body);
      if (!z.empty() && z.size() < res.body.size()) {
        res.body = std::move(z);
        res.AddHeader("Content-Encoding", "gzip");
        res.AddHeader("Vary", "Accept-Encoding");
      }
    }
    body = res.body;
    length = body.size();
  }
  if (!StatusHasBody(res.status) || head) body = {};

  // The head by hand (http/reply_head), then the body in the same write.
  std::string headbuf;
  headbuf.reserve(512);
  AppendStatusLine(headbuf, version, res.status);
  if (res.prepared) {
    headbuf += res.prepared->fields;
    AppendHeaderList(headbuf, res);
  } else {
    AppendFields(headbuf, res, length);
  }
  AppendConnectionAndEnd(headbuf, version, keep_alive);

  const bool file_follows = res.file && !head && res.file->length > 0 && StatusHasBody(res.status);
  const std::array<net::const_buffer, 2> bufs{net::buffer(headbuf), net::buffer(body.data(), body.size())};
  if (!co_await WriteAll(stream, bufs, file_follows)) co_return false;
  if (!file_follows) {
    *bytes = body.size();
    co_return true;
  }
  bool ok = co_await SendFile(stream, *res.file);
  *bytes = ok ? res.file->length : 0;
  co_return ok;
}

template <class Stream>
awaitable<bool> Server::Impl::WriteAll(Stream& stream, const std::array<net::const_buffer, 2>& bufs,
                                       bool more) {
  beast::error_code ec;
  size_t skip = 0;
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    // Plain TCP: try the gathered write at once (the usual case for a reply
    // that fits the socket buffer: one sendmsg, no timer, no handler);
    // MSG_MORE when a sendfile follows, so the head and the first file bytes
    // share a packet. Whatever is left goes the asynchronous way.
    iovec iov[2];
    int n = 0;
    for (const auto& b : bufs)
      if (b.size()) iov[n++] = {const_cast<void*>(b.data()), b.size()};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<size_t>(n);
    ssize_t sent = ::sendmsg(stream.socket().native_handle(), &msg,
                             MSG_NOSIGNAL | MSG_DONTWAIT | (more ? MSG_MORE : 0));
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) co_return false;
    skip = sent > 0 ? static_cast<size_t>(sent) : 0;
    if (skip == net::buffer_size(bufs)) co_return true;
  }
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(cfg.write_timeout);
  beast::buffers_suffix<std::array<net::const_buffer, 2>> rest(bufs);
  rest.consume(skip);
  co_await net::async_write(stream, rest, redirect_error(use_awaitable, ec));
  co_return !ec;
}

template <class Stream>
awaitable<bool> Server::Impl::SendFile(Stream& stream, const FileSpan& span) {
  // Content-addressed files stay open in this network thread's cache; others
  // are opened for this reply only.
  thread_local ImmutableFds open_files;
  UniqueFd owned;
  int fd = -1;
  if (span.immutable) {
    fd = open_files.Get(span.path);
  } else {
    owned.Reset(::open(span.path.c_str(), O_RDONLY | O_CLOEXEC));
    fd = owned.get();
  }
  if (fd < 0) co_return false;
  auto& lowest = beast::get_lowest_layer(stream);
  beast::error_code ec;
  off_t offset = static_cast<off_t>(span.offset);
  uint64_t remaining = span.length;
  // Generous deadline for slow phones: a minute plus 20 s per megabyte.
  auto deadline = Clock::now() + cfg.write_timeout +
                  std::chrono::seconds(20 * (span.length >> 20));

  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    // Zero-copy: the kernel moves file pages straight to the socket.
    auto& sock = stream.socket();
    sock.native_non_blocking(true, ec);
    if (ec) co_return false;
    lowest.expires_never();
    // The watchdog is armed only when the socket first pushes back: a range
    // that fits the socket buffer (most of PDF.js's 64 KiB requests) goes
    // out in one sendfile with no timer at all.
    std::optional<net::steady_timer> watchdog;
    while (remaining > 0) {
      size_t chunk = static_cast<size_t>(std::min<uint64_t>(remaining, 1u << 20));
      ssize_t n = ::sendfile(sock.native_handle(), fd, &offset, chunk);
      if (n > 0) {
        remaining -= static_cast<uint64_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!watchdog) {
          watchdog.emplace(stream.get_executor());
          watchdog->expires_at(deadline);
          watchdog->async_wait([&sock](const beast::error_code& wec) {
            if (!wec) {
              beast::error_code ignored;
              sock.cancel(ignored);
            }
          });
        }
        co_await sock.async_wait(tcp::socket::wait_write, redirect_error(use_awaitable, ec));
        if (ec) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      break;  // error or unexpected EOF (file truncated)
    }
    if (watchdog) watchdog->cancel();
    co_return remaining == 0;
  } else {
    // TLS: encrypt in user space, 64 KiB at a time.
    std::vector<char> buf(64 * 1024);
    while (remaining > 0) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(remaining, buf.size()));
      ssize_t n = ::pread(fd, buf.data(), want, offset);
      if (n <= 0) co_return false;
      offset += n;
      remaining -= static_cast<uint64_t>(n);
      lowest.expires_at(deadline);
      co_await net::async_write(stream, net::buffer(buf.data(), static_cast<size_t>(n)),
                                redirect_error(use_awaitable, ec));
      if (ec) co_return false;
    }
    co_return true;
  }
}

// After refusing a request whose body is still arriving, read and discard
// the rest for a moment so the client sees our reply instead of a reset.
template <class Stream>
awaitable<void> Server::Impl::DrainAndClose(Stream& stream, beast::flat_buffer& buffer) {
  auto& lowest = beast::get_lowest_layer(stream);
  beast::error_code ec;
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
  lowest.expires_after(std::chrono::seconds(3));
  std::vector<char> sink(64 * 1024);
  size_t total = 0;
  while (total < (64u << 20)) {
    size_t n = co_await stream.async_read_some(net::buffer(sink), redirect_error(use_awaitable, ec));
    if (ec) break;
    total += n;
  }
  buffer.consume(buffer.size());
}

template <class Stream>
awaitable<void> Server::Impl::ServeEvents(Stream& stream, const Response& res) {
  auto& lowest = beast::get_lowest_layer(stream);
  beast::error_code ec;
  auto sub = std::make_shared<SseSubscriber>(stream.get_executor());
  metrics::Metrics::Get().StreamOpened();
  struct StreamGauge {
    ~StreamGauge() { metrics::Metrics::Get().StreamClosed(); }
  } stream_gauge;
  auto replay = hub.Subscribe(res.sse_topic, sub, res.sse_last_event_id);
  struct Unsub {
    SseHub& hub;
    const std::string& topic;
    SseSubscriber* sub;
    ~Unsub() { hub.Unsubscribe(topic, sub); }
  } unsub{hub, res.sse_topic, sub.get()};

  std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
      "Cache-Control: no-cache, no-transform\r\nX-Accel-Buffering: no\r\n"
      "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
  // Reconnect delay 1–5 s, random per stream: the phones of a node that
  // dies (or restarts) come back spread over seconds, not all in one
  // (decision 531).
  head += "retry: " + std::to_string(RandomBetween(1000, 5000)) + "\n\n";
  for (const auto& p : replay) head += *p;
  lowest.expires_after(cfg.write_timeout);
  co_await net::async_write(stream, net::buffer(head), redirect_error(use_awaitable, ec));
  if (ec) co_return;
  static const std::string kPing = ": ping\n\n";
  for (;;) {
    while (!sub->queue.empty()) {
      SsePayload p = std::move(sub->queue.front());
      sub->queue.pop_front();
      lowest.expires_after(cfg.write_timeout);
      co_await net::async_write(stream, net::buffer(*p), redirect_error(use_awaitable, ec));
      if (ec) co_return;
    }
    if (sub->closed || stopping) co_return;
    lowest.expires_never();
    sub->wake.expires_after(cfg.sse_heartbeat);
    co_await sub->wake.async_wait(redirect_error(use_awaitable, ec));
    if (!ec) {
      // Heartbeat: keeps proxies from closing the stream and detects
      // phones that went away.
      lowest.expires_after(cfg.write_timeout);
      co_await net::async_write(stream, net::buffer(kPing), redirect_error(use_awaitable, ec));
      if (ec) co_return;
    }
  }
}

}  // namespace phonghop::http
