// The composition root: opens the data directory and builds the store,
// repositories and services, wired by constructor. Shared by `serve` and
// the CLI commands so both see the same behaviour.
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/event_log.h"
#include "common/event_publisher.h"
#include "common/status.h"
#include "congress/congress_service.h"
#include "common/random.h"
#include "common/secret_box.h"
#include "documents/document_service.h"
#include "extract/child_extractor.h"
#include "io/file_sniffer.h"
#include "storage/fs_blob_store.h"
#include "storage/settings.h"
#include "search/search_index.h"
#include "search/search_service.h"
#include "auth/auth.h"
#include "audit/audit_log.h"
#include "attendance/attendance_repository.h"
#include "attendance/attendance_service.h"
#include "face/gallery.h"
#include "face/liveness.h"
#include "meeting/meeting_repository.h"
#include "meeting/meeting_service.h"
#include "voting/voting_repository.h"
#include "voting/voting_service.h"
#include "speakers/speakers_repository.h"
#include "speakers/speakers_service.h"

namespace phonghop::storage {
class SqliteDatabase;
}
namespace phonghop::storage::pg {
class PgDatabase;
}

namespace phonghop::app {

// Which database holds the data (docs/deployment.md).
struct DatabaseOptions {
  // "" = SQLite in DATA/phonghop.db (the default, one machine); a
  // postgresql:// URL (or libpq key=value string) = PostgreSQL, shared by
  // every phonghop node. Empty here falls back to $PHONGHOP_DATABASE.
  std::string url;
  // PostgreSQL connections this process keeps open (0 = kDefaultPgPool).
  int pool_size = 0;
  // Where document files live: "" = the folder DATA/blobs (the default);
  // "s3://BUCKET?endpoint=URL&region=R" = an S3 bucket shared by every node,
  // DATA/blobs then being this node's read-through cache (decision 510).
  // Empty here falls back to $PHONGHOP_BLOBS.
  std::string blobs;
  // false: empty url/blobs mean SQLite and the folder, whatever the
  // environment says (`phonghop move` names both sides explicitly).
  bool use_env = true;
};

// Each thread that reaches the database holds at most one connection, and
// only for one repository call: network threads (one per core), the
// blocking pool (2), the face pool (one per core) and the OCR and roll-call
// threads. Two per core plus four covers them all without waiting.
int DefaultPgPoolSize();

class AppContext {
 public:
  // Creates `data_dir` (mode 0700) if needed and opens the database: by
  // default DIR/phonghop.db (SQLite), or PostgreSQL when `db.url` (or
  // $PHONGHOP_DATABASE) is a connection URL; migrates it. Blobs, keys and
  // caches stay in `data_dir` either way. kUnavailable when the directory or
  // database can't be used, kInternal when a migration fails.
  static Result<std::unique_ptr<AppContext>> Open(const std::string& data_dir,
                                                  const DatabaseOptions& db = {});
  ~AppContext();

  // Loads the demo congress unless a congress with slug "demo" exists.
  // Returns true when it was loaded now.
  Result<bool> EnsureDemo();

