#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "app/app_context.h"
#include "app/cli_util.h"
#include "app/resource_dir.h"
#include "app/tls_cert.h"
#include "app/version.h"
#include "common/log.h"
#include "http/handlers/document_routes.h"
#include "http/handlers/routes.h"
#include "http/handlers/search_routes.h"
#include "http/handlers/auth_routes.h"
#include "http/handlers/audit_routes.h"
#include "http/handlers/attendance_routes.h"
#include "http/handlers/meeting_routes.h"
#include "http/authorizer.h"
#include "http/reply_cache.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "http/error_mapping.h"
#include "http/server.h"
#include "http/sse_hub.h"
#include "http/static_files.h"
#include "storage/sqlite/migrations.h"

namespace phonghop::app {

namespace {

// host:port, [v6]:port or :port.
bool SplitListen(const std::string& listen, std::string* host, uint16_t* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']')
    *host = host->substr(1, host->size() - 2);
  if (host->empty()) *host = "0.0.0.0";
  try {
    int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    *port = static_cast<uint16_t>(p);
  } catch (...) {
    return false;
  }
  return true;
}

// Looks for the built web app next to the binary (build/<preset>/phonghop →
// web/dist) or under the working directory.
std::string FindWebRoot(const std::string& configured) {
  return FindResourceDir({configured, "PHONGHOP_WEB_ROOT", {"../../web/dist", "../share/phonghop/web"}, "web/dist",
                          "index.html"});
}

// The first non-loopback IPv4 address: what a phone on the venue Wi-Fi
// can reach when the server listens on all interfaces.
std::string LanAddress() {
  ifaddrs* list = nullptr;
  std::string found = "127.0.0.1";
  if (getifaddrs(&list) != 0) return found;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK)) continue;
    char buf[INET_ADDRSTRLEN];
    auto* sin = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
    if (inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf)) {
      found = buf;
      break;
    }
  }
  freeifaddrs(list);
  return found;
}

}  // namespace

