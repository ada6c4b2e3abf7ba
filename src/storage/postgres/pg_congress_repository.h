// PostgreSQL implementation of congress::CongressRepository.
#pragma once

#include "congress/congress_repository.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::storage::pg {

class PgCongressRepository final : public congress::CongressRepository {
 public:
  explicit PgCongressRepository(PgDatabase& db) : db_(db) {}

  Result<std::vector<congress::Congress>> ListCongresses() override;
  Result<congress::Congress> GetCongress(std::string_view slug) override;
  Result<congress::Congress> GetCongressById(int64_t id) override;
  Result<int64_t> CreateCongress(const congress::Congress& c) override;
  Status UpdateCongress(const congress::Congress& c) override;
  Result<int64_t> CreateBundle(const congress::CongressBundle& bundle) override;
  Result<std::vector<congress::Session>> ListSessions(int64_t congress_id) override;
  Result<int64_t> AddSession(const congress::Session& s) override;
  Result<std::vector<congress::AgendaItem>> ListAgenda(int64_t congress_id) override;
  Result<int64_t> AddAgendaItem(const congress::AgendaItem& a) override;
  Result<std::vector<congress::Delegation>> ListDelegations(int64_t congress_id) override;
  Result<int64_t> AddDelegation(const congress::Delegation& d) override;
  Result<std::vector<congress::Delegate>> ListDelegates(int64_t congress_id) override;
  Result<DelegateCounts> CountDelegates(int64_t congress_id) override;
  Status ReplaceDelegateToken(int64_t delegate_id, const std::string& token_hash,
                              int64_t now) override;
  Result<congress::Delegate> FindDelegateByToken(const std::string& token_hash) override;
  Result<UpsertCounts> UpsertDelegates(
      int64_t congress_id, const std::vector<std::string>& new_delegations,
      const std::vector<congress::Delegate>& delegates) override;

  Status UpdateSession(const congress::Session& s) override;
  Status UpdateAgendaItem(const congress::AgendaItem& a) override;
  Status UpdateDelegation(const congress::Delegation& d) override;
  Status UpdateDelegate(const congress::Delegate& d) override;
  Result<congress::Delegate> GetDelegate(int64_t delegate_id) override;
  Result<congress::Dependents> DeleteSession(int64_t id, std::optional<int64_t> move_to,
                                             const AllowFn& allow) override;
  Result<congress::Dependents> DeleteAgendaItem(int64_t id, std::optional<int64_t> move_to,
                                                const AllowFn& allow) override;
  Result<congress::Dependents> DeleteDelegation(int64_t id, std::optional<int64_t> move_to,
                                                const AllowFn& allow) override;
  Result<congress::Dependents> DeleteDelegate(int64_t id, const AllowFn& allow) override;
  Result<congress::Dependents> DeleteCongress(int64_t id, const AllowFn& allow) override;
  Status Reorder(OrderKind kind, int64_t owner_id, const std::vector<int64_t>& ids) override;
  Result<std::vector<int64_t>> GrantTokens(const std::vector<TokenGrant>& grants,
                                           bool revoke_existing, int64_t now) override;
  Result<std::map<int64_t, std::string>> LiveSealedTokens(int64_t congress_id) override;

 private:
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
