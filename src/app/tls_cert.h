// A self-signed certificate for the venue LAN, so that tablets can use the
// camera (browsers allow getUserMedia only on https or localhost).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace phonghop::app {

struct TlsFiles {
  std::string cert_path;
  std::string key_path;
};

// Returns DIR/tls/{cert,key}.pem, creating a P-256 key and a 10-year
// self-signed certificate for `names` (DNS names or IP addresses) if they
// don't exist yet; an existing pair is kept so phones trust it only once.
Result<TlsFiles> EnsureSelfSignedCert(const std::string& data_dir,
                                      const std::vector<std::string>& names);

}  // namespace phonghop::app
