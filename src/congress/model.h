// The data model of a Vietnamese congress (đại hội): plain values, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace phonghop::congress {

enum class CongressStatus { kPlanned, kOngoing, kClosed };
enum class Gender { kUnspecified, kMale, kFemale };
// Official delegates count for the quorum; invited guests and alternates don't.
enum class DelegateKind { kOfficial, kInvited, kAlternate };
// kScreen is never an account's role: it is the principal of a hall
// screen signed in with a screen token (decision 413); ParseRole does not
// accept "screen", so no user can be created with it.
enum class Role { kAdmin, kSecretariat, kChair, kCheckinOperator, kDelegate, kScreen };

struct Organization {
  int64_t id = 0;
  std::string name;  // "Tỉnh đoàn Yên Bái"
};

struct Congress {
  int64_t id = 0;
  std::string slug;           // URL name, [a-z0-9-], unique
  std::string organization;   // "Tỉnh đoàn Yên Bái"
  std::string name;           // "Đại hội đại biểu Đoàn TNCS Hồ Chí Minh tỉnh Yên Bái"
  std::string ordinal;        // "lần thứ XV" / "khóa XV"
  std::string term;           // "2022 - 2027"
  std::string start_date;     // "2022-09-20" (ISO date, local)
  std::string end_date;
  std::string venue;
  CongressStatus status = CongressStatus::kPlanned;
  // Quorum as a fraction of the official delegates summoned (default 2/3).
  int quorum_numerator = 2;
  int quorum_denominator = 3;
  // For the paper-saved figures: copies printed beyond one per delegate
  // (guests, press, secretariat) and the cost of one printed page.
  int print_extra_copies = 20;
  int64_t cost_per_page_vnd = 500;
  int64_t created_at = 0;
};

struct Session {  // phiên
  int64_t id = 0;
  int64_t congress_id = 0;
  int position = 0;
  std::string name;   // "Phiên trù bị"
  std::string date;   // ISO date
  std::string starts_at;  // "07:30"
  std::string ends_at;
};

struct AgendaItem {
  int64_t id = 0;
  int64_t session_id = 0;
  int position = 0;
  std::string starts_at;  // "08:00"
  std::string title;
  std::string presenter;
  std::string description;
};

struct Delegation {  // đoàn đại biểu
  int64_t id = 0;
  int64_t congress_id = 0;
  int position = 0;
  std::string name;  // "Đoàn đại biểu huyện Yên Bình"
};

struct Delegate {
  int64_t id = 0;
  int64_t congress_id = 0;
  std::string badge;      // số thẻ đại biểu, unique in the congress
  std::string full_name;
  int64_t delegation_id = 0;  // 0 = none
  std::string delegation_name;  // filled on reads
  std::string position_title;   // chức vụ
  Gender gender = Gender::kUnspecified;
  std::optional<int> birth_year;
  std::string birth_date;  // ISO date when the full date is known ("" otherwise)
  std::string ethnicity;  // dân tộc
  std::optional<bool> party_member;  // đảng viên; nullopt = not recorded
  std::string seat;       // ghế
  std::string phone;
  DelegateKind kind = DelegateKind::kOfficial;
};

// What deleting a record would take along or leave without a home; counted
// inside the deleting transaction.
struct Dependents {
  int checkins = 0;        // attendance rows
  int documents = 0;       // documents attached (to an agenda item / its session)
  int agenda_items = 0;    // items of a session
  int delegates = 0;       // members of a delegation / of a congress
  int face_enrolments = 0; // delegates with face data
  int sessions = 0;
  int delegations = 0;
  int badge_tokens = 0;    // live badge tokens
  int polls = 0;           // votes and elections held in / about it
  int speech_requests = 0; // requests to speak (on an item / by a delegate)
  int voting_records = 0;  // a delegate's ballots cast, teller duties, minutes sign-offs
};

// A congress with everything that belongs to it, as loaded for display or
// written at once (the demo congress).
struct CongressBundle {
  Congress congress;
  std::vector<Session> sessions;
  std::vector<AgendaItem> agenda;  // AgendaItem::session_id refers to sessions[i].id
  std::vector<Delegation> delegations;
  std::vector<Delegate> delegates;
};

const char* ToString(CongressStatus s);
const char* ToString(Gender g);
const char* ToString(DelegateKind k);
const char* ToString(Role r);
std::optional<CongressStatus> ParseCongressStatus(std::string_view s);
std::optional<Gender> ParseGender(std::string_view s);
std::optional<DelegateKind> ParseDelegateKind(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);

}  // namespace phonghop::congress
