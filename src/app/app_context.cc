#include "app/app_context.h"
#include "app/voting_minutes.h"
#include "app/demo_voting.h"


#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <filesystem>
#include <thread>

#include "app/demo_congress.h"
#include "app/demo_documents.h"
#include "app/demo_pages.h"
#include "app/resource_dir.h"
#include "common/log.h"
#include "face/opencv/opencv_face_engine.h"
#include "face/opencv/opencv_liveness.h"
#include "storage/postgres/pg_attendance_repository.h"
#include "storage/postgres/pg_audit_log.h"
#include "storage/postgres/pg_auth_repository.h"
#include "storage/postgres/pg_congress_repository.h"
#include "storage/postgres/pg_db.h"
#include "storage/postgres/pg_event_log.h"
#include "storage/postgres/pg_document_repository.h"
#include "storage/postgres/pg_meeting_repository.h"
#include "storage/postgres/pg_search_index.h"
#include "storage/postgres/pg_settings.h"
#include "storage/postgres/pg_speakers_repository.h"
#include "storage/postgres/pg_voting_repository.h"
#include "storage/face/face_key_store.h"
#include "storage/face/sealed_attendance_repository.h"
#include "storage/s3/s3_blob_store.h"
#include "storage/sqlite/sqlite_attendance_repository.h"
#include "storage/sqlite/sqlite_audit_log.h"
#include "storage/sqlite/sqlite_auth_repository.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_document_repository.h"
#include "storage/sqlite/sqlite_meeting_repository.h"
#include "storage/sqlite/sqlite_search_index.h"
#include "storage/sqlite/sqlite_settings.h"
#include "storage/sqlite/sqlite_event_log.h"
#include "storage/sqlite/sqlite_speakers_repository.h"
#include "storage/sqlite/sqlite_voting_repository.h"

namespace phonghop::app {

int DefaultPgPoolSize() {
  return 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) + 4;
}

AppContext::~AppContext() = default;

void AppContext::MakeRepositories() {
  if (pg_) {
    namespace pg = storage::pg;
    congress_repo_ = std::make_unique<pg::PgCongressRepository>(*pg_);
    settings_ = std::make_unique<pg::PgSettings>(*pg_);
    document_repo_ = std::make_unique<pg::PgDocumentRepository>(*pg_);
    search_index_ = std::make_unique<pg::PgSearchIndex>(*pg_);
    auth_repo_ = std::make_unique<pg::PgAuthRepository>(*pg_);
    audit_ = std::make_unique<pg::PgAuditLog>(*pg_);
    meeting_repo_ = std::make_unique<pg::PgMeetingRepository>(*pg_);
    attendance_store_ = std::make_unique<pg::PgAttendanceRepository>(*pg_);
    voting_repo_ = std::make_unique<pg::PgVotingRepository>(*pg_);
    speakers_repo_ = std::make_unique<pg::PgSpeakersRepository>(*pg_);
    event_log_ = std::make_unique<pg::PgEventLog>(*pg_);
    return;
  }
  congress_repo_ = std::make_unique<storage::SqliteCongressRepository>(*db_);
  settings_ = std::make_unique<storage::SqliteSettings>(*db_);
  document_repo_ = std::make_unique<storage::SqliteDocumentRepository>(*db_);
  search_index_ = std::make_unique<storage::SqliteSearchIndex>(*db_);
  auth_repo_ = std::make_unique<storage::SqliteAuthRepository>(*db_);
  audit_ = std::make_unique<storage::SqliteAuditLog>(*db_);
  meeting_repo_ = std::make_unique<storage::SqliteMeetingRepository>(*db_);
  attendance_store_ = std::make_unique<storage::SqliteAttendanceRepository>(*db_);
  voting_repo_ = std::make_unique<storage::SqliteVotingRepository>(*db_);
  speakers_repo_ = std::make_unique<storage::SqliteSpeakersRepository>(*db_);
  event_log_ = std::make_unique<storage::SqliteEventLog>(*db_);
}

