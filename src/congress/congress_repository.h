// Storage port of the congress module. Implemented by storage/sqlite (and a
// future PostgreSQL back-end); the domain never sees SQL.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "common/status.h"
#include "congress/model.h"

namespace phonghop::congress {

// All methods are thread-safe. Each write is one transaction: either all of
// it is committed or nothing is.
class CongressRepository {
 public:
  virtual ~CongressRepository() = default;

  virtual Result<std::vector<Congress>> ListCongresses() = 0;
  // kNotFound when no congress has that slug.
  virtual Result<Congress> GetCongress(std::string_view slug) = 0;
  virtual Result<Congress> GetCongressById(int64_t id) = 0;
  // Inserts the congress; kConflict when the slug is taken. Returns its id.
  virtual Result<int64_t> CreateCongress(const Congress& c) = 0;
  virtual Status UpdateCongress(const Congress& c) = 0;
  // Writes a whole bundle (congress, sessions, agenda, delegations,
  // delegates) in one transaction; ids in the bundle are remapped.
  virtual Result<int64_t> CreateBundle(const CongressBundle& bundle) = 0;

  virtual Result<std::vector<Session>> ListSessions(int64_t congress_id) = 0;
  virtual Result<int64_t> AddSession(const Session& s) = 0;
  virtual Result<std::vector<AgendaItem>> ListAgenda(int64_t congress_id) = 0;
  virtual Result<int64_t> AddAgendaItem(const AgendaItem& a) = 0;
  virtual Result<std::vector<Delegation>> ListDelegations(int64_t congress_id) = 0;
  virtual Result<int64_t> AddDelegation(const Delegation& d) = 0;
  virtual Result<std::vector<Delegate>> ListDelegates(int64_t congress_id) = 0;

  // Edits. kNotFound when the id is unknown, kConflict on a duplicate name
  // (delegation) or badge (delegate).
  virtual Status UpdateSession(const Session& s) = 0;
  virtual Status UpdateAgendaItem(const AgendaItem& a) = 0;
  virtual Status UpdateDelegation(const Delegation& d) = 0;
  virtual Status UpdateDelegate(const Delegate& d) = 0;
  virtual Result<Delegate> GetDelegate(int64_t delegate_id) = 0;

  // Deletions. Each counts what the record holds and calls `allow` with the
  // counts inside the same write transaction: an error aborts (returned,
  // nothing changed), false changes nothing (a dry run), true deletes.
  // Returns the counts. `move_to` (when set) re-homes what would be lost first:
  // a session's agenda items to another session, an agenda item's documents
  // to another item (0 = keep them unattached), a delegation's delegates to
  // another delegation (0 = none).
  using AllowFn = std::function<Result<bool>(const Dependents&)>;
  virtual Result<Dependents> DeleteSession(int64_t id, std::optional<int64_t> move_to,
                                           const AllowFn& allow) = 0;
  virtual Result<Dependents> DeleteAgendaItem(int64_t id, std::optional<int64_t> move_to,
                                              const AllowFn& allow) = 0;
  virtual Result<Dependents> DeleteDelegation(int64_t id, std::optional<int64_t> move_to,
                                              const AllowFn& allow) = 0;
  virtual Result<Dependents> DeleteDelegate(int64_t id, const AllowFn& allow) = 0;
  virtual Result<Dependents> DeleteCongress(int64_t id, const AllowFn& allow) = 0;

  // Sets position = index in `ids` + 1 for rows of `table` owned by
  // `owner_id` (sessions and delegations: the congress; agenda items: the
  // session). kInvalidArgument unless `ids` is exactly the owner's rows.
  enum class OrderKind { kSessions, kAgendaItems, kDelegations };
  virtual Status Reorder(OrderKind kind, int64_t owner_id, const std::vector<int64_t>& ids) = 0;

  // Revokes the delegate's live tokens and stores a new one (by hash), in
  // one transaction.
  virtual Status ReplaceDelegateToken(int64_t delegate_id, const std::string& token_hash,
                                      int64_t now) = 0;
  // A token to (re)issue: the hash to look it up by and the sealed token
  // (encrypted with the server's key, so staff can print it again).
  struct TokenGrant {
    int64_t delegate_id = 0;
    std::string token_hash;
    std::string sealed;
  };
  // In one transaction: for each grant, revokes that delegate's live tokens
  // when `revoke_existing`, and stores the new token. With
  // `revoke_existing` false a delegate that already holds a live token is
  // left alone (its grant skipped). Returns the delegate ids granted.
  virtual Result<std::vector<int64_t>> GrantTokens(const std::vector<TokenGrant>& grants,
                                                   bool revoke_existing, int64_t now) = 0;
  // The sealed copy of each delegate's live token (delegate id → sealed);
  // delegates whose live token has no sealed copy map to "".
  virtual Result<std::map<int64_t, std::string>> LiveSealedTokens(int64_t congress_id) = 0;
  // The delegate holding an unrevoked token with this hash; kNotFound if none.
  virtual Result<Delegate> FindDelegateByToken(const std::string& token_hash) = 0;

  struct DelegateCounts {
    std::map<int64_t, int> per_delegation;  // delegation id (0 = none) → delegates
    int total = 0;
    int official = 0;
  };
  virtual Result<DelegateCounts> CountDelegates(int64_t congress_id) = 0;

  // In one transaction: creates `new_delegations` (by name), then inserts
  // each delegate or updates the one with the same badge. A delegate whose
  // delegation_id is 0 but delegation_name is set is linked by name.
  // Returns {inserted, updated}.
  struct UpsertCounts {
    int inserted = 0;
    int updated = 0;
    int delegations_created = 0;
  };
  virtual Result<UpsertCounts> UpsertDelegates(
      int64_t congress_id, const std::vector<std::string>& new_delegations,
      const std::vector<Delegate>& delegates) = 0;
};

}  // namespace phonghop::congress
