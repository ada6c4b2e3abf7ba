// The first start of a fresh installation: while no admin account exists,
// a one-time set-up link (kept in the data directory, like the demo
// password) lets the first admin be created in the browser.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "auth/auth.h"
#include "common/status.h"

namespace phonghop::app {

// Thread-safe.
class FirstRun {
 public:
  FirstRun(auth::AuthService& auth, std::string data_dir)
      : auth_(auth), data_dir_(std::move(data_dir)) {}

  // True while no admin account exists.
  bool Needed();
  // When Needed(): the set-up token, read from DATA/setup-token or created
  // there (0600) so a restart prints the same link. Otherwise nullopt (and
  // any leftover token file is removed).
  Result<std::optional<std::string>> Prepare();
  // Writes DATA/setup-link holding `url` (0600); returns its path.
  std::string KeepLink(const std::string& url);
  // Creates the first admin when `token` is the set-up token. kPermissionDenied
  // for a wrong token or when an admin already exists; the auth service's
  // errors (password too short, name taken) otherwise. The link stops
  // working once it has been used.
  Status Complete(const std::string& token, const std::string& name, const std::string& password);

 private:
  std::string TokenPath() const { return data_dir_ + "/setup-token"; }
  std::string LinkPath() const { return data_dir_ + "/setup-link"; }
  auth::AuthService& auth_;
  std::string data_dir_;
  std::mutex mu_;
};

}  // namespace phonghop::app
