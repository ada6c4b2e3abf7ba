// The list of speakers (đăng ký phát biểu) of an agenda item: plain values.
// See ../shared/design/voting-and-speakers.md §3.10.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace phonghop::speakers {

// speech: speaks in the hall; paper: a tham luận (written paper, presented
// if time allows, linked to its document); written: a written opinion,
// submitted straight away for the secretariat's compilation.
enum class SpeechKind { kSpeech, kPaper, kWritten };
enum class SpeechState { kRequested, kApproved, kRejected, kWithdrawn, kSpeaking, kDone, kSkipped, kSubmitted };

const char* ToString(SpeechKind k);
const char* ToString(SpeechState s);
std::optional<SpeechKind> ParseSpeechKind(std::string_view s);
std::optional<SpeechState> ParseSpeechState(std::string_view s);
const char* Describe(SpeechKind k);  // "Phát biểu", "Tham luận", "Ý kiến bằng văn bản"

struct SpeechRequest {
  int64_t id = 0;
  int64_t congress_id = 0;
  int64_t agenda_item_id = 0;
  int64_t delegate_id = 0;
  std::string delegate_name;  // filled on reads
  std::string delegation;     // filled on reads
  SpeechKind kind = SpeechKind::kSpeech;
  std::string topic;
  std::string document_code;  // a tham luận's document (QR code), "" if none
  SpeechState state = SpeechState::kRequested;
  int position = 0;  // order among the approved; 0 = not queued
  int limit_s = 420;
  int64_t requested_at = 0;
  std::string decided_by;
  int64_t decided_at = 0;
  int64_t began_at = 0, paused_at = 0, ended_at = 0;
  int paused_total_s = 0;
};

struct ListState {
  int64_t agenda_item_id = 0;
  bool closed = false;
  int64_t version = 0;
};

// The server-owned timer: seconds left (negative once over time).
// remaining = limit − (now − began − paused_total − running pause).
int64_t Remaining(const SpeechRequest& r, int64_t now);

}  // namespace phonghop::speakers
