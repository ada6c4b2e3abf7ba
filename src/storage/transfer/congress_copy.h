// Copies one congress, whole, from one phonghop store to another: SQLite to
// PostgreSQL (a congress prepared on a venue's laptop, then run centrally),
// PostgreSQL to SQLite (a venue that loses its uplink), or any other pair.
// `phonghop move` and `phonghop backup --congress` use it (decisions 537–541).
//
// What goes: the congress and every row that belongs to it (sessions,
// agenda, delegations, delegates, badge tokens, documents with their
// versions and page texts, comments, notes, check-ins, biometric consent and
// — unless left out — enrolled faces, announcements, province pages,
// elections, polls with options, voters, ballots, paper entries and
// sign-offs, speakers, hall-screen tokens, the event sequence) and the audit
// entries about it; the document files and page pictures those rows name.
// What stays: staff accounts, settings and sign-in sessions (each
// installation has its own), the derived search index (rebuilt at the target).
//
// Order: the files first (content-addressed, so a copy left by a refused or
// failed run is harmless), then every row in ONE transaction of the target,
// checked by counting before it commits. Integer ids are assigned by the
// target and every reference is rewritten; codes, slugs and token hashes stay,
// so printed QR codes and badges keep working.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/secret_box.h"
#include "common/status.h"
#include "documents/ports.h"

namespace phonghop::storage {
class SqliteDatabase;
}
namespace phonghop::storage::pg {
class PgDatabase;
}

namespace phonghop::storage::transfer {

class RowAccess;

// One side of a copy: exactly one database, the two file stores, and the
// key its badge tokens are sealed with. Not owned.
struct Side {
  SqliteDatabase* sqlite = nullptr;
  pg::PgDatabase* pg = nullptr;
  documents::BlobStore* blobs = nullptr;
  documents::BlobStore* page_images = nullptr;
  const SecretBox* token_box = nullptr;
  // For messages and the audit log: "sqlite DIR", "postgresql HOST/DB".
  std::string description;
};

struct CopyOptions {
  std::string slug;
  // false: enrolled faces (embeddings, kept photos) stay behind; consent
  // records still go. Delegates enrol again at the target's kiosk.
  bool faces = true;
  // Scratch folder for file copies, on the target's file system.
  std::string tmp_dir;
  // Who is recorded in both audit logs, and when.
  std::string actor = "cli";
  int64_t now = 0;
};

struct TableCount {
  std::string table;
  int64_t source = 0;  // rows of the congress at the source
  int64_t target = 0;  // rows of the congress at the target, after commit
};

struct CopyReport {
  int64_t target_congress_id = 0;
  std::vector<TableCount> tables;
  size_t blobs = 0;        // document files the congress names
  size_t page_images = 0;  // pictures its pages name
  // Badge tokens whose sealed copy the source's key could not open: the
  // badges still work, reprinting them needs new codes (qr sheet --revoke).
  int tokens_unsealed = 0;
  // Notes of staff accounts that do not exist (by name) at the target.
  int notes_left = 0;
  // References to rows the source no longer has (a removed delegate in an
  // old poll's voter list): kept as the negated old id, which names nobody.
  int dangling = 0;
  int audit_rows = 0;
  // True when the source held only this congress, so its whole audit log
  // went; else only the entries that name the congress.
  bool audit_whole = false;
  bool faces_left = false;
};

// Copies congress `o.slug` from `from` to `to` (see above). Returns the
// report with the verification counts. Errors (nothing is written to the
// target's database; files already copied stay, unreferenced):
// kNotFound: no such congress at the source, or a file it names is missing;
// kConflict: the slug (or a document code, a token) exists at the target;
// kUnavailable: a database or file store can't be reached;
// kInternal: the counts did not match, or a table the copier does not know
// exists in either database (a migration added it: classify it here).
Result<CopyReport> CopyCongress(Side& from, Side& to, const CopyOptions& o);

// Counts the congress's rows, table by table, in `side` (kNotFound if it has
// no such congress). The same queries the copy's check uses.
Result<std::vector<TableCount>> CountCongress(Side& side, const std::string& slug);

// The tables of `db` that the copier neither moves nor knows to leave (a
// test asserts there are none after every migration).
std::vector<std::string> UnclassifiedTables(RowAccess& db);

}  // namespace phonghop::storage::transfer
