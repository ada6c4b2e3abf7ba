#include "voting/eligibility.h"

namespace phonghop::voting {

Eligibility Decide(const VoterFacts& f) {
  if (!f.delegate_session) return Eligibility::kNotADelegate;
  // A retry of an acknowledged ballot answers the same, even after close.
  if (f.already_voted && f.nonce_recorded) return Eligibility::kAlreadyRecorded;
  if (f.state != PollState::kOpen) return Eligibility::kPollNotOpen;
  if (!f.official) return Eligibility::kNotEntitled;
  if (!f.present) return Eligibility::kNotPresent;
  if (f.bound_session_id != 0 && f.bound_session_id != f.session_id) return Eligibility::kDeviceNotBound;
  if (f.already_voted) return Eligibility::kAlreadyVoted;
  return Eligibility::kAccept;
}

const char* ToString(Eligibility e) {
  switch (e) {
    case Eligibility::kAccept: return "ok";
    case Eligibility::kAlreadyRecorded: return "already_recorded";
    case Eligibility::kNotADelegate: return "not_a_delegate";
    case Eligibility::kNotEntitled: return "not_entitled";
    case Eligibility::kNotPresent: return "not_present";
    case Eligibility::kDeviceNotBound: return "device_not_bound";
    case Eligibility::kPollNotOpen: return "poll_not_open";
    case Eligibility::kAlreadyVoted: return "already_voted";
  }
  return "";
}

const char* Explain(Eligibility e) {
  switch (e) {
    case Eligibility::kAccept: return "Bạn có thể biểu quyết";
    case Eligibility::kAlreadyRecorded: return "Phiếu của bạn đã được ghi nhận";
    case Eligibility::kNotADelegate: return "Chỉ đại biểu đăng nhập bằng thẻ mới biểu quyết được";
    case Eligibility::kNotEntitled: return "Bạn không phải đại biểu chính thức nên không biểu quyết";
    case Eligibility::kNotPresent: return "Bạn chưa điểm danh phiên này";
    case Eligibility::kDeviceNotBound:
      return "Thiết bị khác đang được dùng để biểu quyết; liên hệ Ban Thư ký để đổi thiết bị";
    case Eligibility::kPollNotOpen: return "Cuộc biểu quyết chưa mở hoặc đã kết thúc";
    case Eligibility::kAlreadyVoted: return "Bạn đã biểu quyết rồi";
  }
  return "";
}

}  // namespace phonghop::voting
