// What a congress must file, as tables (no file formats here): the
// attendance list of a session with a signature column and totals by
// delegation, the credentials report (báo cáo thẩm tra tư cách đại biểu),
// and the list of delegates by delegation. print/report_pdf typesets them;
// the HTTP layer also writes them as XLSX.
#pragma once

#include <string>
#include <vector>

#include "attendance/model.h"
#include "congress/model.h"

namespace phonghop::attendance {

struct ReportTable {
  std::string organization;              // top-left line ("TỈNH ĐOÀN YÊN BÁI")
  std::string title;                     // "DANH SÁCH ĐẠI BIỂU DỰ …"
  std::vector<std::string> subtitle;     // congress, session, date lines
  std::vector<std::string> header;       // column names, Vietnamese
  std::vector<double> widths;            // relative column widths
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> emphasis;            // parallel to rows: group heading or total
  std::vector<std::string> notes;        // lines after the table
  bool signatures = false;               // "Người lập biểu" / "Trưởng ban" block
  std::string file_name;                 // without extension
};

// Every delegate in badge order grouped by delegation, with "Có mặt" ticked
// for those checked in to `roll.session`, an empty signature column, and a
// total line per delegation and for the whole session.
ReportTable AttendanceList(const congress::Congress& c, const Roll& roll,
                           const std::vector<congress::Delegate>& delegates);

// Summoned, present (official delegates, at `roll.session`), and the
// make-up of the delegates present and summoned: kind, delegation, gender,
// age group (at the congress's start date), ethnicity, Party membership.
ReportTable CredentialsReport(const congress::Congress& c, const Roll& roll,
                              const std::vector<congress::Delegate>& delegates);

// Delegates grouped by delegation with position, gender, birth year,
// ethnicity, Party membership and seat.
ReportTable DelegatesByDelegation(const congress::Congress& c,
                                  const std::vector<congress::Delegate>& delegates);

}  // namespace phonghop::attendance
