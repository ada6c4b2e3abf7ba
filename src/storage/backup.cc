#include "storage/backup.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "common/clock.h"
#include "common/files.h"
#include "common/sha256.h"

namespace phonghop::storage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFormat = "phonghop-backup/1";
constexpr const char* kDb = "phonghop.db";
constexpr const char* kManifest = "MANIFEST.json";

bool IsSha(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string StorePath(const std::string& store, const std::string& sha) {
  return store + "/" + sha.substr(0, 2) + "/" + sha;
}

Status MakePrivateDir(const fs::path& p) {
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) return Status::Unavailable("không tạo được thư mục " + p.string() + ": " + ec.message());
  ::chmod(p.c_str(), 0700);
  return Status::Ok();
}

// Places a copy of `from` at `to` (0600, fsynced, via a temp name). A copy,
// never a hard link: a backup must not share its bytes with the data it
// protects (one damaged inode would damage both). Where the file system
// can share extents copy-on-write (btrfs, XFS), FICLONE makes the copy
// instant and still independent. kNotFound when `from` is gone.
Status LinkOrCopy(const fs::path& from, const fs::path& to) {
  PH_RETURN_IF_ERROR(MakePrivateDir(to.parent_path()));
  std::error_code ec;
  if (fs::exists(to, ec)) return Status::Ok();
  UniqueFd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in.valid()) {
    if (errno == ENOENT) return Status::NotFound(from.string());
    return Status::Unavailable("không đọc được " + from.string() + ": " + std::strerror(errno));
  }
  const fs::path tmp = to.string() + ".part";
  UniqueFd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!out.valid()) return Status::Unavailable("không ghi được " + tmp.string() + ": " + std::strerror(errno));
  bool ok = ::ioctl(out.get(), FICLONE, in.get()) == 0;
  if (!ok) {
    ok = true;
    char buf[1 << 16];
    for (;;) {
      ssize_t n = ::read(in.get(), buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        ok = false;
        break;
      }
      for (ssize_t done = 0; done < n;) {
        ssize_t w = ::write(out.get(), buf + done, static_cast<size_t>(n - done));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
          ok = false;
          break;
        }
        done += w;
      }
      if (!ok) break;
    }
  }
  if (!ok || ::fsync(out.get()) != 0) {
    fs::remove(tmp, ec);
    return Status::Unavailable("không chép được " + from.string() + " (đĩa đầy?)");
  }
  out.Reset();
  fs::rename(tmp, to, ec);
  if (ec) return Status::Unavailable("không ghi được " + to.string() + ": " + ec.message());
  return Status::Ok();
}

// The document files a database refers to.
Result<std::set<std::string>> ReferencedBlobs(const std::string& db_path) {
  try {
    Connection c(db_path, /*read_only=*/true);
    std::set<std::string> out;
    auto s = c.Prepare("SELECT DISTINCT sha256 FROM document_versions");
    while (s.Step()) out.insert(s.Text(0));
    return out;
  } catch (const SqliteError& e) {
    return Status::InvalidArgument(std::string("cơ sở dữ liệu trong bản sao lưu không đọc được: ") + e.what());
  }
}

// The page pictures a database's province pages name.
Result<std::set<std::string>> ReferencedPageImages(const std::string& db_path) {
  static const std::regex kRef("page-images/([0-9a-f]{64})");
  try {
    Connection c(db_path, /*read_only=*/true);
    std::set<std::string> out;
    auto s = c.Prepare("SELECT cover || ' ' || body_md FROM province_pages");
    while (s.Step()) {
      const std::string text = s.Text(0);
      for (std::sregex_iterator it(text.begin(), text.end(), kRef), end; it != end; ++it) out.insert((*it)[1]);
    }
    return out;
  } catch (const SqliteError& e) {
    return Status::InvalidArgument(std::string("cơ sở dữ liệu trong bản sao lưu không đọc được: ") + e.what());
  }
}

