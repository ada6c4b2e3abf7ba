#include "server_fixture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "http_client.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::testing {

namespace {
std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// On PostgreSQL: the database of each data directory a ServerProcess uses,
// so a CLI command given `--data DIR` reaches the same store as that
// server (as it reaches the same file on SQLite), also when the server was
// made for a whole suite, outside any one test's database.
std::mutex stores_mu;
std::map<std::string, std::string>& Stores() {
  static std::map<std::string, std::string> m;
  return m;
}

std::string DatabaseOf(const std::vector<std::string>& args) {
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--data") {
      std::lock_guard<std::mutex> lock(stores_mu);
      auto it = Stores().find(args[i + 1]);
      if (it != Stores().end()) return it->second;
    }
  return "";
}

}  // namespace

std::string FaceKeysFor(const std::string& database) {
  return (std::filesystem::temp_directory_path() /
          ("phonghop-face-keys-" + std::to_string(std::hash<std::string>{}(database))))
      .string();
}

namespace {

pid_t Spawn(const std::vector<std::string>& args, const std::string& out_path,
            const std::string& err_path, const std::string& in_path = "/dev/null") {
  std::string database = DatabaseOf(args);
  if (database.empty())
    if (const char* env = std::getenv("PHONGHOP_DATABASE")) database = env;
  // Nodes (and CLI commands) sharing a PostgreSQL database share one face
  // key folder, as a cluster's nodes share one mounted folder.
  const std::string face_keys = database.empty() ? "" : FaceKeysFor(database);
  pid_t pid = fork();
  if (pid == 0) {
    if (!database.empty()) ::setenv("PHONGHOP_DATABASE", database.c_str(), 1);
    if (!face_keys.empty()) ::setenv("PHONGHOP_FACE_KEYS", face_keys.c_str(), 1);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int devnull = ::open(in_path.c_str(), O_RDONLY);
    dup2(devnull, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    std::string bin = PHONGHOP_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}
}  // namespace

pid_t SpawnPhonghop(const std::vector<std::string>& args, const std::string& out_path,
                    const std::string& err_path) {
  return Spawn(args, out_path, err_path);
}

std::string MakeTempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "phonghop-it-XXXXXX").string();
  return ::mkdtemp(tmpl.data());
}

CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_data) {
  std::string dir = MakeTempDir();
  CliResult r;
  std::ofstream(dir + "/in") << stdin_data;
  pid_t pid = Spawn(args, dir + "/out", dir + "/err", dir + "/in");
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(dir + "/out");
  r.err = Slurp(dir + "/err");
  std::filesystem::remove_all(dir);
  return r;
}

std::string TestPgServerUrl() {
  if (const char* url = std::getenv("PHONGHOP_TEST_PG_URL"); url && *url) return url;
  const char* dir = std::getenv("PHONGHOP_TEST_PG_DIR");
  if (!dir || !*dir) return "";
  std::string url;
  std::getline(std::ifstream(std::string(dir) + "/url"), url);
  return url;
}

bool RunningOnPostgres() { return !TestPgServerUrl().empty(); }

namespace {
std::string WithDatabase(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto query = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}
}  // namespace

PgTestDatabase::PgTestDatabase() {
  static int counter = 0;
  server_ = TestPgServerUrl();
  if (server_.empty()) {
    ADD_FAILURE() << "no PostgreSQL for the test (PHONGHOP_TEST_PG_URL / PHONGHOP_TEST_PG_DIR)";
    return;
  }
  name_ = "ph_it_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  try {
    storage::pg::PgConnection admin(server_);
    admin.Exec("DROP DATABASE IF EXISTS " + name_);
    admin.Exec("CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
    url_ = WithDatabase(server_, name_);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "PostgreSQL unusable: " << e.what();
  }
}

bool PgTestDatabase::Admin(const std::string& sql) {
  try {
    // From the server's own database: this one may be made read-only.
    storage::pg::PgConnection c(server_);
    c.Exec(sql);
    return true;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "admin SQL failed: " << e.what();
    return false;
  }
}

