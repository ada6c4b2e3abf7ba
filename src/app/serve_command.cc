#include <arpa/inet.h>
#include <ifaddrs.h>
#include <sys/resource.h>
#include <net/if.h>
#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/app_context.h"
#include "app/first_run.h"
#include "app/cli_util.h"
#include "common/numbers.h"
#include "metrics/metrics.h"
#include "app/resource_dir.h"
#include "app/tls_cert.h"
#include "app/version.h"
#include "common/failpoint.h"
#include "common/outbox_publisher.h"
#include "common/files.h"
#include "common/log.h"
#include "http/handlers/document_routes.h"
#include "http/handlers/routes.h"
#include "http/handlers/search_routes.h"
#include "http/handlers/auth_routes.h"
#include "http/handlers/audit_routes.h"
#include "http/handlers/screen_routes.h"
#include "http/handlers/attendance_routes.h"
#include "http/handlers/meeting_routes.h"
#include "http/handlers/voting_routes.h"
#include "http/handlers/speakers_routes.h"
#include "http/authorizer.h"
#include "http/log_redaction.h"
#include "http/reply_cache.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "http/error_mapping.h"
#include "http/server.h"
#include "http/sse_hub.h"
#include "http/static_files.h"
#include "storage/postgres/pg_event_listener.h"
#include "storage/sqlite/migrations.h"