// Every content-addressed file under root/store, as SHA-256s.
std::set<std::string> ListStore(const fs::path& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec) && IsSha(it->path().filename().string()))
      out.insert(it->path().filename().string());
  }
  return out;
}

Status SyncTree(const fs::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::syncfs(fd.get()) != 0)
    return Status::Unavailable("không đồng bộ được " + dir.string() + " xuống đĩa");
  return Status::Ok();
}

// Writes OUT/MANIFEST.json listing `files` and syncs the folder.
Status WriteManifest(const fs::path& out, const json& files, int schema_version) {
  json manifest = {{"format", kFormat},
                   {"schema_version", schema_version},
                   {"created_at", SystemClock().NowUnix()},
                   {"files", files}};
  {
    std::ofstream f(out / kManifest, std::ios::binary | std::ios::trunc);
    f << manifest.dump(1) << "\n";
    if (!f) return Status::Unavailable("không ghi được " + (out / kManifest).string());
  }
  ::chmod((out / kManifest).c_str(), 0600);
  return SyncTree(out);
}

// One attempt: snapshot, then the files it refers to. kNotFound when a
// referenced file vanished meanwhile (deleted after the snapshot).
Result<BackupSummary> WriteOnce(SqliteDatabase& db, const BackupSources& from, const fs::path& out) {
  BackupSummary sum;
  std::error_code ec;
  fs::remove_all(out, ec);
  PH_RETURN_IF_ERROR(MakePrivateDir(out));
  const fs::path db_out = out / kDb;
  PH_RETURN_IF_ERROR(db.BackupTo(db_out.string()));
  ::chmod(db_out.c_str(), 0600);
  PH_ASSIGN_OR_RETURN(auto referenced, ReferencedBlobs(db_out.string()));
  json files = json::array();
  PH_ASSIGN_OR_RETURN(auto db_sum, Sha256File(db_out.string()));
  files.push_back({{"path", kDb}, {"sha256", db_sum.first}, {"size", db_sum.second}});
  sum.bytes += db_sum.second;
  // Each file through its store: a folder gives its own path, an S3 store
  // fetches what this node has not cached (decision 540).
  auto add_store = [&](const std::string& store, documents::BlobStore& blobs, const std::set<std::string>& shas,
                       size_t* count) -> Status {
    for (const auto& sha : shas) {
      if (!IsSha(sha)) continue;
      const std::string rel = StorePath(store, sha);
      auto path = blobs.PathOf(sha);
      if (!path.ok()) return path.status();
      PH_RETURN_IF_ERROR(LinkOrCopy(*path, out / rel));
      uint64_t size = fs::file_size(out / rel, ec);
      files.push_back({{"path", rel}, {"sha256", sha}, {"size", size}});
      sum.bytes += size;
      ++*count;
    }
    return Status::Ok();
  };
  PH_RETURN_IF_ERROR(add_store("blobs", *from.blobs, referenced, &sum.blobs));
  // Page images are referenced from Markdown text: all of those on disk go,
  // and those the pages name (from the store when not on disk).
  std::set<std::string> images = ListStore(from.page_images_dir);
  PH_ASSIGN_OR_RETURN(auto named, ReferencedPageImages(db_out.string()));
  images.insert(named.begin(), named.end());
  PH_RETURN_IF_ERROR(add_store("page-images", *from.page_images, images, &sum.page_images));
  sum.schema_version = db.SchemaVersion();
  PH_RETURN_IF_ERROR(WriteManifest(out, files, sum.schema_version));
  return sum;
}

}  // namespace

