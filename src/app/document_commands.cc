// import / qr / search / reindex subcommands.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/app_context.h"
#include "app/cli_util.h"
#include "app/storage_options.h"
#include "common/random.h"
#include "extract/child_extractor.h"
#include "print/congress_sheets.h"

namespace phonghop::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kDefaultPublicUrl[] = "http://127.0.0.1:8080";

void CollectFiles(const fs::path& p, std::vector<fs::path>& out, std::vector<std::string>& missing) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    std::vector<fs::path> entries;
    for (const auto& e : fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec)) {
      std::string name = e.path().filename().string();
      if (!name.empty() && name[0] == '.') continue;
      if (e.is_regular_file(ec)) entries.push_back(e.path());
    }
    std::sort(entries.begin(), entries.end());
    out.insert(out.end(), entries.begin(), entries.end());
  } else if (fs::is_regular_file(p, ec)) {
    out.push_back(p);
  } else {
    missing.push_back(p.string());
  }
}

// Limits the child applies to itself before touching untrusted bytes.

}  // namespace

int ImportCommand(const Args& args) {
  po::options_description desc("import options");
  std::string data, slug, category, visibility;
  int64_t agenda_item = 0;
  std::vector<std::string> paths;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("congress", po::value(&slug)->required(), "congress slug")
      ("path", po::value(&paths)->required(), "files or folders to import")
      ("category", po::value(&category)->default_value("khac"), "category of every file (van-kien, bao-cao, ...)")
      ("agenda-item", po::value(&agenda_item)->default_value(0), "agenda item id for every file")
      ("visibility", po::value(&visibility)->default_value("public"), "public | delegates | roles")
      ("no-ocr", "do not read scanned pages now (the server does it in the background)")
      ("json", "print a JSON summary");
  po::positional_options_description pos;
  pos.add("path", -1);
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(args,
                      "Usage: phonghop import --data DIR --congress SLUG PATH... [--json]\n"
                      "Imports files (PDF, DOCX, ODT, DOC, Markdown, TXT, JPEG, PNG) and folders\n"
                      "(recursively) as documents; each gets its QR link. Files already imported\n"
                      "are reported, not duplicated.",
                      desc, &pos, &code);
  if (!vm) return code;
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  auto& docs = (*ctx)->documents();
  std::string base = (*ctx)->PublicUrl("");
  if (base.empty()) base = kDefaultPublicUrl;
  std::vector<fs::path> files;
  std::vector<std::string> missing;
  for (const auto& p : paths) CollectFiles(p, files, missing);
  json imported = json::array(), duplicates = json::array(), failed = json::array();
  for (const auto& m : missing) failed.push_back({{"file", m}, {"error", "không tìm thấy tệp hoặc thư mục"}});
  int position = 0;
  for (const auto& f : files) {
    // The service takes its input file over: give it a copy, never the original.
    std::string tmp = (*ctx)->tmp_dir() + "/import-" + RandomHex(8);
    std::error_code ec;
    fs::copy_file(f, tmp, ec);
    if (ec) {
      failed.push_back({{"file", f.string()}, {"error", "không đọc được: " + ec.message()}});
      continue;
    }
    documents::UploadInput in;
    in.temp_path = tmp;
    in.file_name = f.filename().string();
    in.category = category;
    in.visibility = visibility;
    in.agenda_item_id = agenda_item;
    in.position = ++position;
    auto d = docs.Upload(slug, std::move(in));
    if (d.ok()) {
      (*ctx)->AuditCli("import " + slug + " " + f.filename().string(), "document " + d->code);
      imported.push_back({{"file", f.string()}, {"code", d->code}, {"title", d->title},
                          {"kind", documents::ToString(d->current.kind)},
                          {"pages", d->current.page_count},
                          {"text_status", documents::ToString(d->current.text_status)},
                          {"url", base + "/d/" + d->code}});
      if (!vm->count("json"))
        std::cout << "✓ " << f.string() << " → " << base << "/d/" << d->code << " (" << d->current.page_count
                  << " trang) " << d->title << "\n";
    } else if (d.status().code() == StatusCode::kConflict) {
      duplicates.push_back({{"file", f.string()}, {"message", d.status().message()}});
      if (!vm->count("json")) std::cout << "= " << f.string() << ": " << d.status().message() << "\n";
    } else if (d.status().code() == StatusCode::kNotFound && failed.empty() && imported.empty() &&
               d.status().message().find("đại hội") != std::string::npos) {
      return Fail(d.status());
    } else {
      failed.push_back({{"file", f.string()}, {"error", d.status().message()}});
      if (!vm->count("json")) std::cerr << "✗ " << f.string() << ": " << d.status().message() << "\n";
    }
  }
  int ocr_pages = 0;
  if (!vm->count("no-ocr")) {
    // Scanned pages: read them now, so the import ends with searchable text.
    for (;;) {
      auto n = docs.RunOcr((*ctx)->extractor(), 4);
      if (!n.ok() || *n == 0) break;
      ocr_pages += *n;
      if (!vm->count("json")) std::cout << "  nhận dạng chữ (OCR): " << ocr_pages << " trang\n" << std::flush;
    }
  }
  if (vm->count("json")) {
    // Refresh: OCR may have changed the text status.
    for (auto& item : imported) {
      auto d = docs.Get(item["code"].get<std::string>());
      if (d.ok()) item["text_status"] = documents::ToString(d->current.text_status);
    }
    std::cout << json({{"ocr_pages", ocr_pages}, {"imported", imported}, {"duplicates", duplicates}, {"failed", failed}})
                     .dump(2, ' ', false, json::error_handler_t::replace)
              << "\n";
  } else {
    std::cout << "đã nhập " << imported.size() << " tài liệu, " << duplicates.size()
              << " đã có sẵn, " << failed.size() << " lỗi\n";
  }
  return failed.empty() ? kExitOk : kExitRejected;
}

