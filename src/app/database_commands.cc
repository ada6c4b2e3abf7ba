// `phonghop migrate`: brings a database to this binary's schema without
// starting a server (before a rolling upgrade of several nodes, or to check
// that a PostgreSQL URL works).
#include <cstdlib>
#include <iostream>

#include "app/cli_util.h"
#include "app/commands.h"
#include "storage/postgres/pg_db.h"
#include "storage/postgres/pg_migrations.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::app {

int MigrateCommand(const Args& args) {
  po::options_description desc("migrate options");
  std::string data, url;
  desc.add_options()
      ("data", po::value(&data), "data directory of a SQLite installation (DATA/phonghop.db)")
      ("database", po::value(&url), "postgresql://USER@HOST:PORT/DB (default: $PHONGHOP_DATABASE)");
  int code = 0;
  auto vm = ParseArgs(args,
                      "Usage: phonghop migrate (--database URL | --data DIR)\n"
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
