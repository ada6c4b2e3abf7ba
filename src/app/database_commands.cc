// `phonghop migrate`: brings a database to this binary's schema without
// starting a server (before a rolling upgrade of several nodes, or to check
// that a PostgreSQL URL works).
#include <cstdlib>
#include <iostream>

#include "app/cli_util.h"
#include "app/commands.h"
#include "storage/postgres/pg_db.h"
#include "storage/postgres/pg_migrations.h"
#include "storage/s3/s3_client.h"
#include "storage/s3/s3_config.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::app {

int MigrateCommand(const Args& args) {
  po::options_description desc("migrate options");
  std::string data, url, blobs;
  desc.add_options()
      ("data", po::value(&data), "data directory of a SQLite installation (DATA/phonghop.db)")
      ("database", po::value(&url), "postgresql://USER@HOST:PORT/DB (default: $PHONGHOP_DATABASE)")
      ("blobs", po::value(&blobs), "s3://BUCKET?endpoint=…: also check the S3 store (reachable, keys accepted, bucket made)");
  int code = 0;
  auto vm = ParseArgs(args,
                      "Usage: phonghop migrate (--database URL | --data DIR) [--blobs S3URL]\n"
                      "Applies the schema migrations this version needs and prints the schema\n"
                      "version. Safe to run on a database in use: each migration is one\n"
                      "transaction, and on PostgreSQL nodes starting at once migrate once.",
                      desc, nullptr, &code);
  if (!vm) return code;
  if (url.empty() && data.empty())
    if (const char* env = std::getenv("PHONGHOP_DATABASE")) url = env;
  if (url.empty() == data.empty()) {
    std::cerr << "phonghop: cho đúng một trong --database hoặc --data\n";
    return kExitUsage;
  }
  if (!blobs.empty()) {
    // Before a rolling upgrade: the store every node will use answers.
    namespace s3 = storage::s3;
    if (!s3::IsS3Url(blobs)) {
      std::cerr << "phonghop: --blobs: chỉ nhận s3://BUCKET?endpoint=…&region=…\n";
      return kExitUsage;
    }
    auto config = s3::ParseS3Url(blobs);
    if (!config.ok()) return Fail(config.status());
    s3::S3Client client(std::move(config).value());
    Status st = client.EnsureBucket();
    if (!st.ok()) return Fail(st);
    std::cout << "blobs s3 " << client.Describe() << " ok\n";
  }
  if (!url.empty()) {
    auto db = storage::pg::PgDatabase::Open(url, 1);
    if (!db.ok()) return Fail(db.status());
    std::cout << "postgresql schema_version=" << (*db)->SchemaVersion() << " (latest "
              << storage::pg::LatestPgSchemaVersion() << ")\n";
    return kExitOk;
  }
  auto db = storage::SqliteDatabase::Open(data + "/phonghop.db", 1);
  if (!db.ok()) return Fail(db.status());
  std::cout << "sqlite schema_version=" << (*db)->SchemaVersion() << " (latest "
            << storage::LatestSchemaVersion() << ")\n";
  return kExitOk;
}

}  // namespace phonghop::app
