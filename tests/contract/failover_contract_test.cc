// PostgreSQL only: what a node sees while the database restarts or fails
// over. A lost connection and a read-only standby are kUnavailable (the
// HTTP edge answers 503, the client retries) — never kInternal, never a
// half-written record — and the pool reconnects by itself afterwards.
#include <gtest/gtest.h>

#include "backend.h"

namespace phonghop::contract {
namespace {

using FailoverContract = RepositoryContract;

congress::Congress Named(const std::string& slug) {
  congress::Congress c;
  c.slug = slug;
  c.name = "Đại hội " + slug;
  return c;
}

TEST_P(FailoverContract, LostConnectionsAreUnavailableThenThePoolReconnects) {
  auto& repo = backend().congresses();
  ASSERT_TRUE(repo.CreateCongress(Named("truoc")).ok());
  ASSERT_TRUE(backend().TerminateConnections());
  // Each pooled connection fails once (it learns it was cut), then is reset.
  bool saw_unavailable = false;
  Result<int64_t> created = Status::Internal("not tried");
  for (int attempt = 0; attempt < 10; ++attempt) {
    created = repo.CreateCongress(Named("sau"));
    if (created.ok()) break;
    EXPECT_EQ(created.status().code(), StatusCode::kUnavailable) << created.status().ToString();
    saw_unavailable = true;
  }
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(saw_unavailable);
  EXPECT_EQ(repo.ListCongresses()->size(), 2u);
}

TEST_P(FailoverContract, AReadOnlyStandbyRefusesWritesAsUnavailable) {
  auto& repo = backend().congresses();
  ASSERT_TRUE(backend().SetReadOnly(true));
  ASSERT_TRUE(backend().TerminateConnections());
  // Until the pool has reconnected to the "standby", writes fail as
  // Unavailable — a lost connection or SQLSTATE 25006 — and write nothing.
  for (int attempt = 0; attempt < 10; ++attempt) {
    auto r = repo.CreateCongress(Named("trong-luc-chuyen"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
  }
  // Reads still work on a standby.
  EXPECT_TRUE(repo.ListCongresses().ok());
  // The "new primary" accepts writes again.
  ASSERT_TRUE(backend().SetReadOnly(false));
  ASSERT_TRUE(backend().TerminateConnections());
  Result<int64_t> created = Status::Internal("not tried");
  for (int attempt = 0; attempt < 10 && !created.ok(); ++attempt) created = repo.CreateCongress(Named("sau-khi-chuyen"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  auto all = *repo.ListCongresses();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].slug, "sau-khi-chuyen");
}

INSTANTIATE_TEST_SUITE_P(Backends, FailoverContract, ::testing::Values("postgres"), BackendName);

}  // namespace
}  // namespace phonghop::contract
