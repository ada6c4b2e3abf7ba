// Storage port of the congress module. Implemented by storage/sqlite (and a
// future PostgreSQL back-end); the domain never sees SQL.
#pragma once

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

  // Revokes the delegate's live tokens and stores a new one (by hash), in
  // one transaction.
  virtual Status ReplaceDelegateToken(int64_t delegate_id, const std::string& token_hash,
                                      int64_t now) = 0;
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