int ServeCommand(const Args& args) {
  po::options_description desc("serve options");
  std::string data, listen, web_root, tls_cert, tls_key;
  int threads = 0;
  size_t max_body_mb = 8;
  size_t max_connections = 10000;
  size_t max_upload_mb = 200;
  std::string public_url;
  double rate_per_second = 200, rate_burst = 600;
  int header_timeout_s = 15, shutdown_grace_s = 10, heartbeat_s = 20;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory (created if missing)")
      ("listen", po::value(&listen)->default_value("127.0.0.1:8080"), "HOST:PORT to listen on")
      ("demo", "load the demo congress (slug 'demo') if it is not there yet")
      ("web-root", po::value(&web_root), "directory of the built web app (default: web/dist)")
      ("threads", po::value(&threads)->default_value(0), "worker threads (0 = one per core)")
      ("max-body-mb", po::value(&max_body_mb)->default_value(8), "largest JSON/spreadsheet request body, MB")
      ("tls-cert", po::value(&tls_cert), "TLS certificate chain (PEM)")
      ("tls-key", po::value(&tls_key), "TLS private key (PEM)")
      ("tls-self-signed", "serve https with a certificate kept in DATA/tls (created once)")
      ("max-connections", po::value(&max_connections)->default_value(10000), "open connections allowed at once")
      ("header-timeout-s", po::value(&header_timeout_s)->default_value(15), "seconds a client may take to send a request's headers (and idle keep-alive)")
      ("shutdown-grace-s", po::value(&shutdown_grace_s)->default_value(10), "seconds in-flight requests get on SIGTERM")
      ("sse-heartbeat-s", po::value(&heartbeat_s)->default_value(20), "seconds between keep-alive comments on event streams")
      ("max-upload-mb", po::value(&max_upload_mb)->default_value(200), "largest document upload, MB")
      ("public-url", po::value(&public_url), "base URL inside QR codes, e.g. http://192.168.1.10:8080 (kept in the data directory)")
      ("rate-per-ip", po::value(&rate_per_second)->default_value(200), "requests per second one address may sustain (0 = no limit; raise it behind a proxy)")
      ("rate-burst", po::value(&rate_burst)->default_value(600), "requests one address may send at once")
      ("no-liveness", "face check-in WITHOUT the liveness check (a printed photo would pass): only for tests and benchmarks on photo collections such as LFW")
      ("quiet", "do not log every request");
  int code = 0;
  auto vm = ParseArgs(args, "Usage: phonghop serve --data DIR [--listen HOST:PORT] [--demo]",
                      desc, nullptr, &code);
  if (!vm) return code;

  http::ServerConfig cfg;
  if (!SplitListen(listen, &cfg.host, &cfg.port)) {
    std::cerr << "phonghop: --listen must be HOST:PORT, got '" << listen << "'\n";
    return kExitUsage;
  }
  if (tls_cert.empty() != tls_key.empty()) {
    std::cerr << "phonghop: --tls-cert and --tls-key go together\n";
    return kExitUsage;
  }
  cfg.threads = threads;
  cfg.max_body_bytes = max_body_mb << 20;
  cfg.log_requests = !vm->count("quiet");
  cfg.max_connections = max_connections;
  cfg.header_timeout = std::chrono::seconds(std::max(1, header_timeout_s));
  cfg.shutdown_grace = std::chrono::seconds(std::max(0, shutdown_grace_s));
  cfg.sse_heartbeat = std::chrono::seconds(std::max(1, heartbeat_s));

  auto ctx = AppContext::Open(data);
  if (!ctx.ok()) return Fail(ctx.status());
  if (vm->count("demo")) {
    auto loaded = (*ctx)->EnsureDemo();
    if (!loaded.ok()) return Fail(loaded.status());
  }
  if (vm->count("tls-self-signed") && tls_cert.empty()) {
    std::vector<std::string> names = {"localhost", "127.0.0.1"};
    if (cfg.host != "0.0.0.0" && cfg.host != "::" && cfg.host != "127.0.0.1")
      names.insert(names.begin(), cfg.host);
    char hostname[256] = {0};
    if (gethostname(hostname, sizeof hostname - 1) == 0 && hostname[0])
      names.push_back(hostname);
    auto files = EnsureSelfSignedCert(data, names);
    if (!files.ok()) return Fail(files.status());
    tls_cert = files->cert_path;
    tls_key = files->key_path;
  }
  cfg.tls_cert_file = tls_cert;
  cfg.tls_key_file = tls_key;

  // The address phones reach: given, stored earlier, or this listener's.
  if (!public_url.empty()) {
    while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
    if (public_url.rfind("http://", 0) != 0 && public_url.rfind("https://", 0) != 0) {
      std::cerr << "phonghop: --public-url must start with http:// or https://\n";
      return kExitUsage;
    }
    Status st = (*ctx)->settings().Set("public_url", public_url);
    if (!st.ok()) return Fail(st);
  }
  http::SseHub hub;
  (*ctx)->events().SetTarget(&hub);
  http::Router router;
  http::RegisterHealthRoutes(router, {kVersion, storage::LatestSchemaVersion()});
  http::ReplyCache cache;
  http::RegisterCongressRoutes(router, (*ctx)->congresses(), cache);
  http::RegisterDelegateRoutes(router, (*ctx)->congresses(), cache);
  http::RegisterEventRoutes(router, (*ctx)->congresses());
  http::RegisterSearchRoutes(router, (*ctx)->search(), &(*ctx)->meeting());
  http::RegisterAuthRoutes(router, (*ctx)->auth(), (*ctx)->congresses());
  // Every route declared who may call it; this is the one check.
  router.SetAuthorizer(http::MakeAuthorizer((*ctx)->auth()));
  http::StaticFiles statics(FindWebRoot(web_root));
  std::string listen_url;  // filled once the port is known
  http::RegisterDocumentRoutes(router, {
      (*ctx)->documents(), (*ctx)->congresses(), cache,
      [&ctx, &listen_url] { return (*ctx)->PublicUrl(listen_url); },
      (*ctx)->tmp_dir(), (*ctx)->thumb_dir(),
      [&ctx](const std::string& pdf, int page, int width, const std::string& out) {
        return (*ctx)->extractor().Render(pdf, page, width, out);
      }});
  if (vm->count("no-liveness")) {
    (*ctx)->set_liveness(false);
    log::Warn("--no-liveness: the kiosk does NOT check for printed photos (tests and benchmarks only)");
  }
  auto& attendance = (*ctx)->attendance();
  if (!(*ctx)->face_status().empty())
    log::Warn(std::string(attendance.face_available() ? "face check-in at the kiosk is OFF (no liveness check): "
                                                      : "face recognition is OFF: ") +
              (*ctx)->face_status() + " — badge and manual check-in still work");
  else
    log::Info("face recognition and liveness on, models=" + (*ctx)->models_dir());
  http::RegisterAttendanceRoutes(router, attendance, (*ctx)->congresses(), (*ctx)->tmp_dir());
  http::RegisterMeetingRoutes(router, {(*ctx)->meeting(), (*ctx)->documents(), (*ctx)->page_images(), (*ctx)->tmp_dir()});
  cfg.streamed_body_limit = [max_upload_mb](http::Verb m, std::string_view path) -> size_t {
    return http::IsUploadPath(m, path) || http::IsFaceArchivePath(m, path) ? (max_upload_mb << 20) : 0;
  };
  cfg.upload_dir = (*ctx)->tmp_dir();

  http::RegisterAuditRoutes(router, (*ctx)->audit());
  // Every successful change through the API is recorded (who, what, when,
  // from where); uploads are recorded when their deferred work finishes.
  auto record = [&ctx](const http::Request& req, const http::Response& res) {
    if (req.method == http::Verb::get || req.method == http::Verb::head || res.status >= 400) return;
    audit::Entry e;
    e.at = (*ctx)->clock().NowUnix();
    e.actor = req.principal ? req.principal->name + " (" + congress::ToString(req.principal->role) + ")" : "anonymous";
    e.action = std::string(req.raw->method_string()) + " " + req.path;
    e.outcome = std::to_string(res.status);
    e.address = req.remote_ip;
    (void)(*ctx)->audit().Append(e);
  };
  http::RateLimiter limiter(rate_per_second, rate_burst);
  auto dispatch = [&router, &statics, record, &limiter](http::Request& req) -> http::Response {
    const std::string& p = req.path;
    if (!limiter.Allow(req.remote_ip)) {
      http::Response busy = http::ErrorResponse(429, "resource_exhausted", "quá nhiều yêu cầu từ địa chỉ này, hãy thử lại sau giây lát");
      busy.AddHeader("Retry-After", "1");
      return busy;
    }
    if (p.rfind("/api/", 0) == 0 || p == "/healthz") {
      http::Response res = router.Dispatch(req);
      if (res.deferred) {
        auto work = std::move(res.deferred);
        res.deferred = [work = std::move(work), record, &req]() {
          http::Response out = work();
          record(req, out);
          return out;
        };
      } else {
        record(req, res);
      }
      return res;
    }
    if (req.method != http::Verb::get && req.method != http::Verb::head)
      return router.Dispatch(req);  // 404/405 as JSON
    return statics.Serve(req);
  };
  http::Server server(cfg, dispatch, hub);
  Status st = server.Start();
  if (!st.ok()) return Fail(st);
  listen_url = std::string(tls_cert.empty() ? "http://" : "https://") +
               (cfg.host == "0.0.0.0" || cfg.host == "::" ? LanAddress() : cfg.host) + ":" +
               std::to_string(server.port());
  (void)(*ctx)->settings().Set("listen_url", listen_url);
  int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  log::Info(std::string("phonghop ") + kVersion + " listening=" +
            (tls_cert.empty() ? "http://" : "https://") + cfg.host + ":" +
            std::to_string(server.port()) + " data=" + data + " web_root=" +
            statics.root() + " threads=" + std::to_string(n) +
            " schema_version=" + std::to_string((*ctx)->db().SchemaVersion()) +
            " public_url=" + (*ctx)->PublicUrl(listen_url));
  // Background OCR of scanned pages, one page at a time, never on the
  // network threads.
  std::jthread ocr_worker([&ctx](std::stop_token stop) {
    while (!stop.stop_requested()) {
      auto n = (*ctx)->documents().RunOcr((*ctx)->extractor(), 1);
      if (!n.ok() || *n == 0) {
        for (int i = 0; i < 20 && !stop.stop_requested(); ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  });
  server.Run(/*handle_signals=*/true);
  ocr_worker.request_stop();
  (*ctx)->events().SetTarget(nullptr);
  log::Info("stopped");
  return kExitOk;
}

}  // namespace phonghop::app
