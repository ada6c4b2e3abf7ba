#include "voting/state_machine.h"

#include <string>

namespace phonghop::voting {

const char* ToString(Transition t) {
  switch (t) {
    case Transition::kOpen: return "open";
    case Transition::kClose: return "close";
    case Transition::kPublish: return "publish";
    case Transition::kCancel: return "cancel";
    case Transition::kRestart: return "restart";
    case Transition::kEdit: return "edit";
    case Transition::kTally: return "tally";
  }
  return "";
}

namespace {
const char* StateWord(PollState s) {
  switch (s) {
    case PollState::kCreated: return "mới tạo";
    case PollState::kOpen: return "đang mở";
    case PollState::kClosed: return "đã đóng";
    case PollState::kPublished: return "đã công bố";
    case PollState::kCancelled: return "đã hủy";
  }
  return "";
}
}  // namespace

Result<PollState> Next(PollState from, Transition t) {
  using S = PollState;
  switch (t) {
    case Transition::kOpen:
      if (from == S::kCreated) return S::kOpen;
      break;
    case Transition::kClose:
    case Transition::kTally:
      if (from == S::kOpen) return S::kClosed;
      break;
    case Transition::kPublish:
      if (from == S::kClosed) return S::kPublished;
      break;
    case Transition::kCancel:
      if (from == S::kCreated || from == S::kOpen || from == S::kClosed) return S::kCancelled;
      break;
    case Transition::kRestart:
      if (from == S::kCancelled) return S::kCancelled;
      break;
    case Transition::kEdit:
      if (from == S::kCreated) return S::kCreated;
      break;
  }
  return Status::Conflict(std::string("Không thể ") +
                          (t == Transition::kOpen      ? "mở"
                           : t == Transition::kClose   ? "đóng"
                           : t == Transition::kPublish ? "công bố"
                           : t == Transition::kCancel  ? "hủy"
                           : t == Transition::kRestart ? "tổ chức lại"
                           : t == Transition::kTally   ? "nhập kết quả"
                                                       : "sửa") +
                          " cuộc biểu quyết " + StateWord(from));
}

}  // namespace phonghop::voting
