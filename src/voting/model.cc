#include "voting/model.h"

namespace phonghop::voting {

namespace {
template <typename E, size_t N>
std::optional<E> ParseFrom(std::string_view s, const char* const (&names)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}
const char* const kKinds[] = {"motion", "election"};
const char* const kModes[] = {"named", "secret", "paper"};
const char* const kStates[] = {"created", "open", "closed", "published", "cancelled"};
const char* const kPassRules[] = {"present", "summoned", "cast"};
const char* const kBases[] = {"valid", "returned", "summoned"};
const char* const kTieRules[] = {"runoff", "older"};
const char* const kPurposes[] = {"main", "runoff", "additional"};
const char* const kReasons[] = {"", "too_many", "none_kept", "not_issued", "added_name", "marked"};
}  // namespace

const char* ToString(PollKind v) { return kKinds[static_cast<int>(v)]; }
const char* ToString(PollMode v) { return kModes[static_cast<int>(v)]; }
const char* ToString(PollState v) { return kStates[static_cast<int>(v)]; }
const char* ToString(PassRule v) { return kPassRules[static_cast<int>(v)]; }
const char* ToString(ThresholdBase v) { return kBases[static_cast<int>(v)]; }
const char* ToString(TieRule v) { return kTieRules[static_cast<int>(v)]; }
const char* ToString(PollPurpose v) { return kPurposes[static_cast<int>(v)]; }
const char* ToString(InvalidReason v) { return kReasons[static_cast<int>(v)]; }
std::optional<PollKind> ParsePollKind(std::string_view s) { return ParseFrom<PollKind>(s, kKinds); }
std::optional<PollMode> ParsePollMode(std::string_view s) { return ParseFrom<PollMode>(s, kModes); }
std::optional<PollState> ParsePollState(std::string_view s) { return ParseFrom<PollState>(s, kStates); }
std::optional<PassRule> ParsePassRule(std::string_view s) { return ParseFrom<PassRule>(s, kPassRules); }
std::optional<ThresholdBase> ParseThresholdBase(std::string_view s) { return ParseFrom<ThresholdBase>(s, kBases); }
std::optional<TieRule> ParseTieRule(std::string_view s) { return ParseFrom<TieRule>(s, kTieRules); }
std::optional<PollPurpose> ParsePollPurpose(std::string_view s) { return ParseFrom<PollPurpose>(s, kPurposes); }
std::optional<InvalidReason> ParseInvalidReason(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return ParseFrom<InvalidReason>(s, kReasons);
}

const char* Describe(ThresholdBase v) {
  switch (v) {
    case ThresholdBase::kValid: return "hơn một nửa tổng số phiếu hợp lệ";
    case ThresholdBase::kReturned: return "hơn một nửa tổng số phiếu thu vào";
    case ThresholdBase::kSummoned: return "hơn một nửa tổng số đại biểu chính thức được triệu tập";
  }
  return "";
}

const char* Describe(InvalidReason v) {
  switch (v) {
    case InvalidReason::kNone: return "hợp lệ";
    case InvalidReason::kTooMany: return "giữ lại nhiều tên hơn số lượng cần bầu";
    case InvalidReason::kNoneKept: return "gạch hết tên";
    case InvalidReason::kNotIssued: return "không do Ban kiểm phiếu phát ra";
    case InvalidReason::kAddedName: return "ghi thêm tên ngoài danh sách";
    case InvalidReason::kMarked: return "có ký hiệu riêng";
  }
  return "";
}

std::string CanonicalLine(const CountedBallot& b) {
  std::string keep;
  for (size_t i = 0; i < b.keep.size(); ++i) {
    if (i) keep += ',';
    keep += std::to_string(b.keep[i]);
  }
  std::string body = b.choice ? std::string(1, b.choice) : keep;
  if (b.invalid != InvalidReason::kNone) return std::string("invalid:") + ToString(b.invalid) + ":" + body;
  return body;
}

}  // namespace phonghop::voting