std::string AppContext::face_keys_description() const { return face_keys_->Describe(); }

Result<int> AppContext::SealLegacyFaces() { return sealed_faces_->SealLegacyFaces(); }

std::string AppContext::database_url() const { return pg_ ? pg_->url() : std::string(); }

int AppContext::SchemaVersion() { return pg_ ? pg_->SchemaVersion() : db_->SchemaVersion(); }

Result<std::unique_ptr<AppContext>> AppContext::Open(const std::string& data_dir,
                                                     const DatabaseOptions& db) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec || !fs::is_directory(data_dir))
    return Status::Unavailable("không tạo được thư mục dữ liệu " + data_dir +
                               (ec ? ": " + ec.message() : ""));
  // Delegate lists and, later, biometric data live here: owner only.
  ::chmod(data_dir.c_str(), 0700);
  std::unique_ptr<AppContext> ctx(new AppContext());
  ctx->data_dir_ = data_dir;
  std::string url = db.url;
  if (url.empty() && db.use_env)
    if (const char* env = std::getenv("PHONGHOP_DATABASE")) url = env;
  if (url.empty()) {
    PH_ASSIGN_OR_RETURN(ctx->db_, storage::SqliteDatabase::Open(data_dir + "/phonghop.db"));
  } else {
    PH_ASSIGN_OR_RETURN(ctx->pg_, storage::pg::PgDatabase::Open(
                                      url, db.pool_size > 0 ? db.pool_size : DefaultPgPoolSize()));
  }
  ctx->MakeRepositories();
  // Changes and the live events they publish commit together (decision 552).
  if (ctx->pg_) ctx->units_ = std::make_unique<storage::pg::PgUnitOfWork>(*ctx->pg_);
  else ctx->units_ = std::make_unique<storage::SqliteUnitOfWork>(*ctx->db_);
  // Face data is sealed under per-delegate keys kept outside the database
  // (decisions 534, 550).
  std::string face_keys = db.face_keys;
  if (face_keys.empty() && db.use_env)
    if (const char* env = std::getenv("PHONGHOP_FACE_KEYS")) face_keys = env;
  if (face_keys.empty()) face_keys = data_dir + "/face-keys";
  PH_ASSIGN_OR_RETURN(ctx->face_keys_, storage::face::DirFaceKeyStore::Open(face_keys));
  auto sealed = std::make_unique<storage::face::SealedAttendanceRepository>(*ctx->attendance_store_,
                                                                            *ctx->face_keys_);
  ctx->sealed_faces_ = sealed.get();
  ctx->attendance_repo_ = std::move(sealed);
  ctx->congress_service_ =
      std::make_unique<congress::CongressService>(*ctx->congress_repo_, ctx->clock_,
                                                  ctx->events_, ctx->ids_);
  // Badge tokens are kept sealed under this key so badges can be reprinted
  // without revoking them (decision 401).
  PH_ASSIGN_OR_RETURN(SecretBox box, SecretBox::OpenOrCreate(data_dir + "/badge-token.key"));
  ctx->token_box_ = std::make_unique<SecretBox>(std::move(box));
  ctx->congress_service_->SetTokenBox(ctx->token_box_.get());
  ctx->congress_service_->SetUnitOfWork(ctx->units_.get());
  std::string blobs = db.blobs;
  if (blobs.empty() && db.use_env)
    if (const char* env = std::getenv("PHONGHOP_BLOBS")) blobs = env;
  PH_RETURN_IF_ERROR(ctx->OpenBlobStores(blobs, db.blob_cache_max_mb));
  fs::create_directories(ctx->thumb_dir(), ec);
  // The sandboxed parsers run in phonghop-worker (next to this binary), which
  // starts in milliseconds; this binary itself is the fallback.
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  fs::path worker = self.parent_path() / "phonghop-worker";
  ctx->extractor_ = std::make_unique<extract::ChildProcessExtractor>(
      fs::exists(worker, ec) ? worker.string() : self.string(), ctx->tmp_dir());
  ctx->document_service_ = std::make_unique<documents::DocumentService>(
      *ctx->document_repo_, *ctx->congress_repo_, *ctx->blobs_, ctx->sniffer_, *ctx->extractor_,
      ctx->clock_, ctx->ids_, ctx->events_);
  ctx->document_service_->SetUnitOfWork(ctx->units_.get());
  ctx->search_service_ = std::make_unique<search::SearchService>(*ctx->search_index_, *ctx->congress_repo_);
  ctx->auth_service_ = std::make_unique<auth::AuthService>(*ctx->auth_repo_, ctx->clock_, ctx->ids_);
  ctx->meeting_ = std::make_unique<meeting::MeetingService>(*ctx->congress_repo_, *ctx->meeting_repo_, ctx->clock_,
                                                            ctx->events_);
  ctx->meeting_->SetUnitOfWork(ctx->units_.get());
  return ctx;
}

