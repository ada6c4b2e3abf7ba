// Numbered schema migrations, applied in order at start-up. The schema
// version lives in PRAGMA user_version; each migration runs in its own
// transaction together with the version bump, so a crash mid-migration leaves
// the previous version intact.
#pragma once

#include "common/status.h"

namespace phonghop::storage {

class SqliteDatabase;

// Number of the newest migration this binary knows.
int LatestSchemaVersion();

// Applies every migration newer than the database's version. kInternal if
// one fails; kUnavailable if the database is newer than this binary.
Status ApplyMigrations(SqliteDatabase& db);

}  // namespace phonghop::storage
