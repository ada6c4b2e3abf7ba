// Whole backups of a data directory: the database (an online, consistent
// snapshot) together with every document file it refers to and the page
// images, in one folder with a manifest of SHA-256s. Restore checks all of
// it before anything in the target changes.
//
//   OUT/phonghop.db        the snapshot (no WAL)
//   OUT/blobs/ab/ab…       copies of the document files the snapshot refers to
//   OUT/page-images/ab/…   pictures of the province pages
//   OUT/MANIFEST.json      format, schema version, time, every file's SHA-256
//
// Files are written 0600 in a 0700 folder: a backup holds password hashes,
// phone numbers and face embeddings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "documents/ports.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

struct BackupSummary {
  int schema_version = 0;
  size_t blobs = 0;
  size_t page_images = 0;
  uint64_t bytes = 0;
  // Relative paths of the content-addressed files the manifest lists (and
  // the check verified).
  std::vector<std::string> files;
};

// Where a backup takes its files from.
struct BackupSources {
  // The document files: the folder DATA/blobs, or an S3 bucket (then each
  // file is fetched from the store, not only this node's cache).
  documents::BlobStore* blobs = nullptr;
  // The page pictures: every file in `page_images_dir` goes, and every
  // picture a province page names is fetched from this store.
  documents::BlobStore* page_images = nullptr;
  std::string page_images_dir;
};

// Writes a whole backup of the database `db` and the files it refers to
// (taken from `from`) to the new folder `out_dir` (must not exist; written
// as out_dir.partial and renamed when complete). Safe while the server
// runs: document files are immutable and named by content; a file deleted
// between the snapshot and its copy makes the snapshot be taken again.
// kInvalidArgument when out_dir exists, kUnavailable on an I/O error or
// when the store can't be reached (nothing is left behind).
Result<BackupSummary> WriteBackup(SqliteDatabase& db, const BackupSources& from, const std::string& out_dir);

// Finishes a backup folder whose database and files are in place in
// `partial_dir` (phonghop.db, blobs/ab/…, page-images/ab/…): writes the
// manifest, syncs, and renames it to `out_dir` (which must not exist).
// For backups made another way (one congress: `backup --congress`).
Result<BackupSummary> SealBackup(const std::string& partial_dir, const std::string& out_dir, int schema_version);

// Checks a backup folder: manifest, every file's size and SHA-256, the
// database's integrity and schema version (≤ `latest_schema`), and that
// every document file the database refers to is in the backup.
// kInvalidArgument (with the first problem found) when it is not whole.
Result<BackupSummary> CheckBackup(const std::string& backup_dir, int latest_schema);

// Checks `backup_dir`, then puts it in place in `data_dir`: the document
// files and page images the manifest lists first (an existing file whose
// content does not match its name is replaced), the database last; the
// database it replaces (with its WAL) is kept in
// DATA/before-restore-<time>/. The caller must hold the data directory's
// lock (no server running). Nothing changes when the check fails.
Result<BackupSummary> RestoreBackup(const std::string& backup_dir, const std::string& data_dir,
                                    int latest_schema);

}  // namespace phonghop::storage
