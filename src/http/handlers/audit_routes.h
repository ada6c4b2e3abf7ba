// The audit log, for admins: JSON or CSV export.
#pragma once

#include "audit/audit_log.h"
#include "http/router.h"

namespace phonghop::http {

void RegisterAuditRoutes(Router& r, audit::AuditLog& log);

}  // namespace phonghop::http
