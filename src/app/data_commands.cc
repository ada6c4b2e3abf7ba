// delegates / congress / backup / restore subcommands.
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/app_context.h"
#include "app/cli_util.h"
#include "app/move_command.h"
#include "app/storage_options.h"
#include "congress/delegate_import.h"
#include "io/csv.h"
#include "io/spreadsheet.h"
#include "io/xlsx.h"
#include "common/files.h"
#include "storage/backup.h"
#include "storage/sqlite/migrations.h"

namespace phonghop::app {

namespace {
constexpr size_t kMaxSheetBytes = 32u << 20;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
int DelegateTokensCommand(const Args& args) {
  Args rest(args.begin() + 1, args.end());
  po::options_description desc("delegates tokens options");
  std::string data, slug, out;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("congress", po::value(&slug)->required(), "congress slug")
      ("out", po::value(&out)->required(), "output .csv or .json");
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(rest, "Usage: phonghop delegates tokens --data DIR --congress SLUG --out FILE.csv|FILE.json",
                      desc, nullptr, &code);
  if (!vm) return code;
  if (!EndsWith(out, ".csv") && !EndsWith(out, ".json")) {
    std::cerr << "phonghop: --out must end in .csv or .json\n";
    return kExitUsage;
  }
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  std::string base = (*ctx)->PublicUrl("");
  if (base.empty()) {
    base = "http://127.0.0.1:8080";
    std::cerr << "phonghop: chưa biết địa chỉ máy chủ (hãy chạy 'serve --public-url URL' một lần); "
                 "đường dẫn sẽ trỏ tới " << base << "\n";
  }
  auto issue = (*ctx)->congresses().BadgeTokens(slug, {}, congress::BadgeMode::kIssueMissing);
  if (!issue.ok()) return Fail(issue.status());
  auto rows = congress::TokenExportRows(*issue, base);
  std::string bytes;
  if (EndsWith(out, ".csv")) {
    bytes = io::WriteCsv(rows);
  } else {
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 1; i < rows.size(); ++i)
      items.push_back({{"badge", rows[i][0]}, {"full_name", rows[i][1]}, {"delegation", rows[i][2]},
                       {"token", rows[i][3]}, {"url", rows[i][3].empty() ? "" : rows[i][4]}});
    bytes = nlohmann::json({{"congress", slug}, {"delegates", items}}).dump(2) + "\n";
  }
  Status st = WriteFileAtomic(out, bytes);
  if (!st.ok()) return Fail(st);
  if (issue->issued > 0)
    (*ctx)->AuditCli("delegates tokens " + slug, std::to_string(issue->issued) + " issued");
  std::cout << "đã ghi " << out << ": " << issue->tokens.size() << " đại biểu, " << issue->issued
            << " mã mới cấp, không thu hồi mã nào";
  if (issue->unreadable > 0)
    std::cout << "; " << issue->unreadable << " thẻ cũ không đọc lại được mã (vẫn dùng được)";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

int DelegatesCommand(const Args& args) {
  const std::string usage =
      "Usage: phonghop delegates import --data DIR --congress SLUG FILE.csv|FILE.xlsx\n"
      "       phonghop delegates export --data DIR --congress SLUG --out FILE.xlsx|FILE.csv\n"
      "       phonghop delegates tokens --data DIR --congress SLUG --out FILE.csv|FILE.json\n"
      "\n"
      "import: the whole file is checked first; any bad row rejects the file\n"
      "        and nothing is changed. Rows are matched to existing delegates by\n"
      "        badge number (Số thẻ) and updated, others are added.\n"
      "tokens: badge, name, delegation, sign-in token and URL of every delegate, for a\n"
      "        print shop; issues a token to those without one and revokes none.";
  if (!args.empty() && args[0] == "tokens") return DelegateTokensCommand(args);
  if (args.empty() || (args[0] != "import" && args[0] != "export")) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << usage << "\n";
      return kExitOk;
    }
    std::cerr << usage << "\n";
    return kExitUsage;
  }
  const bool is_import = args[0] == "import";
  Args rest(args.begin() + 1, args.end());
  po::options_description desc("delegates options");
  std::string data, slug, file, out;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("congress", po::value(&slug)->required(), "congress slug");
  if (is_import) {
    desc.add_options()
        ("file", po::value(&file)->required(), "CSV (UTF-8) or XLSX file")
        ("create-delegations", "create delegations named in the file that don't exist yet")
        ("dry-run", "check the file and report, change nothing");
  } else {
    desc.add_options()("out", po::value(&out)->required(), "output .xlsx or .csv");
  }
  po::positional_options_description pos;
  pos.add("file", 1);
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(rest, usage, desc, is_import ? &pos : nullptr, &code);
  if (!vm) return code;

  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  auto& svc = (*ctx)->congresses();
  if (is_import) {
    auto bytes = ReadFile(file, kMaxSheetBytes);
    if (!bytes.ok()) return Fail(bytes.status());
    auto table = io::ParseSpreadsheet(*bytes);
    if (!table.ok()) return Fail(table.status());
    congress::ImportOptions opts;
    opts.create_delegations = vm->count("create-delegations") > 0;
    auto report = svc.ImportDelegates(slug, *table, opts, vm->count("dry-run") > 0);
    if (!report.ok()) {
      std::cerr << "phonghop: tệp bị từ chối, không có thay đổi nào: "
                << report.status().message() << "\n";
      return kExitRejected;
    }
    if (!report->dry_run)
      (*ctx)->AuditCli("delegates import " + slug + " " + file,
                       std::to_string(report->inserted) + " new, " + std::to_string(report->updated) + " updated");
    std::cout << (report->dry_run ? "kiểm tra (không ghi): " : "đã nhập: ") << report->inserted
              << " đại biểu mới, " << report->updated << " cập nhật, "
              << report->delegations_created << " đoàn mới\n";
    return kExitOk;
  }
  auto list = svc.Delegates(slug);
  if (!list.ok()) return Fail(list.status());
  std::vector<std::vector<std::string>> rows{congress::ExportHeader()};
  for (const auto& d : *list) rows.push_back(congress::ExportRow(d));
  std::string bytes;
  if (EndsWith(out, ".csv")) {
    bytes = io::WriteCsv(rows);
  } else if (EndsWith(out, ".xlsx")) {
    auto x = io::WriteXlsx(rows, "Đại biểu");
    if (!x.ok()) return Fail(x.status());
    bytes = std::move(*x);
  } else {
    std::cerr << "phonghop: --out must end in .xlsx or .csv\n";
    return kExitUsage;
  }
  Status st = WriteFileAtomic(out, bytes);
  if (!st.ok()) return Fail(st);
  std::cout << "đã xuất " << list->size() << " đại biểu ra " << out << "\n";
  return kExitOk;
}

