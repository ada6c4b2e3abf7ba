// Printing delegate badges without a GET that changes anything: a POST
// (CSRF-checked like every state change) issues the tokens in one
// transaction and prepares the PDF; the browser then GETs that prepared file.
// Also the print shop's token list (GET, revokes nothing).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/random.h"
#include "http/congress_json.h"
#include "http/error_mapping.h"
#include "http/handlers/routes.h"
#include "http/json_body.h"
#include "http/spreadsheet_reply.h"
#include "print/congress_sheets.h"

namespace phonghop::http {

using nlohmann::json;
using namespace phonghop::congress;

namespace {

constexpr size_t kPrintIdLength = 22;

bool ValidPrintId(std::string_view id) {
  if (id.size() != kPrintIdLength) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

// Prepared prints hold live tokens: owner-only files, removed after a day.
void PruneOldPrints(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    auto t = fs::last_write_time(e.path(), ec);
    if (!ec && now - t > std::chrono::hours(24)) fs::remove(e.path(), ec);
  }
}

Status WritePrivate(const std::string& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable("không ghi được bản in");
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      ::close(fd);
      return Status::Unavailable("không ghi được bản in");
    }
    off += static_cast<size_t>(n);
  }
  ::close(fd);
  return Status::Ok();
}

const Status kNoPrint = Status::NotFound("không có bản in này (bản in được giữ 24 giờ)");

// {"delegate_ids": [..] (absent or empty = all), "revoke": bool}
Result<Response> PrepareBadges(BadgeRouteDeps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body().empty() ? std::string_view("{}") : req.body()));
  bool revoke = false;
  JsonFields f(body, {"delegate_ids", "revoke"});
  f.Bool("revoke", revoke);
  PH_RETURN_IF_ERROR(f.status());
  std::vector<int64_t> ids;
  if (body.contains("delegate_ids")) {
    const json& a = body["delegate_ids"];
    if (!a.is_array()) return Status::InvalidArgument("Cần danh sách đại biểu");
    for (const auto& v : a) {
      if (!v.is_number_integer()) return Status::InvalidArgument("Cần danh sách đại biểu");
      ids.push_back(v.get<int64_t>());
    }
  }
  std::string slug(req.Param("slug"));
  return DeferredReply([&d, slug, ids, revoke]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto sheet, print::BuildBadgeSheet(slug, ids, revoke ? BadgeMode::kRevoke : BadgeMode::kReuse,
                                                           d.congresses, d.public_url()));
    PruneOldPrints(d.print_dir);
    std::string id = RandomBase62(kPrintIdLength);
    PH_RETURN_IF_ERROR(WritePrivate(d.print_dir + "/" + id + ".pdf", sheet.pdf));
    const auto& is = sheet.issue;
    std::string message = std::to_string(is.tokens.size()) + " thẻ sẵn sàng in.";
    if (is.revoked > 0)
      message += " " + std::to_string(is.revoked) + " thẻ đã phát trước đây không còn dùng được" +
                 (is.tokens.size() == 1 ? " (chỉ thẻ của " + is.tokens[0].delegate.full_name + ")" : "") + ".";
    else
      message += " Các thẻ đã phát vẫn dùng được.";
    json names = json::array();
    for (const auto& t : is.tokens) names.push_back(t.delegate.badge);
    return JsonReply({{"url", "/api/v1/congresses/" + slug + "/badges/" + id + ".pdf"},
                      {"badges", is.tokens.size()}, {"issued", is.issued}, {"reused", is.reused},
                      {"revoked", is.revoked}, {"badge_numbers", names}, {"message", message}},
                     201);
  });
}

Result<Response> GetBadgePrint(BadgeRouteDeps& d, Request& req) {
  std::string file(req.Param("file"));
  if (file.size() < 5 || file.substr(file.size() - 4) != ".pdf" ||
      !ValidPrintId(std::string_view(file).substr(0, file.size() - 4)))
    return kNoPrint;
  std::ifstream in(d.print_dir + "/" + file, std::ios::binary);
  if (!in) return kNoPrint;
  std::stringstream ss;
  ss << in.rdbuf();
  Response res;
  res.body = ss.str();
  res.content_type = "application/pdf";
  res.compressible = false;
  res.AddHeader("Content-Disposition", "inline; filename=\"the-dai-bieu-" + std::string(req.Param("slug")) + ".pdf\"");
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

// Every delegate's token for a print shop: issues to those without one,
// revokes none (so repeating it changes nothing).
Result<Response> TokenList(BadgeRouteDeps& d, Request& req) {
  std::string format = req.Query("format").value_or("csv");
  if (format != "csv" && format != "json") return Status::InvalidArgument("Định dạng phải là csv hoặc json");
  std::string slug(req.Param("slug"));
  PH_ASSIGN_OR_RETURN(auto issue, d.congresses.BadgeTokens(slug, {}, BadgeMode::kIssueMissing));
  auto rows = TokenExportRows(issue, d.public_url());
  Response res;
  if (format == "csv") {
    res = SpreadsheetReply(rows, "csv", "ma-the-dai-bieu-" + slug, "Mã thẻ");
  } else {
    json items = json::array();
    for (size_t i = 1; i < rows.size(); ++i)
      items.push_back({{"badge", rows[i][0]}, {"full_name", rows[i][1]}, {"delegation", rows[i][2]},
                       {"token", rows[i][3]}, {"url", rows[i][3].empty() ? "" : rows[i][4]}});
    res = JsonReply({{"congress", slug}, {"issued", issue.issued}, {"unreadable", issue.unreadable},
                     {"delegates", items}});
  }
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

}  // namespace

void RegisterBadgeRoutes(Router& r, BadgeRouteDeps deps) {
  auto d = std::make_shared<BadgeRouteDeps>(std::move(deps));
  std::error_code ec;
  std::filesystem::create_directories(d->print_dir, ec);
  ::chmod(d->print_dir.c_str(), 0700);
  AddRoutes<BadgeRouteDeps>(r, d, {
    {Verb::post, "/api/v1/congresses/{slug}/badges", Access::Staff(), PrepareBadges},
    {Verb::get, "/api/v1/congresses/{slug}/badges/{file}", Access::Staff(), GetBadgePrint},
    {Verb::get, "/api/v1/congresses/{slug}/delegates/tokens", Access::Staff(), TokenList},
  });
}

}  // namespace phonghop::http
