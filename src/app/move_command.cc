// `phonghop move`: one congress from one store to another (decisions
// 537–539), and the per-congress backup built on the same copier.
#include "app/move_command.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli_util.h"
#include "app/commands.h"
#include "app/storage_options.h"
#include "storage/fs_blob_store.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::app {

namespace fs = std::filesystem;
namespace transfer = storage::transfer;

namespace {

std::string CliActor() {
  const char* user = std::getenv("USER");
  return std::string("cli (") + (user && *user ? user : "?") + ")";
}

const char kMoveUsage[] =
    "Usage: phonghop move --congress SLUG --from-data DIR [--from-database URL] [--from-blobs S3URL]\n"
    "                     --data DIR [--database URL] [--blobs S3URL] [--no-faces] [--json]\n"
    "\n"
    "Copies one congress, whole, from one phonghop store to another: a venue's data\n"
    "directory (SQLite) into the central cluster (PostgreSQL + S3), or back to a\n"
    "laptop when a venue loses its uplink. The target is named as `serve` takes it\n"
    "(--data, --database, --blobs); the source with --from-*. Neither side reads\n"
    "$PHONGHOP_DATABASE or $PHONGHOP_BLOBS.\n"
    "\n"
    "Refused, with nothing written, when the target already has the slug. Files go\n"
    "first (named by content, so extras are harmless), then every row in one\n"
    "transaction of the target, counted table by table before it commits; the\n"
    "counts are printed. The source keeps its copy (nothing is deleted there):\n"
    "stop using it, or remove it later. Staff accounts, settings and sign-ins stay;\n"
    "delegates sign in again with the same badge. --no-faces leaves enrolled faces\n"
    "behind (delegates enrol again at the target's kiosk).";

}  // namespace

transfer::Side SideOf(AppContext& ctx) {
  transfer::Side s;
  s.sqlite = ctx.sqlite();
  s.pg = ctx.postgres();
  s.blobs = &ctx.blobs();
  s.page_images = &ctx.page_images();
  s.token_box = &ctx.token_box();
  s.description = DescribeStorage(ctx);
  return s;
}

Result<storage::BackupSummary> WriteCongressBackup(AppContext& ctx, const std::string& slug,
                                                   const std::string& out_dir) {
  std::error_code ec;
  if (fs::exists(out_dir, ec))
    return Status::InvalidArgument("đã có " + out_dir + ": hãy chọn một thư mục mới cho bản sao lưu");
  const fs::path partial = out_dir + ".partial";
  fs::remove_all(partial, ec);
  fs::create_directories(partial, ec);
  if (ec) return Status::Unavailable("không tạo được thư mục " + partial.string() + ": " + ec.message());
  ::chmod(partial.c_str(), 0700);
  auto fail = [&](Status st) {
    fs::remove_all(partial, ec);
    return st;
  };
  int schema = 0;
  {
    auto db = storage::SqliteDatabase::Open((partial / "phonghop.db").string(), 2);
    if (!db.ok()) return fail(db.status());
    storage::FsBlobStore blobs((partial / "blobs").string());
    storage::FsBlobStore images((partial / "page-images").string());
    transfer::Side to;
    to.sqlite = db->get();
    to.blobs = &blobs;
    to.page_images = &images;
    // The same key: the backup's sealed badge tokens open with this
    // installation's key, as a whole backup's do.
    to.token_box = &ctx.token_box();
    to.description = "backup " + out_dir;
    transfer::Side from = SideOf(ctx);
    transfer::CopyOptions o;
    o.slug = slug;
    o.tmp_dir = (partial / "tmp").string();
    o.actor = CliActor();
    o.now = ctx.clock().NowUnix();
    auto copied = transfer::CopyCongress(from, to, o);
    if (!copied.ok()) return fail(copied.status());
    schema = (*db)->SchemaVersion();
    // The database in one file: no WAL beside it.
    try {
      (*db)->Read([](storage::Connection& c) { c.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); });
    } catch (const storage::SqliteError& e) {
      return fail(Status::Unavailable(std::string("không ghi được bản sao lưu: ") + e.what()));
    }
  }
  for (const char* leftover : {"tmp", "blobs/tmp", "page-images/tmp", "phonghop.db-wal", "phonghop.db-shm"})
    fs::remove_all(partial / leftover, ec);
  auto sealed = storage::SealBackup(partial.string(), out_dir, schema);
  if (!sealed.ok()) return fail(sealed.status());
  return sealed;
}

