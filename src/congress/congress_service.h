// Use cases of the congress module: validation and orchestration over the
// CongressRepository port. No HTTP, no SQL, no file formats.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/event_publisher.h"
#include "common/random.h"
#include "common/secret_box.h"
#include "common/status.h"
#include "common/table.h"
#include "common/unit_of_work.h"
#include "congress/congress_repository.h"
#include "congress/delegate_import.h"
#include "congress/model.h"

namespace phonghop::congress {

// What a deletion took along (or, with dry_run, would take), and whether it
// happened.
struct DeletionReport {
  Dependents counts;
  bool deleted = false;
  bool dry_run = false;
  std::optional<int64_t> moved_to;
  std::string refused;  // dry run: why the deletion would be refused ("" = it would go ahead)
};

struct DeletionOptions {
  std::optional<int64_t> move_to;  // see CongressRepository::Delete*
  bool dry_run = false;            // count only, change nothing
};

// A badge token to print: the delegate and the token, and whether it was
// issued now (true) or read back from its sealed copy (false).
struct BadgeToken {
  Delegate delegate;
  std::string token;
  bool issued_now = false;
};

struct BadgeIssue {
  std::vector<BadgeToken> tokens;
  int issued = 0;   // new tokens
  int reused = 0;   // existing tokens printed again (badges keep working)
  int revoked = 0;  // earlier badges that stop working
  int unreadable = 0;  // kIssueMissing: live tokens from before sealing (token "")
};

enum class BadgeMode {
  kReuse,         // print existing tokens again; new ones where none is readable
  kRevoke,        // new tokens for all listed; earlier badges stop working
  kIssueMissing,  // new tokens only for delegates without a live one; revoke none
};

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
  // "delegates_changed" on topic = slug with each successful change (in the
  // change's own transaction once SetUnitOfWork is given, decision 553).
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

  // --- edits (all publish a live event; kNotFound for an id that is not
  // part of the congress; kInvalidArgument with a Vietnamese message naming
  // the field for bad values) ---------------------------------------------
  Result<Session> GetSession(std::string_view slug, int64_t id);
  Result<AgendaItem> GetAgendaItem(std::string_view slug, int64_t id);
  Result<Delegation> GetDelegation(std::string_view slug, int64_t id);
  Result<Delegate> GetDelegate(std::string_view slug, int64_t id);
  // Refused when it would leave one of the session's agenda items outside
  // its new times.
  Result<Session> UpdateSession(std::string_view slug, Session s);
  // The item may move to another session of the congress; its time must be
  // inside that session's times.
  Result<AgendaItem> UpdateAgendaItem(std::string_view slug, AgendaItem a);
  Result<Delegation> UpdateDelegation(std::string_view slug, Delegation d);
  // kConflict when the badge number belongs to another delegate.
  Result<Delegate> UpdateDelegate(std::string_view slug, Delegate d);
  // Adds one delegate (badge unique in the congress).
  Result<Delegate> AddDelegate(std::string_view slug, Delegate d);

  // Deletions: kConflict (message says what and how many, and what
  // move_to would do) when the record still holds check-ins, documents,
  // delegates or face data; otherwise deletes in one transaction and says
  // what went with it.
  Result<DeletionReport> DeleteSession(std::string_view slug, int64_t id, DeletionOptions o);
  Result<DeletionReport> DeleteAgendaItem(std::string_view slug, int64_t id, DeletionOptions o);
  Result<DeletionReport> DeleteDelegation(std::string_view slug, int64_t id, DeletionOptions o);
  Result<DeletionReport> DeleteDelegate(std::string_view slug, int64_t id, DeletionOptions o);
  // Refused while the congress has documents, check-ins or face data.
  Result<DeletionReport> DeleteCongress(std::string_view slug, bool dry_run);
  // `ids` must list every session (delegation; item of `session_id`)
  // exactly once, in the new order.
  Status ReorderSessions(std::string_view slug, const std::vector<int64_t>& ids);
  Status ReorderDelegations(std::string_view slug, const std::vector<int64_t>& ids);
  Status ReorderAgenda(std::string_view slug, int64_t session_id, const std::vector<int64_t>& ids);

