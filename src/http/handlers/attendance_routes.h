// Routes of check-in (face, badge, manual), the roll call and its export,
// and face enrolment / biometric deletion.
#pragma once

#include <string_view>

#include "attendance/attendance_service.h"
#include "congress/congress_service.h"
#include "http/router.h"

namespace phonghop::http {

void RegisterAttendanceRoutes(Router& r, attendance::AttendanceService& svc,
                              congress::CongressService& congresses, std::string tmp_dir);

// Header on a check-in answered again for a retried Idempotency-Key
// (decision 530); the request audit skips such replies.
inline constexpr std::string_view kIdempotentReplayed = "Idempotent-Replayed";

// Face photo archives (zip) are streamed to disk like document uploads.
bool IsFaceArchivePath(Verb method, std::string_view path);

// Printable reports: attendance list, credentials report, delegates by
// delegation, as PDF or XLSX (staff).
void RegisterReportRoutes(Router& r, attendance::AttendanceService& attendance,
                          congress::CongressService& congresses);

}  // namespace phonghop::http
