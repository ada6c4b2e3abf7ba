// Starts the real `phonghop serve` binary on 127.0.0.1 with a fresh data
// directory, and runs CLI subcommands, for the integration tests.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace phonghop::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `phonghop ARGS...` and waits for it.
CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_data = "");

// The staff account every test server gets, and how to sign in.
constexpr char kTestUser[] = "tester";
constexpr char kTestPassword[] = "mat-khau-thu-nghiem";

// PostgreSQL for the integration tests: the server the ctest fixture
// `postgres` started ($PHONGHOP_TEST_PG_URL, else the URL scripts/pg.sh
// wrote into $PHONGHOP_TEST_PG_DIR); "" when neither is set.
std::string TestPgServerUrl();
// True when this run is the integration suite on PostgreSQL (a test server
// is given: ctest sets PHONGHOP_TEST_PG_DIR for the `pg.` tests). Each test
// then gets a fresh database that $PHONGHOP_DATABASE names while it runs,
// so its servers and CLI commands share it as they would share a data
// directory on SQLite.
bool RunningOnPostgres();
// The face key folder (`--face-keys`, via $PHONGHOP_FACE_KEYS) of every
// server and CLI command on PostgreSQL database `database`: shared by them,
// as a cluster's nodes share one folder. Removed with the test database.
std::string FaceKeysFor(const std::string& database);
// Skips the test on PostgreSQL, saying why (tests of SQLite's own files:
// backups, kill -9 integrity, secure_delete).
#define PH_SQLITE_ONLY(why)                                                        \
  do {                                                                              \
    if (::phonghop::testing::RunningOnPostgres()) GTEST_SKIP() << "SQLite only: " << why; \
  } while (0)

// A new, empty database on the test server; dropped when this goes.
class PgTestDatabase {
 public:
  PgTestDatabase();  // fails the test when no server is usable
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;
  const std::string& url() const { return url_; }
  // Runs SQL as the server's superuser, connected to the server's main
  // database (test set-up: terminating this database's connections, making
  // it read-only). False on error.
  bool Admin(const std::string& sql);

 private:
  std::string name_, server_, url_;
};

class ServerProcess {
 public:
  // Starts `phonghop serve --data <tmp> --listen 127.0.0.1:0 [extra...]` and
  // waits until it is listening (fails the test after 15 s). On PostgreSQL
  // (RunningOnPostgres) without a `--database` in `extra`, the server uses
  // the test's database ($PHONGHOP_DATABASE).
  explicit ServerProcess(std::vector<std::string> extra_args = {"--demo"},
                         std::string data_dir = "");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t port() const { return port_; }
  // Cookie + CSRF headers of the test admin's session (also used by Http()
  // for this port unless a test asks for an anonymous request).
  const std::map<std::string, std::string>& auth() const { return auth_; }
  pid_t pid() const { return pid_; }
  const std::string& data_dir() const { return data_dir_; }
  // The PostgreSQL URL this server uses; "" on SQLite.
  const std::string& database() const { return database_; }
  std::string Log() const;
  // Sends `sig` and waits up to timeout_ms; returns the exit status
  // (WEXITSTATUS) or -1 if it had to be killed.
  int Stop(int sig, int timeout_ms);

 private:
  void SignIn();
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string data_dir_;
  std::string log_path_;
  bool own_dir_ = false;
  std::string database_;
  std::unique_ptr<PgTestDatabase> own_db_;
  std::map<std::string, std::string> auth_;
};

// Starts `phonghop ARGS...` without waiting; output goes to the given files.
pid_t SpawnPhonghop(const std::vector<std::string>& args, const std::string& out_path = "/dev/null",
                    const std::string& err_path = "/dev/null");

// A fresh temporary directory path (created).
std::string MakeTempDir();

}  // namespace phonghop::testing
