#include "attendance/model.h"

namespace phonghop::attendance {

const char* ToString(Method m) {
  switch (m) {
    case Method::kFace: return "face";
    case Method::kBadge: return "badge";
    case Method::kManual: return "manual";
  }
  return "manual";
}

std::optional<Method> ParseMethod(std::string_view s) {
  if (s == "face") return Method::kFace;
  if (s == "badge") return Method::kBadge;
  if (s == "manual") return Method::kManual;
  return std::nullopt;
}

const char* ToString(Consent c) {
  switch (c) {
    case Consent::kUnknown: return "unknown";
    case Consent::kGiven: return "given";
    case Consent::kRefused: return "refused";
  }
  return "unknown";
}

}  // namespace phonghop::attendance
