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
// issue new personal tokens (revoking the previous badges' codes).
Result<std::string> BuildCongressSheet(SheetKind kind, std::string_view slug,
                                       congress::CongressService& congresses,
                                       documents::DocumentService& docs,
                                       const std::string& public_url);

}  // namespace phonghop::print