Result<BackupSummary> WriteBackup(SqliteDatabase& db, const BackupSources& from, const std::string& out_dir) {
  std::error_code ec;
  if (fs::exists(out_dir, ec))
    return Status::InvalidArgument("đã có " + out_dir + ": hãy chọn một thư mục mới cho bản sao lưu");
  const fs::path partial = out_dir + ".partial";
  Result<BackupSummary> r = Status::Internal("");
  for (int attempt = 0; attempt < 5; ++attempt) {
    r = WriteOnce(db, from, partial);
    if (r.ok() || r.status().code() != StatusCode::kNotFound) break;
  }
  if (!r.ok()) {
    fs::remove_all(partial, ec);
    if (r.status().code() == StatusCode::kNotFound)
      return Status::Unavailable("tài liệu thay đổi liên tục trong lúc sao lưu, hãy thử lại");
    return r.status();
  }
  fs::rename(partial, out_dir, ec);
  if (ec) {
    fs::remove_all(partial, ec);
    return Status::Unavailable("không đổi tên được thành " + out_dir);
  }
  return r;
}

Result<BackupSummary> SealBackup(const std::string& partial_dir, const std::string& out_dir, int schema_version) {
  const fs::path out = partial_dir;
  std::error_code ec;
  if (fs::exists(out_dir, ec))
    return Status::InvalidArgument("đã có " + out_dir + ": hãy chọn một thư mục mới cho bản sao lưu");
  BackupSummary sum;
  sum.schema_version = schema_version;
  json files = json::array();
  PH_ASSIGN_OR_RETURN(auto db_sum, Sha256File((out / kDb).string()));
  ::chmod((out / kDb).c_str(), 0600);
  files.push_back({{"path", kDb}, {"sha256", db_sum.first}, {"size", db_sum.second}});
  sum.bytes += db_sum.second;
  for (const auto& [store, count] : {std::pair<std::string, size_t*>{"blobs", &sum.blobs},
                                     std::pair<std::string, size_t*>{"page-images", &sum.page_images}}) {
    for (const auto& sha : ListStore(out / store)) {
      const std::string rel = StorePath(store, sha);
      PH_ASSIGN_OR_RETURN(auto got, Sha256File((out / rel).string()));
      if (got.first != sha) return Status::Internal("tệp " + rel + " không khớp mã SHA-256 của nó");
      ::chmod((out / rel).c_str(), 0600);
      files.push_back({{"path", rel}, {"sha256", sha}, {"size", got.second}});
      sum.bytes += got.second;
      sum.files.push_back(rel);
      ++*count;
    }
  }
  PH_RETURN_IF_ERROR(WriteManifest(out, files, schema_version));
  fs::rename(out, out_dir, ec);
  if (ec) return Status::Unavailable("không đổi tên được thành " + out_dir);
  return sum;
}

