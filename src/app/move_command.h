// One congress out of a store: `phonghop move` (to another store) and
// `phonghop backup --congress` (to a backup folder) share this.
#pragma once

#include <string>

#include "app/app_context.h"
#include "storage/backup.h"
#include "storage/transfer/congress_copy.h"

namespace phonghop::app {

// The copier's view of an opened data directory (its database, file
// stores and badge key).
storage::transfer::Side SideOf(AppContext& ctx);

// Writes congress `slug` of `ctx` as a backup folder `out_dir` (the format
// of `phonghop backup`, restorable with `phonghop restore`): a SQLite
// database holding that congress only, its document files and pictures
// fetched from the store, and the manifest. kInvalidArgument when out_dir
// exists, kNotFound when there is no such congress; nothing is left behind
// on failure.
Result<storage::BackupSummary> WriteCongressBackup(AppContext& ctx, const std::string& slug,
                                                   const std::string& out_dir);

}  // namespace phonghop::app
