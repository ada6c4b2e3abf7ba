// Builds the printable QR PDFs of a congress from its data: the use case
// behind `phonghop qr sheet` and the console's "In mã QR".
#pragma once

#include <string>

#include "common/status.h"
#include "congress/congress_service.h"
#include "documents/document_service.h"

namespace phonghop::print {

enum class SheetKind { kLabels, kPosters, kBadges };
std::optional<SheetKind> ParseSheetKind(std::string_view s);

// Returns the PDF bytes. `public_url` is the base of every QR link. Badges
// are not built here (they issue tokens): kInvalidArgument for kBadges.
Result<std::string> BuildCongressSheet(SheetKind kind, std::string_view slug,
                                       congress::CongressService& congresses,
                                       documents::DocumentService& docs,
                                       const std::string& public_url);

struct BadgeSheet {
  std::string pdf;
  congress::BadgeIssue issue;  // tokens printed, and what was issued/reused/revoked
};

// A6 badges with each delegate's personal QR for `delegate_ids` (empty =
// all), tokens per `mode` (see congress::BadgeMode), issued in one
// transaction before rendering.
Result<BadgeSheet> BuildBadgeSheet(std::string_view slug, const std::vector<int64_t>& delegate_ids,
                                   congress::BadgeMode mode, congress::CongressService& congresses,
                                   const std::string& public_url);

}  // namespace phonghop::print