int MoveCommand(const Args& args) {
  po::options_description desc("move options");
  std::string slug;
  std::string from_data, to_data;
  DatabaseOptions from, to;
  desc.add_options()
      ("congress", po::value(&slug)->required(), "the congress to copy (its slug)")
      ("from-data", po::value(&from_data)->required(), "the source's data directory")
      ("from-database", po::value(&from.url), "the source's PostgreSQL URL (default: SQLite in --from-data)")
      ("from-blobs", po::value(&from.blobs), "the source's S3 store (default: the folder in --from-data)")
      ("data", po::value(&to_data)->required(), "the target's data directory (created if missing)")
      ("no-faces", "leave enrolled faces behind (consent records still go)")
      ("json", "print the counts as JSON");
  AddStorageOptions(desc, &to);
  int code = 0;
  auto vm = ParseArgs(args, kMoveUsage, desc, nullptr, &code);
  if (!vm) return code;
  from.use_env = false;
  to.use_env = false;
  from.pool_size = 4;
  std::error_code ec;
  if (from.url.empty() && !fs::exists(from_data + "/phonghop.db", ec)) {
    std::cerr << "phonghop: không có cơ sở dữ liệu trong " << from_data << " (--from-data)\n";
    return kExitRejected;
  }
  auto src = AppContext::Open(from_data, from);
  if (!src.ok()) return Fail(src.status());
  auto dst = AppContext::Open(to_data, to);
  if (!dst.ok()) return Fail(dst.status());
  transfer::Side a = SideOf(**src), b = SideOf(**dst);
  transfer::CopyOptions o;
  o.slug = slug;
  o.faces = !vm->count("no-faces");
  o.tmp_dir = (*dst)->tmp_dir();
  o.actor = CliActor();
  o.now = (*dst)->clock().NowUnix();
  auto report = transfer::CopyCongress(a, b, o);
  if (!report.ok()) return Fail(report.status());
  (*src)->AuditCli("phonghop move " + slug + " to " + b.description, "copied, source kept");
  // Nodes already serving the target load a congress's faces when this
  // event reaches them (decision 536); the congress is new to them.
  if (o.faces) {
    auto ev = (*dst)->event_log().Append(slug, "biometrics_changed", "{}", o.now);
    if (!ev.ok())
      std::cerr << "phonghop: chưa báo được các nút đang chạy nạp khuôn mặt (" << ev.status().message()
                << "): khởi động lại chúng\n";
  }
  bool match = true;
  for (const auto& t : report->tables) {
    const int64_t want = t.table == "face_embeddings" && !o.faces ? 0 : t.source;
    if (t.table == "notes") continue;  // staff notes may stay behind (reported)
    if (t.table == "live_event_seq" ? t.target < want : t.target != want) match = false;
  }
  if (vm->count("json")) {
    nlohmann::json tables = nlohmann::json::object();
    for (const auto& t : report->tables) tables[t.table] = {{"source", t.source}, {"target", t.target}};
    std::cout << nlohmann::json({{"congress", slug},
                                 {"from", a.description},
                                 {"to", b.description},
                                 {"tables", tables},
                                 {"blobs", report->blobs},
                                 {"page_images", report->page_images},
                                 {"audit_rows", report->audit_rows},
                                 {"audit_whole", report->audit_whole},
                                 {"tokens_unsealed", report->tokens_unsealed},
                                 {"notes_left", report->notes_left},
                                 {"dangling", report->dangling},
                                 {"faces_left", report->faces_left},
                                 {"verified", match}})
                     .dump(2)
              << "\n";
    return match ? kExitOk : kExitFailure;
  }
  std::cout << "bảng\tnơi gửi\tnơi nhận\n";
  for (const auto& t : report->tables)
    if (t.source || t.target) std::cout << t.table << "\t" << t.source << "\t" << t.target << "\n";
  std::cout << "đã chuyển đại hội " << slug << " từ " << a.description << " sang " << b.description << ": "
            << report->blobs << " tệp tài liệu, " << report->page_images << " ảnh, " << report->audit_rows
            << (report->audit_whole ? " dòng nhật ký (toàn bộ nhật ký nơi gửi)" : " dòng nhật ký nhắc đến đại hội")
            << "; kiểm đếm " << (match ? "khớp" : "KHÔNG khớp") << "\n";
  if (report->faces_left) std::cout << "khuôn mặt đã đăng ký KHÔNG được chuyển (--no-faces): đại biểu đăng ký lại\n";
  if (report->tokens_unsealed)
    std::cout << report->tokens_unsealed
              << " mã thẻ không mở được bằng khoá nơi gửi: thẻ vẫn dùng được, in lại cần cấp mã mới (qr sheet --revoke)\n";
  if (report->notes_left)
    std::cout << report->notes_left << " ghi chú của tài khoản cán bộ không có ở nơi nhận được để lại\n";
  if (report->dangling)
    std::cout << report->dangling << " tham chiếu tới đại biểu đã xoá ở nơi gửi được giữ dưới dạng số âm\n";
  std::cout << "nơi gửi vẫn giữ bản của nó (không xoá gì ở đó)\n";
  return match ? kExitOk : kExitFailure;
}

}  // namespace phonghop::app
