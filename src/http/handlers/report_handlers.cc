// What the congress must file, printable: GET
// /api/v1/congresses/{slug}/reports/{attendance|credentials|delegations}
// ?format=pdf|xlsx[&session=ID] (staff).
#include <ctime>

#include "attendance/reports.h"
#include "common/numbers.h"
#include "http/error_mapping.h"
#include "http/handlers/attendance_routes.h"
#include "http/spreadsheet_reply.h"
#include "print/report_pdf.h"

namespace phonghop::http {

namespace {

// "ngày 30 tháng 11 năm 2026" in venue time (UTC+7).
std::string TodayLine() {
  std::time_t now = std::time(nullptr) + 7 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  return "Ngày " + std::to_string(tm.tm_mday) + " tháng " + std::to_string(tm.tm_mon + 1) + " năm " +
         std::to_string(tm.tm_year + 1900);
}


struct Deps {
  attendance::AttendanceService& attendance;
  congress::CongressService& congresses;
};

Result<Response> Report(Deps& d, Request& req) {
  std::string kind(req.Param("kind"));
  std::string format = req.Query("format").value_or("pdf");
  if (kind != "attendance" && kind != "credentials" && kind != "delegations")
    return Status::NotFound("Không có loại báo cáo này");
  if (format != "pdf" && format != "xlsx" && format != "csv")
    return Status::InvalidArgument("Định dạng phải là pdf, xlsx hoặc csv");
  int64_t session = 0;
  if (auto s = req.Query("session"); s && !s->empty()) {
    auto n = ParseNumber<int64_t>(*s);
    if (!n) return Status::InvalidArgument("Phiên họp không hợp lệ");
    session = *n;
  }
  std::string slug(req.Param("slug"));
  return DeferredReply([&d, slug, kind, format, session]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto c, d.congresses.Get(slug));
    PH_ASSIGN_OR_RETURN(auto delegates, d.congresses.Delegates(slug));
    attendance::ReportTable t;
    if (kind == "delegations") {
      t = attendance::DelegatesByDelegation(c, delegates);
    } else {
      PH_ASSIGN_OR_RETURN(auto roll, d.attendance.RollCall(slug, session));
      t = kind == "attendance" ? attendance::AttendanceList(c, roll, delegates)
                               : attendance::CredentialsReport(c, roll, delegates);
    }
    if (format != "pdf") {
      std::vector<std::vector<std::string>> rows;
      rows.push_back({t.title});
      for (const auto& s : t.subtitle) rows.push_back({s});
      rows.push_back(t.header);
      for (const auto& row : t.rows) rows.push_back(row);
      for (const auto& n : t.notes) rows.push_back({n});
      return SpreadsheetReply(rows, format, t.file_name, "Báo cáo");
    }
    PH_ASSIGN_OR_RETURN(std::string pdf, print::RenderReportPdf(t, TodayLine()));
    Response out;
    out.body = std::move(pdf);
    out.content_type = "application/pdf";
    out.compressible = false;
    out.AddHeader("Content-Disposition", "inline; filename=\"" + t.file_name + ".pdf\"");
    out.AddHeader("Cache-Control", "no-store");
    return out;
  });
}

}  // namespace

void RegisterReportRoutes(Router& r, attendance::AttendanceService& attendance,
                          congress::CongressService& congresses) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{attendance, congresses}), {
      {Verb::get, "/api/v1/congresses/{slug}/reports/{kind}", Access::Staff(), Report},
  });
}

}  // namespace phonghop::http
