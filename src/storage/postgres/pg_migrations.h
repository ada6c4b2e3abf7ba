// Numbered schema migrations for PostgreSQL, the same numbers and tables as
// the SQLite ones (storage/sqlite/migrations.cc) so "schema version N" means
// the same data model on both back-ends. The version lives in the table
// schema_migrations; each migration runs in one transaction with its version
// row, under a transaction-scoped advisory lock so that several phonghop
// nodes starting at once apply it exactly once.
#pragma once

#include "common/status.h"

namespace phonghop::storage::pg {

class PgDatabase;

// Number of the newest migration this binary knows (equal to SQLite's).
int LatestPgSchemaVersion();

// Applies every migration newer than the database's version. kInternal if
// one fails (nothing of it kept); kUnavailable if the database is newer than
// this binary or the server can't be reached.
Status ApplyPgMigrations(PgDatabase& db);

}  // namespace phonghop::storage::pg