int QrCommand(const Args& args) {
  const std::string usage =
      "Usage: phonghop qr sheet --data DIR --congress SLUG --out FILE.pdf [--kind labels|posters|badges]\n"
      "            [--badge NUMBER]... [--revoke]\n"
      "  labels   A4 sheet of QR labels, one per document (code, title, number)\n"
      "  posters  one A4 poster per agenda item listing its documents\n"
      "  badges   A6 delegate badges with a personal QR: badges already handed out keep\n"
      "           working (their codes are printed again); --badge prints only those\n"
      "           delegates; --revoke gives them new codes and the old badges stop working";
  if (args.empty() || args[0] != "sheet") {
    bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
    (help ? std::cout : std::cerr) << usage << "\n";
    return help ? kExitOk : kExitUsage;
  }
  Args rest(args.begin() + 1, args.end());
  po::options_description desc("qr sheet options");
  std::string data, slug, out, kind_s;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("congress", po::value(&slug)->required(), "congress slug")
      ("out", po::value(&out)->required(), "PDF to write")
      ("kind", po::value(&kind_s)->default_value("labels"), "labels | posters | badges")
      ("badge", po::value<std::vector<std::string>>(), "only this delegate's badge (repeatable)")
      ("revoke", "badges: issue new codes, the old badges stop working");
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(rest, usage, desc, nullptr, &code);
  if (!vm) return code;
  auto kind = print::ParseSheetKind(kind_s);
  if (!kind) {
    std::cerr << "phonghop: --kind must be labels, posters or badges\n";
    return kExitUsage;
  }
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  std::string base = (*ctx)->PublicUrl("");
  if (base.empty()) {
    base = kDefaultPublicUrl;
    std::cerr << "phonghop: chưa biết địa chỉ máy chủ (hãy chạy 'serve --public-url URL' một lần); "
                 "mã QR sẽ trỏ tới " << base << "\n";
  }
  if (*kind == print::SheetKind::kBadges) {
    std::vector<int64_t> ids;
    if (vm->count("badge")) {
      auto list = (*ctx)->congresses().Delegates(slug);
      if (!list.ok()) return Fail(list.status());
      for (const auto& b : (*vm)["badge"].as<std::vector<std::string>>()) {
        auto it = std::find_if(list->begin(), list->end(), [&](const auto& d) { return d.badge == b; });
        if (it == list->end()) {
          std::cerr << "phonghop: không có đại biểu số thẻ " << b << "\n";
          return kExitRejected;
        }
        ids.push_back(it->id);
      }
    }
    auto sheet = print::BuildBadgeSheet(slug, ids,
                                        vm->count("revoke") ? congress::BadgeMode::kRevoke
                                                            : congress::BadgeMode::kReuse,
                                        (*ctx)->congresses(), base);
    if (!sheet.ok()) return Fail(sheet.status());
    Status st = WriteFileAtomic(out, sheet->pdf);
    if (!st.ok()) return Fail(st);
    (*ctx)->AuditCli("qr sheet badges " + slug, std::to_string(sheet->issue.issued) + " issued, " +
                                                   std::to_string(sheet->issue.revoked) + " revoked");
    std::cout << "đã ghi " << out << ": " << sheet->issue.tokens.size() << " thẻ ("
              << sheet->issue.reused << " giữ mã cũ, " << sheet->issue.issued << " mã mới, "
              << sheet->issue.revoked << " thẻ cũ hết hiệu lực)\n";
    return kExitOk;
  }
  auto pdf = print::BuildCongressSheet(*kind, slug, (*ctx)->congresses(), (*ctx)->documents(), base);
  if (!pdf.ok()) return Fail(pdf.status());
  Status st = WriteFileAtomic(out, *pdf);
  if (!st.ok()) return Fail(st);
  std::cout << "đã ghi " << out << "\n";
  return kExitOk;
}



