#include "metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>
#include <shared_mutex>
#include <tuple>
#include <unordered_map>

namespace phonghop::metrics {

namespace {

using prometheus::Counter;
using prometheus::Gauge;
using prometheus::Histogram;

// Seconds: 1 ms .. 10 s, where a request, a face or a search can land.
Histogram::BucketBoundaries LatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

struct RequestKey {
  const char* route;
  size_t route_len;
  const char* method;
  unsigned status;
  bool operator==(const RequestKey& o) const {
    return route == o.route && route_len == o.route_len && method == o.method && status == o.status;
  }
};
struct RequestKeyHash {
  size_t operator()(const RequestKey& k) const {
    return std::hash<const void*>()(k.route) ^ (k.route_len * 31) ^
           (std::hash<const void*>()(k.method) << 1) ^ (size_t(k.status) * 0x9e3779b97f4a7c15ull);
  }
};

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<Counter>& requests =
      prometheus::BuildCounter()
          .Name("phonghop_http_requests_total")
          .Help("HTTP requests answered, by route pattern, method and status")
          .Register(*registry);
  prometheus::Family<Histogram>& request_seconds =
      prometheus::BuildHistogram()
          .Name("phonghop_http_request_duration_seconds")
          .Help("Time from a request's header to its reply, by route pattern")
          .Register(*registry);
  prometheus::Family<Gauge>& open =
      prometheus::BuildGauge().Name("phonghop_open_connections").Help("Open HTTP connections").Register(*registry);
  Gauge& connections = open.Add({});
  prometheus::Family<Gauge>& streams_family =
      prometheus::BuildGauge().Name("phonghop_event_streams").Help("Open event streams (SSE)").Register(*registry);
  Gauge& streams = streams_family.Add({});
  prometheus::Family<Counter>& checkins =
      prometheus::BuildCounter().Name("phonghop_checkins_total").Help("Check-ins recorded, by method").Register(*registry);
  prometheus::Family<Histogram>& face =
      prometheus::BuildHistogram()
          .Name("phonghop_face_seconds")
          .Help("Face work at the door, by stage (checkin: a whole face check-in; liveness: the liveness model)")
          .Register(*registry);
  prometheus::Family<Histogram>& search_family =
      prometheus::BuildHistogram().Name("phonghop_search_seconds").Help("Search queries answered").Register(*registry);
  Histogram& search = search_family.Add({}, LatencyBuckets());
  prometheus::Family<Histogram>& pool_family =
      prometheus::BuildHistogram()
          .Name("phonghop_db_pool_wait_seconds")
          .Help("Time spent waiting for a database connection from the pool")
          .Register(*registry);
  Histogram& pool_wait = pool_family.Add(
      {}, Histogram::BucketBoundaries{0.00001, 0.0001, 0.001, 0.01, 0.1, 1, 10});
  prometheus::Family<Counter>& upload_family =
      prometheus::BuildCounter().Name("phonghop_upload_bytes_total").Help("Request body bytes written to disk (uploads)").Register(*registry);
  Counter& upload = upload_family.Add({});
  prometheus::Family<Counter>& audit_family =
      prometheus::BuildCounter().Name("phonghop_audit_failures_total").Help("Audit log appends that failed").Register(*registry);
  Counter& audit_failures = audit_family.Add({});

  // Series handles by key: Family::Add takes a lock and hashes the labels,
  // so each network thread keeps the handles it has used.
  std::mutex mu;  // guards the families' Add (prometheus-cpp locks too) and the maps below
  std::unordered_map<RequestKey, Counter*, RequestKeyHash> request_counters;
  std::unordered_map<std::string, Histogram*> route_histograms;

  std::pair<Counter*, Histogram*> ForRequest(std::string_view route, std::string_view method, unsigned status) {
    thread_local std::unordered_map<RequestKey, std::pair<Counter*, Histogram*>, RequestKeyHash> local;
    thread_local const Impl* owner = nullptr;
    if (owner != this) {
      local.clear();
      owner = this;
    }
    RequestKey key{route.data(), route.size(), method.data(), status};
    auto it = local.find(key);
    if (it != local.end()) return it->second;
    const std::string r = route.empty() ? std::string("other") : std::string(route);
    std::lock_guard<std::mutex> lock(mu);
    Counter* c = &requests.Add({{"route", r}, {"method", std::string(method)}, {"status", std::to_string(status)}});
    Histogram*& h = route_histograms[r];
    if (!h) h = &request_seconds.Add({{"route", r}}, LatencyBuckets());
    return local.emplace(key, std::make_pair(c, h)).first->second;
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

Metrics& Metrics::Get() {
  static Metrics* m = new Metrics();  // never destroyed: threads may record at exit
  return *m;
}

void Metrics::Request(std::string_view route, std::string_view method, unsigned status, double seconds) {
  auto [c, h] = impl_->ForRequest(route, method, status);
  c->Increment();
  h->Observe(seconds);
}
void Metrics::ConnectionOpened() { impl_->connections.Increment(); }
void Metrics::ConnectionClosed() { impl_->connections.Decrement(); }
void Metrics::StreamOpened() { impl_->streams.Increment(); }
void Metrics::StreamClosed() { impl_->streams.Decrement(); }
void Metrics::CheckIn(std::string_view method) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->checkins.Add({{"method", std::string(method)}}).Increment();
}
void Metrics::FaceSeconds(std::string_view stage, double seconds) {
  Histogram* h;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    h = &impl_->face.Add({{"stage", std::string(stage)}}, LatencyBuckets());
  }
  h->Observe(seconds);
}
void Metrics::SearchSeconds(double seconds) { impl_->search.Observe(seconds); }
void Metrics::PoolWaitSeconds(double seconds) { impl_->pool_wait.Observe(seconds); }
void Metrics::UploadBytes(uint64_t bytes) { impl_->upload.Increment(static_cast<double>(bytes)); }
void Metrics::AuditFailure() { impl_->audit_failures.Increment(); }

std::string Metrics::Text() const {
  prometheus::TextSerializer s;
  return s.Serialize(impl_->registry->Collect());
}

}  // namespace phonghop::metrics