  const std::string& data_dir() const { return data_dir_; }
  // The SQLite database, or nullptr when the data is on PostgreSQL.
  storage::SqliteDatabase* sqlite() { return db_.get(); }
  // The PostgreSQL database, or nullptr when the data is in SQLite.
  storage::pg::PgDatabase* postgres() { return pg_.get(); }
  // The key badge tokens are sealed with (DATA/badge-token.key).
  const SecretBox& token_box() const { return *token_box_; }
  // The document files' store (the folder, or the S3 bucket with this
  // node's cache).
  documents::BlobStore& blobs() { return *blobs_; }
  bool on_postgres() const { return pg_ != nullptr; }
  // "sqlite" or "postgresql".
  const char* backend_name() const { return pg_ ? "postgresql" : "sqlite"; }
  // Where document files are kept: the folder, or the S3 bucket's URL
  // (endpoint/bucket, no credentials).
  const std::string& blobs_description() const { return blobs_description_; }
  // The schema version the database is at (after migration).
  int SchemaVersion();
  congress::CongressService& congresses() { return *congress_service_; }
  documents::DocumentService& documents() { return *document_service_; }
  extract::ChildProcessExtractor& extractor() { return *extractor_; }
  storage::Settings& settings() { return *settings_; }
  search::SearchService& search() { return *search_service_; }
  auth::AuthService& auth() { return *auth_service_; }
  audit::AuditLog& audit() { return *audit_; }
  // Records a change made from the command line in the audit log (actor
  // "cli (<login>)", address "local").
  void AuditCli(const std::string& action, const std::string& outcome);
  // Check-in, roll call and face enrolment. Made on first use: loads the
  // face models from models_dir() (face features answer kUnavailable when
  // they are missing) and the enrolled faces. Call once before serving.
  attendance::AttendanceService& attendance();
  meeting::MeetingService& meeting() { return *meeting_; }
  // Votes and elections; made on first use (after attendance()).
  voting::VotingService& voting();
  // The list of speakers; made on first use (after attendance()).
  speakers::SpeakersService& speakers();
  documents::BlobStore& page_images() { return *page_images_; }
  // Where the face models are: $PHONGHOP_MODELS, else models/face next to
  // the source tree of the binary, else ./models/face.
  std::string models_dir() const;
  void set_models_dir(std::string dir) { models_dir_ = std::move(dir); }
  // Before attendance(): false = face check-in without the liveness check
  // (`serve --no-liveness`, for tests and benchmarks on photo collections).
  void set_liveness(bool on) { liveness_on_ = on; }
  // Why face recognition or its liveness check is off ("" when both are on).
  const std::string& face_status() const { return face_status_; }
  // Scratch space on the same file system as the blobs (uploads, parts).
  std::string tmp_dir() const { return data_dir_ + "/blobs/tmp"; }
  std::string thumb_dir() const { return data_dir_ + "/cache/thumbs"; }
  // The base URL inside QR codes: the --public-url setting, else
  // `fallback` (the server's own address), else where the server last
  // listened, else "".
  std::string PublicUrl(const std::string& fallback);
  const Clock& clock() const { return clock_; }
  // Where services announce live events; serve points it at the outbox
  // publisher (decision 532).
  ForwardingPublisher& events() { return events_; }
  // The live-event outbox of this database.
  EventLog& event_log() { return *event_log_; }
  // The PostgreSQL URL ("" on SQLite): the event listener's own connection.
  std::string database_url() const;

 private:
  AppContext() = default;
  // Builds the repositories over whichever database is open.
  void MakeRepositories();
  // Opens the folder or S3 blob stores (documents and page images).
  Status OpenBlobStores(const std::string& spec);
  std::string data_dir_;
  std::string blobs_description_;
  SystemClock clock_;
  ForwardingPublisher events_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<storage::pg::PgDatabase> pg_;
  std::unique_ptr<congress::CongressRepository> congress_repo_;
  std::unique_ptr<SecretBox> token_box_;
  std::unique_ptr<congress::CongressService> congress_service_;
  SecureIdGenerator ids_;
  std::unique_ptr<storage::Settings> settings_;
  std::unique_ptr<documents::BlobStore> blobs_;
  std::unique_ptr<documents::DocumentRepository> document_repo_;
  io::MagicSniffer sniffer_;
  std::unique_ptr<extract::ChildProcessExtractor> extractor_;
  std::unique_ptr<documents::DocumentService> document_service_;
  std::unique_ptr<search::SearchIndex> search_index_;
  std::unique_ptr<search::SearchService> search_service_;
  std::unique_ptr<auth::AuthRepository> auth_repo_;
  std::unique_ptr<auth::AuthService> auth_service_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<meeting::MeetingRepository> meeting_repo_;
  std::unique_ptr<meeting::MeetingService> meeting_;
  std::unique_ptr<documents::BlobStore> page_images_;
  std::string models_dir_;
  bool liveness_on_ = true;
  std::string face_status_;
  std::unique_ptr<face::FaceEngine> face_engine_;
  std::unique_ptr<face::LivenessDetector> liveness_;
  std::unique_ptr<face::FaceGallery> gallery_;
  std::unique_ptr<attendance::AttendanceRepository> attendance_repo_;
  std::unique_ptr<attendance::AttendanceService> attendance_;
  // After attendance_: destroyed first (its progress thread reads the roll).
  std::unique_ptr<voting::MinutesFiler> minutes_filer_;  // outlives voting_
  std::unique_ptr<voting::VotingRepository> voting_repo_;
  std::unique_ptr<voting::VotingService> voting_;
  std::unique_ptr<speakers::SpeakersRepository> speakers_repo_;
  std::unique_ptr<speakers::SpeakersService> speakers_;
  std::unique_ptr<EventLog> event_log_;
};

}  // namespace phonghop::app