PgTestDatabase::~PgTestDatabase() {
  if (url_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(FaceKeysFor(url_), ec);
  try {
    storage::pg::PgConnection admin(server_);
    admin.Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

namespace {
// On PostgreSQL every test gets a fresh database, and $PHONGHOP_DATABASE
// points every server and CLI command of the test at it, as a fresh data
// directory does on SQLite.
class FreshDatabasePerTest : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo&) override {
    db_ = std::make_unique<PgTestDatabase>();
    ::setenv("PHONGHOP_DATABASE", db_->url().c_str(), 1);
  }
  void OnTestEnd(const ::testing::TestInfo&) override {
    ::unsetenv("PHONGHOP_DATABASE");
    db_.reset();
  }
  std::unique_ptr<PgTestDatabase> db_;
};

const bool kListening = [] {
  if (RunningOnPostgres())
    ::testing::UnitTest::GetInstance()->listeners().Append(new FreshDatabasePerTest);
  return true;
}();
}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> extra, std::string data_dir) {
  (void)kListening;
  if (auto it = std::find(extra.begin(), extra.end(), "--database"); it != extra.end() && it + 1 != extra.end()) {
    database_ = *(it + 1);
  } else if (RunningOnPostgres()) {
    const char* env = std::getenv("PHONGHOP_DATABASE");
    if (env && *env) {
      database_ = env;
    } else {
      own_db_ = std::make_unique<PgTestDatabase>();
      database_ = own_db_->url();
    }
    extra.push_back("--database");
    extra.push_back(database_);
  }
  if (data_dir.empty()) {
    data_dir_ = MakeTempDir() + "/data";
    own_dir_ = true;
  } else {
    data_dir_ = data_dir;
  }
  log_path_ = data_dir_ + ".log";
  if (!database_.empty()) {
    std::lock_guard<std::mutex> lock(stores_mu);
    Stores()[data_dir_] = database_;
  }
  std::vector<std::string> args = {"serve", "--data", data_dir_, "--listen", "127.0.0.1:0",
                                   "--threads", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  // A staff account to sign in with (ignored if it exists already).
  {
    // The account goes into the store this server will use.
    const char* before = std::getenv("PHONGHOP_DATABASE");
    std::string saved = before ? before : "";
    if (!database_.empty()) ::setenv("PHONGHOP_DATABASE", database_.c_str(), 1);
    RunCli({"user", "add", "--data", data_dir_, "--role", "admin", "--name", kTestUser, "--password-stdin"},
           std::string(kTestPassword) + "\n");
    if (!database_.empty()) {
      if (before) ::setenv("PHONGHOP_DATABASE", saved.c_str(), 1);
      else ::unsetenv("PHONGHOP_DATABASE");
    }
  }
  std::filesystem::remove(log_path_);  // never read a previous run's port
  pid_ = Spawn(args, log_path_ + ".out", log_path_);
  std::regex re("listening=https?://127\\.0\\.0\\.1:(\\d+)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    std::string log = Slurp(log_path_);
    if (std::regex_search(log, m, re)) {
      port_ = static_cast<uint16_t>(std::stoi(m[1]));
      if (std::find(extra.begin(), extra.end(), "--tls-self-signed") == extra.end()) SignIn();
      return;
    }
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << "server exited at start-up:\n" << log;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "server did not start listening:\n" << Slurp(log_path_);
}

std::string ServerProcess::Log() const { return Slurp(log_path_); }

void ServerProcess::SignIn() {
  auto r = HttpAnonymous(port_, "POST", "/api/v1/auth/login",
                         std::string("{\"name\":\"") + kTestUser + "\",\"password\":\"" + kTestPassword + "\"}");
  if (r.status != 200) {
    ADD_FAILURE() << "test sign-in failed: " << r.status << " " << r.body;
    return;
  }
  std::string cookie = r.Header("set-cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  std::smatch m;
  std::regex csrf_re("\"csrf\":\"([^\"]+)\"");
  if (std::regex_search(r.body, m, csrf_re)) auth_["X-CSRF-Token"] = m[1];
  auth_["Cookie"] = cookie;
  SetDefaultHeaders(port_, auth_);
}

int ServerProcess::Stop(int sig, int timeout_ms) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

ServerProcess::~ServerProcess() {
  Stop(SIGTERM, 15000);
  if (!database_.empty()) {
    std::lock_guard<std::mutex> lock(stores_mu);
    auto it = Stores().find(data_dir_);
    if (it != Stores().end() && it->second == database_) Stores().erase(it);
  }
  own_db_.reset();
  if (own_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(data_dir_).parent_path(), ec);
  }
}

}  // namespace phonghop::testing
