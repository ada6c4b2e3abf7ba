#include "speakers/model.h"

namespace phonghop::speakers {

namespace {
const char* const kKinds[] = {"speech", "paper", "written"};
const char* const kStates[] = {"requested", "approved", "rejected", "withdrawn",
                               "speaking",  "done",     "skipped",  "submitted"};
template <typename E, size_t N>
std::optional<E> ParseFrom(std::string_view s, const char* const (&names)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}
}  // namespace

const char* ToString(SpeechKind k) { return kKinds[static_cast<int>(k)]; }
const char* ToString(SpeechState s) { return kStates[static_cast<int>(s)]; }
std::optional<SpeechKind> ParseSpeechKind(std::string_view s) { return ParseFrom<SpeechKind>(s, kKinds); }
std::optional<SpeechState> ParseSpeechState(std::string_view s) { return ParseFrom<SpeechState>(s, kStates); }

const char* Describe(SpeechKind k) {
  switch (k) {
    case SpeechKind::kSpeech: return "Phát biểu";
    case SpeechKind::kPaper: return "Tham luận";
    case SpeechKind::kWritten: return "Ý kiến bằng văn bản";
  }
  return "";
}

int64_t Remaining(const SpeechRequest& r, int64_t now) {
  if (r.began_at == 0) return r.limit_s;
  const int64_t end = r.ended_at ? r.ended_at : now;
  int64_t paused = r.paused_total_s;
  if (r.paused_at) paused += end - r.paused_at;
  return r.limit_s - (end - r.began_at - paused);
}

}  // namespace phonghop::speakers
