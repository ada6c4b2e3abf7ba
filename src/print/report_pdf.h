// Typesets a report table (attendance list, credentials report, delegates
// by delegation) as an A4 PDF with Noto fonts: organisation and title,
// a ruled table whose header repeats on every page, notes, signatures and
// page numbers.
#pragma once

#include <string>

#include "attendance/reports.h"
#include "common/status.h"

namespace phonghop::print {

// Returns the PDF bytes; `place_date` is the line above the signatures
// ("Yên Bái, ngày 30 tháng 11 năm 2026"). kInternal if cairo fails.
Result<std::string> RenderReportPdf(const attendance::ReportTable& t, const std::string& place_date);

}  // namespace phonghop::print