  // --- badge tokens ------------------------------------------------------
  // Where sealed copies of tokens are kept readable (optional: without it
  // every print issues new tokens, as before). Not owned; set before use.
  void SetTokenBox(const SecretBox* box) { box_ = box; }
  // Tokens to print for `delegate_ids` (empty = every delegate), issued in
  // one transaction (see BadgeMode; with kReuse a live token that predates
  // sealing is replaced, and counted in `revoked`). Publishes
  // "badges_changed" when anything was issued.
  Result<BadgeIssue> BadgeTokens(std::string_view slug, const std::vector<int64_t>& delegate_ids,
                                 BadgeMode mode);

  // Validates the whole table first: on any problem returns kInvalidArgument
  // whose message lists the rows ("dòng 14: thiếu họ tên") and writes
  // nothing. Otherwise upserts every row by badge in one transaction.
  Result<ImportReport> ImportDelegates(std::string_view slug, const Table& table,
                                       const ImportOptions& options,
                                       bool dry_run);

  // The delegate whose badge token this is; kNotFound if unknown or revoked.
  Result<Delegate> DelegateByToken(std::string_view token);

  // Writes a complete congress (used by the demo loader); kConflict if the
  // slug exists.
  Result<int64_t> CreateBundle(const CongressBundle& bundle);

  // The store's unit of work (decision 553): each change and its live event
  // commit together. Set before serving; without it they are two steps.
  void SetUnitOfWork(UnitOfWork* units) { units_ = units; }

  // Increases after every change made through this service; lets callers
  // cache what they derive from the data (changes made by another process,
  // e.g. a CLI import, are not seen here).
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // Something changed that this service did not see (another node's change,
  // heard as a live event): what callers derived from the data is stale.
  void DataChangedElsewhere() { Changed(); }

 private:
  void Changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  Result<Congress> CongressOf(std::string_view slug) { return repo_.GetCongress(slug); }
  Status ValidateSession(const Congress& c, const Session& s);
  Status ValidateAgendaTime(const Session& s, const AgendaItem& a);
  Status ValidateDelegate(int64_t congress_id, Delegate& d);
  // Runs `change` and publishes `event` on the congress's topic in one
  // unit of work; the generation moves on at the commit, before the event
  // is delivered. Returns the change's failure, or the unit's.
  Status Commit(const Congress& c, const char* event, const std::function<Status()>& change);
  // A deletion through `remove` (the repository's, which asks `allow` —
  // and `allow` fills `report` in place, so it is passed by reference): a
  // dry run reports, a real one commits with `event`.
  Result<DeletionReport> Remove(const Congress& c, DeletionReport& report, const char* event,
                                const std::function<Result<Dependents>()>& remove);
  UnitOfWork& Units() { return units_ ? *units_ : direct_; }

  CongressRepository& repo_;
  const SecretBox* box_ = nullptr;
  const Clock& clock_;
  EventPublisher& events_;
  IdGenerator& ids_;
  UnitOfWork* units_ = nullptr;
  DirectUnitOfWork direct_;
  std::atomic<uint64_t> generation_{0};
};

// The print shop's table of badge tokens (header row first, Vietnamese
// column names): badge, full name, delegation, token, sign-in URL
// (`base_url` + "/t/" + token). A token that can't be read back is "".
std::vector<std::vector<std::string>> TokenExportRows(const BadgeIssue& issue,
                                                      std::string_view base_url);

// Validation helpers, exposed for tests.
bool IsValidSlug(std::string_view slug);
// How a badge token is stored (SHA-256 hex; tokens are random, 131 bits).
std::string TokenHash(std::string_view token);
bool IsValidIsoDate(std::string_view date);
bool IsValidClockTime(std::string_view hhmm);
// Ok, or kInvalidArgument naming `field` (the label the user sees) when the
// text is not UTF-8, empty while required, or longer than max_bytes.
Status CheckText(std::string_view field, const std::string& value, bool required,
                 size_t max_bytes);
// "2026-11-30" → "30/11/2026" (anything else is returned as it is).
std::string FormatDateVi(std::string_view iso);

}  // namespace phonghop::congress
