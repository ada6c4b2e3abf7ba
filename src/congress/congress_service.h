// Use cases of the congress module: validation and orchestration over the
// CongressRepository port. No HTTP, no SQL, no file formats.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/event_publisher.h"
#include "common/random.h"
#include "common/status.h"
#include "common/table.h"
#include "congress/congress_repository.h"
#include "congress/delegate_import.h"
#include "congress/model.h"

namespace phonghop::congress {

struct ImportReport {
  int inserted = 0;
  int updated = 0;
  int delegations_created = 0;
  int skipped_blank_rows = 0;
  bool dry_run = false;
};

// The congress with its programme and delegations (not its delegates).
struct CongressOverview {
  Congress congress;
  std::vector<Session> sessions;
  std::vector<AgendaItem> agenda;
  std::vector<Delegation> delegations;
  std::vector<int> delegates_per_delegation;  // parallel to delegations
  int delegates_total = 0;
  int delegates_official = 0;
};

// Thread-safe if the repository is.
class CongressService {
 public:
  // `events` receives "programme_changed" / "congress_changed" /
  // "delegates_changed" on topic = slug after each successful change.
  CongressService(CongressRepository& repo, const Clock& clock, EventPublisher& events,
                  IdGenerator& ids)
      : repo_(repo), clock_(clock), events_(events), ids_(ids) {}

  Result<std::vector<Congress>> List() { return repo_.ListCongresses(); }
  // kNotFound for an unknown slug.
  Result<Congress> Get(std::string_view slug) { return repo_.GetCongress(slug); }
  Result<Congress> GetById(int64_t id) { return repo_.GetCongressById(id); }
  Result<CongressOverview> Overview(std::string_view slug);

  // kInvalidArgument (with the field named) for a bad slug, an empty name or
  // bad dates; kConflict when the slug exists. Returns the stored congress.
  Result<Congress> Create(Congress c);
  // Updates the congress with `slug` to `c` (slug is immutable).
  Result<Congress> Update(std::string_view slug, Congress c);

  Result<Session> AddSession(std::string_view slug, Session s);
  Result<AgendaItem> AddAgendaItem(std::string_view slug, AgendaItem a);
  Result<Delegation> AddDelegation(std::string_view slug, Delegation d);
  Result<std::vector<Delegate>> Delegates(std::string_view slug);

  // Validates the whole table first: on any problem returns kInvalidArgument
  // whose message lists the rows ("dòng 14: thiếu họ tên") and writes
  // nothing. Otherwise upserts every row by badge in one transaction.
  Result<ImportReport> ImportDelegates(std::string_view slug, const Table& table,
                                       const ImportOptions& options,
                                       bool dry_run);

  // Issues a fresh personal token for each delegate (for the QR on the
  // badge), revoking earlier ones. Returns badge → token; only hashes are
  // stored, so a lost token can be replaced but never read back.
  Result<std::vector<std::pair<Delegate, std::string>>> IssueBadgeTokens(std::string_view slug);
  // The delegate whose badge token this is; kNotFound if unknown or revoked.
  Result<Delegate> DelegateByToken(std::string_view token);

  // Writes a complete congress (used by the demo loader); kConflict if the
  // slug exists.
  Result<int64_t> CreateBundle(const CongressBundle& bundle);

  // Increases after every change made through this service; lets callers
  // cache what they derive from the data (changes made by another process,
  // e.g. a CLI import, are not seen here).
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  void Changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  CongressRepository& repo_;
  const Clock& clock_;
  EventPublisher& events_;
  IdGenerator& ids_;
  std::atomic<uint64_t> generation_{0};
};

// Validation helpers, exposed for tests.
bool IsValidSlug(std::string_view slug);
// How a badge token is stored (SHA-256 hex; tokens are random, 131 bits).
std::string TokenHash(std::string_view token);
bool IsValidIsoDate(std::string_view date);
bool IsValidClockTime(std::string_view hhmm);

}  // namespace phonghop::congress