int CongressCommand(const Args& args) {
  const std::string usage =
      "Usage: phonghop congress list --data DIR\n"
      "       phonghop congress create --data DIR --slug SLUG --name NAME [--term T]\n"
      "            [--ordinal O] [--organization ORG] [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--venue V]";
  if (args.empty() || (args[0] != "list" && args[0] != "create")) {
    bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
    (help ? std::cout : std::cerr) << usage << "\n";
    return help ? kExitOk : kExitUsage;
  }
  const bool create = args[0] == "create";
  Args rest(args.begin() + 1, args.end());
  po::options_description desc("congress options");
  std::string data;
  congress::Congress c;
  desc.add_options()("data", po::value(&data)->required(), "data directory");
  if (create) {
    desc.add_options()
        ("slug", po::value(&c.slug)->required(), "URL name: a-z, 0-9, '-'")
        ("name", po::value(&c.name)->required(), "full name of the congress")
        ("organization", po::value(&c.organization), "organising body")
        ("ordinal", po::value(&c.ordinal), "e.g. 'lần thứ XV'")
        ("term", po::value(&c.term), "e.g. '2022 - 2027'")
        ("start", po::value(&c.start_date), "first day, YYYY-MM-DD")
        ("end", po::value(&c.end_date), "last day, YYYY-MM-DD")
        ("venue", po::value(&c.venue), "venue");
  }
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(rest, usage, desc, nullptr, &code);
  if (!vm) return code;
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  auto& svc = (*ctx)->congresses();
  if (create) {
    auto made = svc.Create(c);
    if (!made.ok()) return Fail(made.status());
    (*ctx)->AuditCli("congress create " + made->slug, "created");
    std::cout << "đã tạo đại hội " << made->slug << "\n";
    return kExitOk;
  }
  auto list = svc.List();
  if (!list.ok()) return Fail(list.status());
  for (const auto& x : *list)
    std::cout << x.slug << "\t" << x.start_date << "\t" << x.name << " " << x.ordinal << "\n";
  return kExitOk;
}

