#include "congress/model.h"

#include "common/utf8.h"

namespace phonghop::congress {

const char* ToString(CongressStatus s) {
  switch (s) {
    case CongressStatus::kPlanned: return "planned";
    case CongressStatus::kOngoing: return "ongoing";
    case CongressStatus::kClosed: return "closed";
  }
  return "planned";
}
const char* ToString(Gender g) {
  switch (g) {
    case Gender::kUnspecified: return "";
    case Gender::kMale: return "male";
    case Gender::kFemale: return "female";
  }
  return "";
}
const char* ToString(DelegateKind k) {
  switch (k) {
    case DelegateKind::kOfficial: return "official";
    case DelegateKind::kInvited: return "invited";
    case DelegateKind::kAlternate: return "alternate";
  }
  return "official";
}
const char* ToString(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kSecretariat: return "secretariat";
    case Role::kChair: return "chair";
    case Role::kCheckinOperator: return "checkin";
    case Role::kDelegate: return "delegate";
    case Role::kScreen: return "screen";
  }
  return "delegate";
}

std::optional<CongressStatus> ParseCongressStatus(std::string_view s) {
  if (s == "planned") return CongressStatus::kPlanned;
  if (s == "ongoing") return CongressStatus::kOngoing;
  if (s == "closed") return CongressStatus::kClosed;
  return std::nullopt;
}

// Accepts the English wire names and the Vietnamese words a spreadsheet uses,
// with or without diacritics.
std::optional<Gender> ParseGender(std::string_view s) {
  std::string f = utf8::Fold(utf8::Trim(s));
  if (f.empty()) return Gender::kUnspecified;
  if (f == "male" || f == "m" || f == "nam") return Gender::kMale;
  if (f == "female" || f == "f" || f == "nu") return Gender::kFemale;
  return std::nullopt;
}

std::optional<DelegateKind> ParseDelegateKind(std::string_view s) {
  std::string f = utf8::Fold(utf8::Trim(s));
  if (f.empty() || f == "official" || f == "chinh thuc" ||
      f == "dai bieu chinh thuc")
    return DelegateKind::kOfficial;
  if (f == "invited" || f == "khach moi" || f == "dai bieu khach moi" ||
      f == "guest")
    return DelegateKind::kInvited;
  if (f == "alternate" || f == "du khuyet" || f == "dai bieu du khuyet")
    return DelegateKind::kAlternate;
  return std::nullopt;
}

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "admin") return Role::kAdmin;
  if (s == "secretariat") return Role::kSecretariat;
  if (s == "chair") return Role::kChair;
  if (s == "checkin") return Role::kCheckinOperator;
  if (s == "delegate") return Role::kDelegate;
  return std::nullopt;
}

}  // namespace phonghop::congress