namespace phonghop::app {

namespace {

// What an anonymous caller may send: a login or badge sign-in is a few
// hundred bytes; 64 KiB leaves room and bounds 1,000 such bodies to 64 MB.
constexpr uint64_t kAnonymousBodyBytes = 64 * 1024;
constexpr std::chrono::seconds kAnonymousBodyTimeout{10};

// Replies to staff (console, kiosk, chair — tablets and laptops that other
// people use next) must not be kept by the browser or the service worker:
// delegate lists with phone numbers, users, the audit log, face photos.
// A delegate's own replies stay cacheable (their phone, their documents).
void KeepOffSharedDevices(const http::Request& req, http::Response& res) {
  if (req.session_ended && res.status == 401) {
    // The person who used this device is no longer signed in: the service
    // worker clears what it stored for them (web/public/sw.js).
    res.AddHeader("X-Session-Ended", "1");
    return;
  }
  if (!req.principal || req.principal->role == congress::Role::kDelegate) return;
  std::erase_if(res.headers, [](const auto& h) { return strcasecmp(h.first.c_str(), "Cache-Control") == 0; });
  res.AddHeader("Cache-Control", "no-store");
}

// host:port, [v6]:port or :port.
bool SplitListen(const std::string& listen, std::string* host, uint16_t* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']')
    *host = host->substr(1, host->size() - 2);
  if (host->empty()) *host = "0.0.0.0";
  {
    auto p = ParseNumber<uint16_t>(std::string_view(listen).substr(colon + 1));
    if (!p) return false;
    *port = *p;
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

// On PostgreSQL another node may enrol or delete faces: when a congress's
// `biometrics_changed` event arrives, this node reloads that congress's
// gallery, so a face deleted anywhere stops being recognised everywhere
// (decision 536). Runs on the event listener's thread.
class GalleryFollower final : public EventSink {
 public:
  GalleryFollower(EventSink& next, attendance::AttendanceService& attendance)
      : next_(next), attendance_(attendance) {}
  void Deliver(const LiveEvent& e) override {
    next_.Deliver(e);
    if (e.event != "biometrics_changed") return;
    Status st = attendance_.ReloadGallery(e.topic);
    if (!st.ok()) log::Warn("reloading the faces of " + e.topic + ": " + st.message());
  }

 private:
  EventSink& next_;
  attendance::AttendanceService& attendance_;
};

// The reply cache keeps a congress's JSON, delegate lists and document
// lists while the services' generations stand still, and a service only
// sees the changes made through it. Every live event that can follow a
// change moves both generations before it reaches the phones, so the
// reload an event triggers never gets the cached copy from before the
// change — on PostgreSQL the change may have been made on another node
// (decision 73); on SQLite this is after the commit, as the event is. The
// frequent events that follow no cached data (check-ins, ballot progress,
// the speaker's clock) leave the cache alone.
class ReplyCacheFollower final : public EventSink {
 public:
  ReplyCacheFollower(EventSink& next, congress::CongressService& congresses, documents::DocumentService& docs)
      : next_(next), congresses_(congresses), docs_(docs) {}
  void Deliver(const LiveEvent& e) override {
    if (e.event != "attendance" && e.event != "present" && e.event != "poll_progress" &&
        e.event != "speaker_timer") {
      congresses_.DataChangedElsewhere();
      docs_.DataChangedElsewhere();
    }
    next_.Deliver(e);
  }

 private:
  EventSink& next_;
  congress::CongressService& congresses_;
  documents::DocumentService& docs_;
};

}  // namespace

// A shell's stock soft limit of 1,024 open files would stall the server
// near 1,000 connections (EMFILE): raise it to the hard limit at start.
static void RaiseOpenFileLimit(size_t want_connections) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  rlim_t want = static_cast<rlim_t>(want_connections) + 256;
  if (rl.rlim_cur >= want) return;
  rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ? want : std::min(want, rl.rlim_max);
  if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
    log::Info("open file limit raised to " + std::to_string(rl.rlim_cur));
  if (rl.rlim_cur < want)
    log::Warn("open file limit " + std::to_string(rl.rlim_cur) + " is below --max-connections; raise the hard limit (ulimit -Hn)");
}

int ServeCommand(const Args& args) {
  po::options_description desc("serve options");
  std::string data, listen, web_root, tls_cert, tls_key;
  int threads = 0;
  int blocking_threads = 2;
  size_t max_body_mb = 8;
  size_t max_connections = 10000;
  size_t max_per_address = 256;
  size_t max_upload_mb = 200;
  std::string public_url;
  std::string log_format;
  DatabaseOptions database;
  std::vector<std::string> trusted_proxies;
  double rate_per_second = 200, rate_burst = 600, rate_per_session = 200, rate_per_venue = 2000;
  int header_timeout_s = 15, shutdown_grace_s = 10, heartbeat_s = 20;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory (created if missing)")
      ("database", po::value(&database.url), "postgresql://USER@HOST:PORT/DB: keep the data in PostgreSQL, shared by several phonghop nodes (default: SQLite in DATA/phonghop.db; also $PHONGHOP_DATABASE)")
      ("db-pool", po::value(&database.pool_size)->default_value(0), "PostgreSQL connections this node keeps open (0 = 2 per core + 4)")
      ("blobs", po::value(&database.blobs), "s3://BUCKET?endpoint=http://HOST:PORT&region=R: keep document files in an S3 bucket shared by every node, DATA/blobs being this node's cache; keys from $PHONGHOP_S3_ACCESS_KEY / $PHONGHOP_S3_SECRET_KEY (default: the folder DATA/blobs; also $PHONGHOP_BLOBS)")
      ("blob-cache-max-mb", po::value(&database.blob_cache_max_mb)->default_value(DatabaseOptions::kDefaultBlobCacheMb), "with --blobs s3://…: the most this node's cache of document files and page images (DATA/blobs, DATA/page-images) may hold, MB; least recently used files are dropped first, never one used in the last 5 minutes (0 = no bound)")
      ("face-keys", po::value(&database.face_keys), "folder of the per-delegate keys that seal face data (default: DATA/face-keys; also $PHONGHOP_FACE_KEYS). Every node of a cluster must use the same shared folder; keep it out of backups: deleting a key is what erases a face from every database copy")
      ("listen", po::value(&listen)->default_value("127.0.0.1:8080"), "HOST:PORT to listen on")
      ("demo", "load the demo congress (slug 'demo') if it is not there yet")
      ("web-root", po::value(&web_root), "directory of the built web app (default: web/dist)")
      ("threads", po::value(&threads)->default_value(0), "worker threads (0 = one per core)")
      ("blocking-threads", po::value(&blocking_threads)->default_value(2), "threads for slow work off the network threads: uploads, sign-ins (Argon2id), search, PDFs")
      ("max-body-mb", po::value(&max_body_mb)->default_value(8), "largest JSON/spreadsheet request body, MB")
      ("tls-cert", po::value(&tls_cert), "TLS certificate chain (PEM)")
      ("tls-key", po::value(&tls_key), "TLS private key (PEM)")
      ("tls-self-signed", "serve https with a certificate kept in DATA/tls (created once)")
      ("max-connections", po::value(&max_connections)->default_value(10000), "open connections allowed at once")
      ("max-connections-per-address", po::value(&max_per_address)->default_value(256), "open connections one client address may hold (0 = no cap; raise it behind a NAT or proxy)")
      ("header-timeout-s", po::value(&header_timeout_s)->default_value(15), "seconds a client may take to send a request's headers (and idle keep-alive)")
      ("shutdown-grace-s", po::value(&shutdown_grace_s)->default_value(10), "seconds in-flight requests get on SIGTERM")
      ("sse-heartbeat-s", po::value(&heartbeat_s)->default_value(20), "seconds between keep-alive comments on event streams")
      ("max-upload-mb", po::value(&max_upload_mb)->default_value(200), "largest document upload, MB")
      ("public-url", po::value(&public_url), "base URL inside QR codes, e.g. http://192.168.1.10:8080 (kept in the data directory)")
      ("rate-per-ip", po::value(&rate_per_second)->default_value(200), "requests per second one address may sustain (0 = no limit; raise it behind a proxy)")
      ("rate-burst", po::value(&rate_burst)->default_value(600), "requests one address (or one session) may send at once")
      ("rate-per-session", po::value(&rate_per_session)->default_value(200), "requests per second one signed-in device (session cookie) may sustain; its requests are not counted against --rate-per-ip (0 = no limit)")
      ("rate-per-venue", po::value(&rate_per_venue)->default_value(2000), "requests per second all signed-in devices behind one address (a venue's NAT) may sustain together, burst 3x (0 = no limit)")
      ("trusted-proxy", po::value(&trusted_proxies)->multitoken(), "address of a reverse proxy / balancer (repeatable): for its connections the client's address (rate limits, audit log) is taken from X-Forwarded-For, and the per-address connection cap does not count the proxy itself")
      ("no-liveness", "face check-in WITHOUT the liveness check (a printed photo would pass): only for tests and benchmarks on photo collections such as LFW")
      ("log-format", po::value(&log_format)->default_value("text"), "text (key=value lines) or json (one JSON object a line, for log collectors)")
      ("quiet", "do not log every request");
  int code = 0;
  auto vm = ParseArgs(args, "Usage: phonghop serve --data DIR [--listen HOST:PORT] [--demo]",
                      desc, nullptr, &code);
  if (!vm) return code;

  if (log_format == "json") {
    log::SetFormat(log::Format::kJson);
  } else if (log_format != "text") {
    std::cerr << "phonghop: --log-format is text or json, got '" << log_format << "'\n";
    return kExitUsage;
  }
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
  cfg.blocking_threads = std::clamp(blocking_threads, 1, 64);
  cfg.max_body_bytes = max_body_mb << 20;
  cfg.log_requests = !vm->count("quiet");
  cfg.max_connections = max_connections;
  cfg.max_connections_per_address = max_per_address;
  for (const auto& ip : trusted_proxies) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, ip.c_str(), buf) != 1 && inet_pton(AF_INET6, ip.c_str(), buf) != 1) {
      std::cerr << "phonghop: --trusted-proxy takes an IP address (e.g. 10.0.0.10), got '" << ip << "'\n";
      return kExitUsage;
    }
  }
  cfg.trusted_proxies = trusted_proxies;
  RaiseOpenFileLimit(max_connections);
  cfg.header_timeout = std::chrono::seconds(std::max(1, header_timeout_s));
  cfg.shutdown_grace = std::chrono::seconds(std::max(0, shutdown_grace_s));
  cfg.sse_heartbeat = std::chrono::seconds(std::max(1, heartbeat_s));

  // One server per data directory; `phonghop restore` refuses while this
  // lock is held (it would replace the database under a running server).
  // Taken before the database is opened, so a restore in progress is never
  // raced.
  {
    std::error_code ec;
    std::filesystem::create_directories(data, ec);
  }
  auto serve_lock = LockExclusive(data + "/" + kServeLockName);
  if (!serve_lock.ok()) {
    std::cerr << "phonghop: một máy chủ khác (hoặc một lệnh khôi phục) đang dùng " << data << "\n";
    return kExitFailure;
  }
  auto ctx = AppContext::Open(data, database);
  if (!ctx.ok()) return Fail(ctx.status());
  log::Info(std::string("storage database=") + (*ctx)->backend_name() + " blobs=" + (*ctx)->blobs_description() +
            " face_keys=" + (*ctx)->face_keys_description());
  // Before anything loads a gallery: faces an older version stored in
  // clear are sealed now (decision 550).
  if (auto sealed = (*ctx)->SealLegacyFaces(); !sealed.ok()) return Fail(sealed.status());
  if ((*ctx)->on_postgres() && database.face_keys.empty() && !std::getenv("PHONGHOP_FACE_KEYS"))
    log::Warn("--face-keys not given: face keys are in this node's " + (*ctx)->face_keys_description() +
              "; other nodes cannot open faces enrolled here (give every node the same shared folder)");
  // Upload bodies and parts of requests cut off by a crash (kill -9, power).
  if (int n = RemoveStaleTempFiles((*ctx)->tmp_dir(), "body-", 600); n > 0)
    log::Info("removed " + std::to_string(n) + " leftover temp files from " + (*ctx)->tmp_dir());
  // Before anything builds the check-in service (the demo's votes do).
  if (vm->count("no-liveness")) {
    (*ctx)->set_liveness(false);
    log::Warn("--no-liveness: the kiosk does NOT check for printed photos (tests and benchmarks only)");
  }
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
  // Live events (decision 532): each is numbered per congress by the
  // database's outbox; those numbers are the streams' ids on every node. On
  // SQLite this process delivers them itself; on PostgreSQL one listener
  // connection hears every node's NOTIFY and delivers in number order.
  auto positions = (*ctx)->event_log().Positions();
  if (!positions.ok()) return Fail(positions.status());
  hub.SetPositions(*positions);
  hub.SetArchive(&(*ctx)->event_log());
  ReplyCacheFollower cache_follower(hub, (*ctx)->congresses(), (*ctx)->documents());
  OutboxPublisher outbox((*ctx)->event_log(), cache_follower, (*ctx)->clock(), /*deliver_here=*/!(*ctx)->on_postgres(),
                         &(*ctx)->units());
  (*ctx)->events().SetTarget(&outbox);
  http::Router router;
  http::RegisterHealthRoutes(router, {kVersion, storage::LatestSchemaVersion()});
  http::ReplyCache cache;
  http::RegisterCongressRoutes(router, (*ctx)->congresses(), cache);
  http::RegisterDelegateRoutes(router, (*ctx)->congresses(), cache);
  http::RegisterEventRoutes(router, (*ctx)->congresses());
  http::RegisterSearchRoutes(router, (*ctx)->search(), &(*ctx)->meeting());
  http::RegisterAuthRoutes(router, (*ctx)->auth(), (*ctx)->congresses());
  // Every route declared who may call it; this is the one check.
  // A scoped staff account's congress (decision 418) is found through the
  // services: by slug, or by a document's code.
  http::CongressLocator locate;
  locate.by_slug = [&ctx](std::string_view slug) -> Result<int64_t> {
    PH_ASSIGN_OR_RETURN(auto c, (*ctx)->congresses().Get(slug));
    return c.id;
  };
  locate.by_document = [&ctx](std::string_view doc_code) -> Result<int64_t> {
    PH_ASSIGN_OR_RETURN(auto d, (*ctx)->documents().Get(doc_code));
    return d.congress_id;
  };
  router.SetAuthorizer(http::MakeAuthorizer((*ctx)->auth(), std::move(locate)));
  http::StaticFiles statics(FindWebRoot(web_root));
  std::string listen_url;  // filled once the port is known
  http::RegisterDocumentRoutes(router, {
      (*ctx)->documents(), (*ctx)->congresses(), cache,
      [&ctx, &listen_url] { return (*ctx)->PublicUrl(listen_url); },
      (*ctx)->tmp_dir(), (*ctx)->thumb_dir(),
      [&ctx](const std::string& pdf, int page, int width, const std::string& out) {
        return (*ctx)->extractor().Render(pdf, page, width, out);
      },
      [&ctx](int64_t congress_id) { return (*ctx)->meeting().PresentedCode(congress_id); }});
  auto& attendance = (*ctx)->attendance();
  if (!(*ctx)->face_status().empty())
    log::Warn(std::string(attendance.face_available() ? "face check-in at the kiosk is OFF (no liveness check): "
                                                      : "face recognition is OFF: ") +
              (*ctx)->face_status() + " — badge and manual check-in still work");
  else
    log::Info("face recognition and liveness on, models=" + (*ctx)->models_dir());
  http::RegisterAttendanceRoutes(router, attendance, (*ctx)->congresses(), (*ctx)->tmp_dir());
  http::RegisterMeetingRoutes(router, {(*ctx)->meeting(), (*ctx)->documents(), (*ctx)->page_images(), (*ctx)->tmp_dir()});
  http::RegisterCommentRoutes(router, {(*ctx)->meeting(), (*ctx)->documents(), (*ctx)->page_images(), (*ctx)->tmp_dir()});
  http::RegisterVotingRoutes(router, (*ctx)->voting(), (*ctx)->congresses());
  http::RegisterSpeakersRoutes(router, (*ctx)->speakers());
  cfg.upload_dir = (*ctx)->tmp_dir();

  http::RegisterBadgeRoutes(router, {(*ctx)->congresses(),
                                     [&ctx, &listen_url] { return (*ctx)->PublicUrl(listen_url); },
                                     (*ctx)->data_dir() + "/prints"});
  http::RegisterCongressEditRoutes(router, (*ctx)->congresses());
  http::RegisterReportRoutes(router, attendance, (*ctx)->congresses());
  FirstRun first_run((*ctx)->auth(), (*ctx)->data_dir());
  http::RegisterSetupRoutes(router, {[&first_run] { return first_run.Needed(); },
                                     [&first_run](const std::string& t, const std::string& n,
                                                  const std::string& p) { return first_run.Complete(t, n, p); }});
  http::RegisterAuditRoutes(router, (*ctx)->audit());
  http::RegisterScreenRoutes(router, {(*ctx)->auth(), (*ctx)->congresses(), (*ctx)->clock(), (*ctx)->events(),
                                      [&ctx, &listen_url] { return (*ctx)->PublicUrl(listen_url); }});
  // Every successful change through the API is recorded (who, what, when,
  // from where); uploads are recorded when their deferred work finishes.
  static std::atomic<uint64_t> audit_failures{0};
  // Refused attempts are recorded too (a wrong password, an anonymous write,
  // an operator's refused deletion), except floods already turned away by
  // the rate limit or the connection cap.
  auto record = [&ctx](const http::Request& req, const http::Response& res) {
    if (req.method == http::Verb::get || req.method == http::Verb::head || res.status == 429 ||
        res.status == 503)
      return;
    // A retried check-in answered from its first attempt was audited then
    // (decision 530).
    for (const auto& h : res.headers)
      if (strcasecmp(h.first.c_str(), http::kIdempotentReplayed.data()) == 0) return;
    audit::Entry e;
    e.at = (*ctx)->clock().NowUnix();
    e.actor = req.principal ? req.principal->name + " (" + congress::ToString(req.principal->role) + ")" : "anonymous";
    e.action = std::string(req.raw->method_string()) + " " + http::RedactPath(req.path);
    e.outcome = std::to_string(res.status);
    e.address = req.remote_ip;
    Status st = (*ctx)->audit().Append(e);
    if (!st.ok()) {
      audit_failures.fetch_add(1, std::memory_order_relaxed);
      metrics::Metrics::Get().AuditFailure();
      log::Error("audit append failed action=\"" + http::RedactPath(e.action) + "\" cause=" + st.message());
    }
  };
  http::ClientRateLimits limiter({rate_per_second, rate_burst, rate_per_session, rate_burst, rate_per_venue,
                                  3 * rate_per_venue});
  auto allow = [&limiter](const http::Request& req) {
    return limiter.Allow(req.remote_ip, http::CookieValue(req.Header("Cookie"), http::kSessionCookie));
  };
  auto too_many = [] {
    http::Response busy = http::ErrorResponse(429, "resource_exhausted", "quá nhiều yêu cầu từ địa chỉ này, hãy thử lại sau giây lát");
    busy.AddHeader("Retry-After", "1");
    return busy;
  };
  // Before a body is read: the rate limit, the route and who is asking. A
  // refused request costs no memory and no disk; an anonymous caller (the
  // login form, badge sign-in) may send only a small body, quickly.
  cfg.max_stream_body_bytes = max_upload_mb << 20;
  cfg.body_policy = [&router, allow, too_many, max_upload_mb, max_body = cfg.max_body_bytes,
                     body_timeout = cfg.body_timeout](http::Request& req) {
    http::BodyPolicy p;
    if (!allow(req)) {
      p.refuse = too_many();
      return p;
    }
    const bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/healthz" || req.path == "/metrics";
    if (api) {
      if (auto denied = router.Check(req)) {
        p.refuse = std::move(*denied);
        return p;
      }
    }
    if (api && (http::IsUploadPath(req.method, req.path) || http::IsFaceArchivePath(req.method, req.path))) {
      p.to_disk = true;
      p.limit = max_upload_mb << 20;
      // Long uploads over venue Wi-Fi: a minute plus 10 s per MB of limit
      // (staff only: upload routes refuse anonymous callers above).
      p.deadline = body_timeout + std::chrono::seconds(10 * max_upload_mb);
    } else if (req.principal) {
      p.limit = max_body;
      p.deadline = body_timeout;
    } else {
      p.limit = kAnonymousBodyBytes;
      p.deadline = kAnonymousBodyTimeout;
    }
    return p;
  };
  auto dispatch = [&router, &statics, record, allow, too_many](http::Request& req) -> http::Response {
    const std::string& p = req.path;
    if (!req.prechecked && !allow(req)) return too_many();
    if (p.rfind("/api/", 0) == 0 || p == "/healthz" || p == "/metrics") {
      http::Response res = router.Dispatch(req);
      if (FailpointOn("internal_error_on_congress_list") && req.route == "/api/v1/congresses" &&
          req.method == http::Verb::get)
        res = http::ErrorResponse(Status::Internal("fail point internal_error_on_congress_list"));
      if (res.deferred) {
        auto work = std::move(res.deferred);
        res.deferred = [work = std::move(work), record, &req]() {
          http::Response out = work();
          record(req, out);
          KeepOffSharedDevices(req, out);
          return out;
        };
      } else {
        record(req, res);
        KeepOffSharedDevices(req, res);
      }
      return res;
    }
    if (req.method != http::Verb::get && req.method != http::Verb::head)
      return router.Dispatch(req);  // 404/405 as JSON
    return statics.Serve(req);
  };
  // The listener starts once the check-in service exists (it reloads
  // galleries); it catches up from the positions read above.
  GalleryFollower gallery_follower(cache_follower, attendance);
  std::unique_ptr<storage::pg::PgEventListener> listener;
  if ((*ctx)->on_postgres()) {
    listener = std::make_unique<storage::pg::PgEventListener>((*ctx)->database_url(), gallery_follower, *positions);
    listener->Start();
  }
  http::Server server(cfg, dispatch, hub);
  Status st = server.Start();
  if (!st.ok()) return Fail(st);
  listen_url = std::string(tls_cert.empty() ? "http://" : "https://") +
               (cfg.host == "0.0.0.0" || cfg.host == "::" ? LanAddress() : cfg.host) + ":" +
               std::to_string(server.port());
  (void)(*ctx)->settings().Set("listen_url", listen_url);
  // A fresh installation: no admin yet. Print the one-time set-up link and
  // keep it in the data directory (decision 403).
  if (auto setup = first_run.Prepare(); setup.ok() && *setup) {
    std::string link = (*ctx)->PublicUrl(listen_url) + "/setup/" + **setup;
    std::string kept = first_run.KeepLink(link);
    // The log gets the link without its secret (logs are collected and read
    // by others, #18.13); the person at the terminal sees it whole.
    log::Warn("chưa có tài khoản quản trị: mở liên kết tạo tài khoản (lưu ở " + kept +
              "): setup_link=" + http::RedactPath(link));
    if (::isatty(STDOUT_FILENO))
      std::cout << "\n  Mở liên kết này một lần để tạo tài khoản quản trị:\n  " << link << "\n\n" << std::flush;
  }
  int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  log::Info(std::string("phonghop ") + kVersion + " listening=" +
            (tls_cert.empty() ? "http://" : "https://") + cfg.host + ":" +
            std::to_string(server.port()) + " data=" + data + " web_root=" +
            statics.root() + " threads=" + std::to_string(n) +
            " database=" + (*ctx)->backend_name() +
            " schema_version=" + std::to_string((*ctx)->SchemaVersion()) +
            " public_url=" + (*ctx)->PublicUrl(listen_url));
  // The search index loads now, not on the first search (seconds at an
  // archive's size); searches arriving meanwhile wait for it.
  std::jthread search_warm([&ctx] {
    auto t0 = std::chrono::steady_clock::now();
    Status warmed = (*ctx)->search().Warm();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (warmed.ok()) log::Info("search index loaded seconds=" + std::to_string(s));
    else log::Error("loading the search index: " + warmed.message());
  });
  // Background OCR of scanned pages, one page at a time, never on the
  // network threads.
  std::jthread ocr_worker([&ctx](std::stop_token stop) {
    while (!stop.stop_requested()) {
      auto done = (*ctx)->documents().RunOcr((*ctx)->extractor(), 1);
      if (!done.ok() || *done == 0) {
        for (int i = 0; i < 20 && !stop.stop_requested(); ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  });
  server.Run(/*handle_signals=*/true);
  ocr_worker.request_stop();
  (*ctx)->events().SetTarget(nullptr);
  // Before the server's contexts go: the listener posts to subscribers.
  if (listener) listener->Stop();
  log::Info("stopped");
  return kExitOk;
}

}  // namespace phonghop::app
