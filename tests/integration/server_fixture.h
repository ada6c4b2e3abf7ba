// Starts the real `phonghop serve` binary on 127.0.0.1 with a fresh data
// directory, and runs CLI subcommands, for the integration tests.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
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

class ServerProcess {
 public:
  // Starts `phonghop serve --data <tmp> --listen 127.0.0.1:0 [extra...]` and
  // waits until it is listening (fails the test after 15 s).
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
  std::map<std::string, std::string> auth_;
};

// Starts `phonghop ARGS...` without waiting; output goes to the given files.
pid_t SpawnPhonghop(const std::vector<std::string>& args, const std::string& out_path = "/dev/null",
                    const std::string& err_path = "/dev/null");

// A fresh temporary directory path (created).
std::string MakeTempDir();

}  // namespace phonghop::testing