Status AppContext::OpenBlobStores(const std::string& spec, uint64_t cache_max_mb) {
  if (spec.empty()) {
    blobs_ = std::make_unique<storage::FsBlobStore>(data_dir_ + "/blobs");
    page_images_ = std::make_unique<storage::FsBlobStore>(data_dir_ + "/page-images");
    blobs_description_ = data_dir_ + "/blobs";
    return Status::Ok();
  }
  namespace s3 = storage::s3;
  if (!s3::IsS3Url(spec))
    return Status::InvalidArgument("--blobs: chỉ nhận s3://BUCKET?endpoint=…&region=… (bỏ trống = thư mục dữ liệu)");
  PH_ASSIGN_OR_RETURN(s3::S3Config config, s3::ParseS3Url(spec));
  auto client = std::make_shared<s3::S3Client>(std::move(config));
  // The node starts even while the store is away: uploads then answer 503
  // and cached files are still served (decision 510).
  if (Status st = client->EnsureBucket(); !st.ok())
    log::Warn("S3 store " + client->Describe() + " not usable yet: " + st.message());
  blobs_description_ = client->Describe();
  // One bucket, two key spaces; DATA/blobs and DATA/page-images are this
  // node's caches.
  // One size bound for both caches (decision 551).
  auto budget = std::make_shared<s3::CacheBudget>(cache_max_mb << 20, kBlobCachePinSeconds, clock_);
  blobs_ = std::make_unique<s3::S3BlobStore>(client, data_dir_ + "/blobs", "sha256/", budget);
  page_images_ = std::make_unique<s3::S3BlobStore>(client, data_dir_ + "/page-images", "page-images/", budget);
  blob_cache_ = budget;
  return Status::Ok();
}

void AppContext::AuditCli(const std::string& action, const std::string& outcome) {
  audit::Entry e;
  e.at = clock_.NowUnix();
  const char* user = std::getenv("USER");
  e.actor = std::string("cli (") + (user && *user ? user : "?") + ")";
  e.action = action;
  e.outcome = outcome;
  e.address = "local";
  (void)audit_->Append(e);
}

std::string AppContext::models_dir() const {
  return FindResourceDir({models_dir_, "PHONGHOP_MODELS",
                          {"../../models/face", "../../../models/face", "../share/phonghop/models/face"},
                          "models/face", "fr_feature.onnx"});
}

