// The --database and --blobs options of the commands that open the data,
// the same as `serve` takes them, so every command works on a node of a
// cluster (PostgreSQL + S3) as on a laptop (docs/deployment.md).
#pragma once

#include <string>

#include "app/app_context.h"
#include "app/cli_util.h"

namespace phonghop::app {

// Adds --database URL and --blobs s3://… to `desc`, writing into `db`
// (which keeps its defaults: $PHONGHOP_DATABASE / $PHONGHOP_BLOBS, else
// SQLite and the folder). A command uses few connections: the pool is 4.
void AddStorageOptions(po::options_description& desc, DatabaseOptions* db);

// "sqlite DIR/phonghop.db" or "postgresql HOST:PORT/DB" plus the blob
// store, for messages and the audit log (no password, no keys).
std::string DescribeStorage(AppContext& ctx);

}  // namespace phonghop::app