Result<BackupSummary> CheckBackup(const std::string& backup_dir, int latest_schema) {
  const fs::path dir = backup_dir;
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(backup_dir + " không phải bản sao lưu phonghop đầy đủ: " + why);
  };
  json m;
  {
    std::ifstream f(dir / kManifest, std::ios::binary);
    if (!f) return bad("thiếu " + std::string(kManifest));
    m = json::parse(f, nullptr, /*allow_exceptions=*/false);
  }
  if (!m.is_object() || m.value("format", "") != kFormat || !m.contains("files") || !m["files"].is_array())
    return bad("tệp mô tả hỏng");
  BackupSummary sum;
  std::set<std::string> blobs;
  bool has_db = false;
  for (const auto& f : m["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") ||
        !f["sha256"].is_string() || !f.contains("size") || !f["size"].is_number_unsigned())
      return bad("tệp mô tả hỏng");
    const std::string rel = f["path"];
    const std::string sha = f["sha256"];
    if (rel.find("..") != std::string::npos || rel.empty() || rel[0] == '/') return bad("đường dẫn lạ " + rel);
    auto got = Sha256File((dir / rel).string());
    if (!got.ok()) return bad("thiếu tệp " + rel);
    if (got->second != f["size"].get<uint64_t>() || got->first != sha) return bad("tệp " + rel + " đã bị thay đổi");
    sum.bytes += got->second;
    if (rel == kDb) {
      has_db = true;
    } else if (rel.rfind("blobs/", 0) == 0) {
      if (rel != StorePath("blobs", sha)) return bad("tên tệp không khớp nội dung " + rel);
      blobs.insert(sha);
      sum.files.push_back(rel);
      ++sum.blobs;
    } else if (rel.rfind("page-images/", 0) == 0) {
      if (rel != StorePath("page-images", sha)) return bad("tên tệp không khớp nội dung " + rel);
      sum.files.push_back(rel);
      ++sum.page_images;
    } else {
      return bad("tệp lạ " + rel);
    }
  }
  if (!has_db) return bad("thiếu cơ sở dữ liệu");
  try {
    Connection c((dir / kDb).string(), /*read_only=*/true);
    auto s = c.Prepare("PRAGMA integrity_check");
    if (!s.Step() || s.Text(0) != "ok") return bad("cơ sở dữ liệu hỏng");
    auto v = c.Prepare("PRAGMA user_version");
    v.Step();
    sum.schema_version = static_cast<int>(v.Int(0));
  } catch (const SqliteError& e) {
    return bad(std::string("cơ sở dữ liệu không mở được: ") + e.what());
  }
  if (sum.schema_version < 1 || sum.schema_version > latest_schema)
    return bad("phiên bản lược đồ " + std::to_string(sum.schema_version) + " không được hỗ trợ");
  PH_ASSIGN_OR_RETURN(auto referenced, ReferencedBlobs((dir / kDb).string()));
  for (const auto& sha : referenced)
    if (!blobs.count(sha)) return bad("thiếu tệp tài liệu " + sha.substr(0, 12) + "…");
  return sum;
}

Result<BackupSummary> RestoreBackup(const std::string& backup_dir, const std::string& data_dir,
                                    int latest_schema) {
  PH_ASSIGN_OR_RETURN(BackupSummary sum, CheckBackup(backup_dir, latest_schema));
  const fs::path from = backup_dir, data = data_dir;
  PH_RETURN_IF_ERROR(MakePrivateDir(data));
  // Files first: until the database is replaced nothing refers to them.
  // Exactly the manifest's files (all verified above); one already in the
  // data directory is kept only if its content matches its name.
  for (const auto& rel : sum.files) {
    const std::string sha = fs::path(rel).filename().string();
    std::error_code ec;
    if (fs::exists(data / rel, ec)) {
      auto have = Sha256File((data / rel).string());
      if (have.ok() && have->first == sha) continue;
      fs::remove(data / rel, ec);  // damaged: the backup's copy replaces it
    }
    PH_RETURN_IF_ERROR(LinkOrCopy(from / rel, data / rel));
  }
  const fs::path target = data / kDb;
  const fs::path tmp = target.string() + ".restore";
  std::error_code ec;
  fs::copy_file(from / kDb, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Unavailable("không chép được cơ sở dữ liệu: " + ec.message());
  ::chmod(tmp.c_str(), 0600);
  {
    UniqueFd fd(::open(tmp.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.valid()) ::fsync(fd.get());
  }
  // The database being replaced is kept, not deleted: restoring the wrong
  // backup must be undoable.
  if (fs::exists(target, ec)) {
    const fs::path keep = data / ("before-restore-" + std::to_string(SystemClock().NowUnix()));
    PH_RETURN_IF_ERROR(MakePrivateDir(keep));
    for (const char* suffix : {"", "-wal", "-shm"}) {
      const fs::path f = target.string() + suffix;
      if (fs::exists(f, ec)) fs::rename(f, keep / f.filename(), ec);
      if (ec) return Status::Unavailable("không cất được " + f.string() + ": " + ec.message());
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) return Status::Unavailable("không thay được cơ sở dữ liệu: " + ec.message());
  PH_RETURN_IF_ERROR(SyncTree(data));
  return sum;
}

}  // namespace phonghop::storage