attendance::AttendanceService& AppContext::attendance() {
  if (attendance_) return *attendance_;
  face::OpenCvEngineOptions o;
  o.model_dir = models_dir();
  o.max_parallel = int(std::max(1u, std::thread::hardware_concurrency()));
  auto engine = face::OpenCvFaceEngine::Create(o);
  if (engine.ok()) {
    face_engine_ = std::move(engine).value();
  } else {
    face_status_ = engine.status().message();
  }
  // Liveness at the door: without it face check-in is refused (badge and
  // manual check-in still work), never silently let through.
  face::OpenCvLivenessOptions lo;
  lo.model_dir = o.model_dir;
  lo.max_parallel = o.max_parallel;
  face::LivenessPolicy live_policy;
  live_policy.required = liveness_on_;
  if (face_engine_ && liveness_on_) {
    auto live = face::OpenCvLiveness::Create(lo);
    if (live.ok()) liveness_ = std::move(live).value();
    else face_status_ = live.status().message();
  }
  gallery_ = std::make_unique<face::FaceGallery>(face_engine_ ? face_engine_->dimension() : 512);
  attendance_ = std::make_unique<attendance::AttendanceService>(
      *congress_repo_, *attendance_repo_, face_engine_.get(), *gallery_, *audit_, clock_, events_,
      attendance::MatchPolicy{}, liveness_.get(), live_policy);
  attendance_->SetUnitOfWork(units_.get());
  Status st = attendance_->LoadGallery();
  if (!st.ok()) log::Error("loading enrolled faces: " + st.message());
  return *attendance_;
}

voting::VotingService& AppContext::voting() {
  if (voting_) return *voting_;
  auto& att = attendance();
  voting_ = std::make_unique<voting::VotingService>(*congress_repo_, att, *voting_repo_, *audit_, clock_, events_);
  voting_->SetUnitOfWork(units_.get());
  minutes_filer_ = std::make_unique<DocumentMinutesFiler>(*document_service_, tmp_dir());
  voting_->SetMinutesFiler(minutes_filer_.get());
  return *voting_;
}

speakers::SpeakersService& AppContext::speakers() {
  if (speakers_) return *speakers_;
  attendance();
  speakers_ = std::make_unique<speakers::SpeakersService>(*congress_repo_, *attendance_repo_, *speakers_repo_, *audit_,
                                                          clock_, events_);
  speakers_->SetUnitOfWork(units_.get());
  return *speakers_;
}

std::string AppContext::PublicUrl(const std::string& fallback) {
  auto stored = settings_->Get("public_url");
  if (stored.ok() && *stored && !(*stored)->empty()) return **stored;
  if (!fallback.empty()) return fallback;
  // The CLI's view: where the server last listened.
  auto listened = settings_->Get("listen_url");
  if (listened.ok() && *listened) return **listened;
  return "";
}

Result<bool> AppContext::EnsureDemo() {
  auto existing = congress_service_->Get("demo");
  if (existing.ok()) return false;
  if (existing.status().code() != StatusCode::kNotFound) return existing.status();
  auto bundle = MakeDemoCongress(clock_.NowUnix());
  PH_RETURN_IF_ERROR(congress_service_->CreateBundle(bundle).status());
  auto docs = LoadDemoDocuments(*congress_service_, *document_service_, tmp_dir());
  if (!docs.ok()) return docs.status();
  auto pages = LoadDemoPages(*meeting_, "demo");
  if (!pages.ok()) return pages.status();
  auto polls = LoadDemoVoting(voting(), *congress_repo_, "demo");
  if (!polls.ok()) return polls.status();
  // The demo's secretariat account; its password is shown once and kept,
  // owner-readable only, in the data directory.
  auto pw = auth_service_->AddUser("admin", congress::Role::kAdmin);
  if (pw.ok()) {
    std::string path = data_dir_ + "/demo-admin-password";
    if (FILE* f = std::fopen(path.c_str(), "w")) {
      std::fputs(pw->c_str(), f);
      std::fclose(f);
      ::chmod(path.c_str(), 0600);
    }
    // The log line never carries the password (logs are collected and
    // read by others); a person at the terminal sees it once.
    log::Info("demo console /console/demo: sign in as admin, password in " + path);
    if (::isatty(STDOUT_FILENO))
      std::printf("\n  Bảng điều khiển /console/demo — tài khoản: admin, mật khẩu: %s\n\n", pw->c_str());
  }
  log::Info("demo congress loaded slug=demo delegates=" +
            std::to_string(bundle.delegates.size()) + " documents=" + std::to_string(*docs));
  return true;
}

}  // namespace phonghop::app