int SearchCommand(const Args& args) {
  po::options_description desc("search options");
  std::string data, slug, query, category;
  int limit = 20;
  desc.add_options()
      ("data", po::value(&data)->required(), "data directory")
      ("congress", po::value(&slug), "congress slug (default: every congress)")
      ("query", po::value(&query)->required(), "what to look for")
      ("category", po::value(&category), "only this category")
      ("limit", po::value(&limit)->default_value(20), "at most this many documents")
      ("json", "print JSON");
  po::positional_options_description pos;
  pos.add("query", 1);
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(args,
                      "Usage: phonghop search --data DIR [--congress SLUG] [--json] \"QUERY\"\n"
                      "Words with or without diacritics; \"quoted phrase\"; prefix*.",
                      desc, &pos, &code);
  if (!vm) return code;
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  search::SearchRequest req;
  req.congress_slug = slug;
  req.text = query;
  req.category = category;
  req.limit = limit;
  auto r = (*ctx)->search().Search(req);
  if (!r.ok()) return Fail(r.status());
  if (vm->count("json")) {
    json items = json::array();
    for (const auto& x : r->results)
      items.push_back({{"file_name", x.file_name}, {"title", x.title}, {"code", x.code}, {"page", x.page},
                       {"snippet", x.snippet}, {"score", x.score}, {"strong", x.strong}});
    std::cout << json({{"query", query}, {"results", items}}).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  for (const auto& x : r->results)
    std::cout << (x.strong ? "" : "(gần đúng) ") << x.title << " — trang " << x.page << " [" << x.score << "]\n";
  if (r->results.empty()) std::cout << "không tìm thấy\n";
  return kExitOk;
}

int ReindexCommand(const Args& args) {
  po::options_description desc("reindex options");
  std::string data;
  desc.add_options()("data", po::value(&data)->required(), "data directory");
  DatabaseOptions db_opts;
  AddStorageOptions(desc, &db_opts);
  int code = 0;
  auto vm = ParseArgs(args, "Usage: phonghop reindex --data DIR\nRebuilds the search index from the stored page texts.",
                      desc, nullptr, &code);
  if (!vm) return code;
  auto ctx = AppContext::Open(data, db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  auto n = (*ctx)->search().Reindex();
  if (!n.ok()) return Fail(n.status());
  std::cout << "đã lập lại chỉ mục: " << *n << " trang\n";
  return kExitOk;
}


}  // namespace phonghop::app