namespace {

// The congress ids of `slugs` (decision 418); kInvalidArgument naming an
// unknown one.
Result<std::vector<int64_t>> CongressIds(AppContext& ctx, const std::vector<std::string>& slugs) {
  std::vector<int64_t> ids;
  for (const auto& slug : slugs) {
    auto c = ctx.congresses().Get(slug);
    if (!c.ok() && c.status().code() == StatusCode::kNotFound)
      return Status::InvalidArgument("không có đại hội \"" + slug + "\"");
    PH_RETURN_IF_ERROR(c.status());
    ids.push_back(c->id);
  }
  return ids;
}

std::string ScopeText(const std::vector<std::string>& slugs, bool all) {
  if (all) return "mọi đại hội";
  if (slugs.empty()) return "chưa đại hội nào";
  std::string out;
  for (const auto& s : slugs) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// `phonghop user scope`: which congresses an account may work on.
int UserScopeCommand(const Args& rest) {
  const std::string usage =
      "Usage: phonghop user scope --data DIR --name NAME (--congress SLUG ... | --all | --none)\n"
      "Limits a secretariat, chair or check-in account to the congresses named\n"
      "(--congress, repeatable), makes it work on every congress (--all), or on\n"
      "none (--none). Admins always work on every congress (decision 418).";
  po::options_description desc("user scope options");
  std::string data, name;
  std::vector<std::string> slugs;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("name", po::value(&name)->required(), "sign-in name")
      ("congress", po::value(&slugs)->composing(), "a congress the account works on (repeatable)")
      ("all", "every congress")
      ("none", "no congress");
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(rest, usage, desc, nullptr, &code);
  if (!vm) return code;
  const bool all = vm->count("all") > 0, none = vm->count("none") > 0;
  if ((all ? 1 : 0) + (none ? 1 : 0) + (slugs.empty() ? 0 : 1) != 1) {
    std::cerr << "phonghop: give exactly one of --congress SLUG..., --all, --none\n" << usage << "\n";
    return kExitUsage;
  }
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  auth::CongressScope scope = auth::CongressScope::All();
  if (!all) {
    auto ids = CongressIds(**ctx, slugs);
    if (!ids.ok()) return Fail(ids.status());
    scope = auth::CongressScope::Only(std::move(*ids));
  }
  if (Status st = (*ctx)->auth().SetScope(name, scope); !st.ok()) return Fail(st);
  (*ctx)->AuditCli("user scope " + name + ": " + ScopeText(slugs, all), "set");
  std::cout << "tài khoản " << name << " làm việc với: " << ScopeText(slugs, all) << "\n";
  return kExitOk;
}

}  // namespace

int UserCommand(const Args& args) {
  const std::string usage =
      "Usage: phonghop user add --data DIR --role ROLE --name NAME [--congress SLUG ...] [--password-stdin]\n"
      "       phonghop user scope --data DIR --name NAME (--congress SLUG ... | --all | --none)\n"
      "Roles: admin, secretariat, chair, checkin. Prints a one-time password unless\n"
      "--password-stdin reads one (at least 10 characters) from standard input.\n"
      "--congress (repeatable) limits a non-admin account to those congresses; without\n"
      "it the account works on every congress, as accounts always did (decision 418).";
  if (!args.empty() && args[0] == "scope") return UserScopeCommand(Args(args.begin() + 1, args.end()));
  if (args.empty() || args[0] != "add") {
    bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
    (help ? std::cout : std::cerr) << usage << "\n";
    return help ? kExitOk : kExitUsage;
  }
  Args rest(args.begin() + 1, args.end());
  po::options_description desc("user add options");
  std::string data, role_s, name;
  std::vector<std::string> slugs;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("role", po::value(&role_s)->required(), "admin | secretariat | chair | checkin")
      ("name", po::value(&name)->required(), "sign-in name")
      ("congress", po::value(&slugs)->composing(), "limit the account to this congress (repeatable)")
      ("password-stdin", "read the password from standard input");
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(rest, usage, desc, nullptr, &code);
  if (!vm) return code;
  auto role = congress::ParseRole(role_s);
  if (!role || *role == congress::Role::kDelegate) {
    std::cerr << "phonghop: --role must be admin, secretariat, chair or checkin (delegates sign in with their badge)\n";
    return kExitUsage;
  }
  if (*role == congress::Role::kAdmin && !slugs.empty()) {
    std::cerr << "phonghop: an admin works on every congress: --congress is for secretariat, chair and checkin\n";
    return kExitUsage;
  }
  std::string password;
  if (vm->count("password-stdin")) std::getline(std::cin, password);
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  auth::CongressScope scope = auth::CongressScope::All();
  if (!slugs.empty()) {
    auto ids = CongressIds(**ctx, slugs);
    if (!ids.ok()) return Fail(ids.status());
    scope = auth::CongressScope::Only(std::move(*ids));
  }
  auto pw = (*ctx)->auth().AddUser(name, *role, password, scope);
  if (!pw.ok()) return Fail(pw.status());
  (*ctx)->AuditCli("user add " + name + " (" + congress::ToString(*role) + "; " + ScopeText(slugs, slugs.empty()) + ")",
                   "created");
  if (password.empty()) std::cout << "mật khẩu (chỉ hiện một lần): " << *pw << "\n";
  else std::cout << "đã tạo người dùng " << name << "\n";
  return kExitOk;
}

int BackupCommand(const Args& args) {
  po::options_description desc("backup options");
  std::string data, out, slug;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("out", po::value(&out)->required(), "new folder to write the backup into")
      ("congress", po::value(&slug), "only this congress (on SQLite or PostgreSQL)");
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(args,
                      "Usage: phonghop backup --data DIR --out NEW_FOLDER [--congress SLUG]\n"
                      "                       [--database URL] [--blobs S3URL]\n"
                      "A whole, consistent copy: the database and every document file and\n"
                      "picture it refers to (fetched from the S3 store when --blobs names one),\n"
                      "with a manifest of SHA-256s. Safe while the server runs. The folder holds\n"
                      "personal data: it is made readable by its owner only; keep it so.\n"
                      "--congress SLUG: one congress only, in the same format (restore puts it\n"
                      "into a SQLite data directory); the way to back up a congress on\n"
                      "PostgreSQL. The whole PostgreSQL database is backed up with pgBackRest or\n"
                      "pg_dump, and the bucket with versioning (docs/deployment.md).",
                      desc, nullptr, &code);
  if (!vm) return code;
  const bool env_pg = std::getenv("PHONGHOP_DATABASE") && *std::getenv("PHONGHOP_DATABASE");
  if (db_opts.url.empty() && !env_pg && !std::filesystem::exists(data + "/phonghop.db")) {
    std::cerr << "phonghop: không có cơ sở dữ liệu trong " << data << "\n";
    return kExitFailure;
  }
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  Result<storage::BackupSummary> sum = Status::Internal("");
  if (!slug.empty()) {
    sum = WriteCongressBackup(**ctx, slug, out);
  } else if (!(*ctx)->sqlite()) {
    std::cerr << "phonghop: dữ liệu đang ở PostgreSQL: sao lưu toàn bộ cơ sở dữ liệu bằng pgBackRest hoặc "
                 "pg_dump và bật versioning cho bucket S3 (docs/deployment.md); hoặc sao lưu từng đại hội: "
                 "phonghop backup --congress SLUG\n";
    return kExitRejected;
  } else {
    storage::BackupSources from;
    from.blobs = &(*ctx)->blobs();
    from.page_images = &(*ctx)->page_images();
    from.page_images_dir = data + "/page-images";
    sum = storage::WriteBackup(*(*ctx)->sqlite(), from, out);
  }
  if (!sum.ok()) return Fail(sum.status());
  (*ctx)->AuditCli("backup " + (slug.empty() ? std::string() : slug + " ") + out, "written");
  std::cout << "đã sao lưu " << (slug.empty() ? std::string() : "đại hội " + slug + " ") << "vào " << out
            << ": cơ sở dữ liệu, " << sum->blobs << " tệp tài liệu, " << sum->page_images << " ảnh ("
            << (sum->bytes >> 20) << " MB)\n";
  return kExitOk;
}

int RestoreCommand(const Args& args) {
  po::options_description desc("restore options");
  std::string data, in, database;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("in", po::value(&in)->required(), "backup folder made by 'phonghop backup'")
      ("database", po::value(&database), "refused: a backup is restored into a SQLite data directory");
  int code = 0;
  auto vm = ParseArgs(args,
                      "Usage: phonghop restore --data DIR --in BACKUP_FOLDER\n"
                      "Checks the backup whole (every file's SHA-256, the database's integrity,\n"
                      "every document file present) before anything changes. Refused while a\n"
                      "server runs on DIR: stop it first. Into PostgreSQL: restore into a new\n"
                      "folder, then 'phonghop move --from-data FOLDER --congress SLUG --data DIR\n"
                      "--database URL [--blobs S3URL]'.",
                      desc, nullptr, &code);
  if (!vm) return code;
  if (!database.empty()) {
    std::cerr << "phonghop: restore đưa bản sao lưu vào một thư mục dữ liệu SQLite; để đưa vào PostgreSQL: "
                 "khôi phục vào một thư mục mới rồi dùng 'phonghop move --from-data THƯ_MỤC --congress SLUG "
                 "--data DIR --database URL' (không có gì bị thay đổi)\n";
    return kExitUsage;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(in, ec)) {
    std::cerr << "phonghop: " << in << " không phải thư mục sao lưu (bản sao lưu chỉ có cơ sở dữ liệu, "
              << "không có tài liệu, không được nhận vì sẽ làm mất tài liệu)\n";
    return kExitRejected;
  }
  fs::create_directories(data, ec);
  auto lock = LockExclusive(data + "/" + kServeLockName);
  if (!lock.ok()) {
    std::cerr << "phonghop: máy chủ đang chạy trên " << data
              << ": hãy dừng máy chủ trước khi khôi phục (không có gì bị thay đổi)\n";
    return kExitRejected;
  }
  auto sum = storage::RestoreBackup(in, data, storage::LatestSchemaVersion());
  if (!sum.ok()) {
    std::cerr << "phonghop: " << sum.status().message() << " (không có gì bị thay đổi)\n";
    return sum.status().code() == StatusCode::kInvalidArgument ? kExitRejected : kExitFailure;
  }
  std::cout << "đã khôi phục " << in << " vào " << data << ": " << sum->blobs << " tệp tài liệu, "
            << sum->page_images << " ảnh\n";
  return kExitOk;
}

}  // namespace phonghop::app
