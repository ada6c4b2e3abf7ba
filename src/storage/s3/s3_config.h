// Where an S3 bucket is and how to sign for it: parsed from
// `--blobs s3://BUCKET?endpoint=http://HOST:PORT&region=REGION` and the
// credentials in the environment (docs/deployment.md).
#pragma once

#include <string>

#include "common/status.h"

namespace phonghop::storage::s3 {

struct S3Config {
  std::string endpoint;  // scheme://host[:port], no trailing slash
  std::string bucket;
  std::string region = "us-east-1";
  std::string access_key;
  std::string secret_key;
  // Connect timeout; a store that accepts but sends nothing for
  // `stall_seconds` is given up too (never a hung upload).
  long connect_timeout_ms = 3000;
  long stall_seconds = 15;
};

// Parses an s3:// URL. Credentials come from $PHONGHOP_S3_ACCESS_KEY and
// $PHONGHOP_S3_SECRET_KEY (else $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY),
// never from the URL (a URL shows in `ps` and in logs).
// kInvalidArgument (Vietnamese message) for a malformed URL, an unknown
// parameter, or missing credentials.
Result<S3Config> ParseS3Url(const std::string& url);

// True when `spec` names an S3 store ("s3://…") rather than a folder.
bool IsS3Url(const std::string& spec);

}  // namespace phonghop::storage::s3
