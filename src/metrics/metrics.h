// Operational metrics in the Prometheus text format (GET /metrics): what an
// operator of a congress — or of the central service — puts on one
// dashboard. Counters and histograms come from prometheus-cpp (Debian
// `prometheus-cpp-dev`, the reference C++ client: its types, label handling
// and text serializer, not ours); this class names every series phonghop
// exports and keeps the hot path (one request) to a cached-pointer lookup.
//
// One registry per process, like the Prometheus clients' default registry:
// the network threads, the storage pool and the HTTP handlers all record
// into it. Adapters only — the domain never includes this.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace phonghop::metrics {

class Metrics {
 public:
  static Metrics& Get();

  // One finished HTTP request. `route` is the matched pattern
  // ("/api/v1/documents/{code}/file"), kept as given for the process life;
  // empty (labelled "other") for static files, unmatched paths and
  // requests refused before routing.
  void Request(std::string_view route, std::string_view method, unsigned status, double seconds);
  void ConnectionOpened();
  void ConnectionClosed();
  void StreamOpened();
  void StreamClosed();
  // A check-in recorded ("face", "badge", "manual", ...).
  void CheckIn(std::string_view method);
  // Door work: stage "checkin" (a whole face check-in: decode, detect,
  // liveness, embed, match) or "liveness" (the liveness model alone).
  void FaceSeconds(std::string_view stage, double seconds);
  void SearchSeconds(double seconds);
  // Time a request waited for a database connection from the pool.
  void PoolWaitSeconds(double seconds);
  void UploadBytes(uint64_t bytes);
  void AuditFailure();

  // Every series, Prometheus text exposition format 0.0.4.
  std::string Text() const;

  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

 private:
  Metrics();
  ~Metrics();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace phonghop::metrics
