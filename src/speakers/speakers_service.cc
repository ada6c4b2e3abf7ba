#include "speakers/speakers_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/utf8.h"

namespace phonghop::speakers {

using nlohmann::json;

namespace {

Status Reason(Status s, const char* reason) { return std::move(s).WithReason(reason); }

json Brief(const SpeechRequest& r) {
  return {{"id", r.id}, {"delegate", r.delegate_name}, {"delegation", r.delegation},
          {"kind", ToString(r.kind)}, {"topic", r.kind == SpeechKind::kWritten ? "" : r.topic}};
}

}  // namespace

SpeakersService::SpeakersService(congress::CongressRepository& congresses, attendance::AttendanceRepository& attendance,
                                 SpeakersRepository& repo, audit::AuditLog& audit, const Clock& clock,
                                 EventPublisher& events)
    : congresses_(congresses), attendance_(attendance), repo_(repo), audit_(audit), clock_(clock), events_(events) {}

void SpeakersService::Audit(const Requester& by, const std::string& action, const std::string& outcome) {
  audit::Entry e;
  e.at = clock_.NowUnix();
  e.actor = by.name.empty() ? "cli" : by.name;
  e.action = action;
  e.outcome = outcome;
  e.address = by.address;
  (void)audit_.Append(e);
}

Result<SpeakersService::Item> SpeakersService::Resolve(std::string_view slug, int64_t item_id) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto agenda, congresses_.ListAgenda(c.id));
  for (const auto& a : agenda)
    if (a.id == item_id) return Item{c, a};
  return Status::NotFound("Không có mục chương trình này");
}

Result<SpeechRequest> SpeakersService::Register(std::string_view slug, int64_t item_id, const Registration& reg,
                                                const Requester& by) {
  PH_ASSIGN_OR_RETURN(Item it, Resolve(slug, item_id));
  SpeechRequest r;
  r.congress_id = it.congress.id;
  r.agenda_item_id = item_id;
  r.kind = reg.kind;
  r.topic = std::string(utf8::Trim(reg.topic));
  r.document_code = std::string(utf8::Trim(reg.document_code));
  const size_t max_topic = reg.kind == SpeechKind::kWritten ? 4000 : 200;
  if (!utf8::IsValid(r.topic) || r.topic.size() > max_topic * 4)
    return Status::InvalidArgument("Nội dung không hợp lệ");
  size_t chars = 0;
  for (size_t i = 0; i < r.topic.size();) {
    utf8::Next(r.topic, i);
    ++chars;
  }
  if (chars > max_topic)
    return Status::InvalidArgument("Nội dung tối đa " + std::to_string(max_topic) + " ký tự");
  if (reg.kind == SpeechKind::kWritten && r.topic.empty())
    return Status::InvalidArgument("Cần nội dung ý kiến bằng văn bản");
  if (r.document_code.size() > 32) return Status::InvalidArgument("Mã tài liệu không hợp lệ");
  if (!reg.badge.empty()) {
    if (!by.chair) return Status::PermissionDenied("Chỉ Đoàn Chủ tịch đăng ký thay đại biểu");
    PH_ASSIGN_OR_RETURN(auto all, congresses_.ListDelegates(it.congress.id));
    for (const auto& d : all)
      if (d.badge == reg.badge) r.delegate_id = d.id;
    if (!r.delegate_id) return Status::InvalidArgument("Không có đại biểu số thẻ " + reg.badge);
  } else {
    if (!by.delegate_id) return Reason(Status::PermissionDenied("Chỉ đại biểu đăng ký phát biểu"), "not_a_delegate");
    r.delegate_id = by.delegate_id;
    PH_ASSIGN_OR_RETURN(auto checkins, attendance_.ListCheckIns(it.item.session_id));
    bool present = std::any_of(checkins.begin(), checkins.end(),
                               [&](const auto& c) { return c.delegate_id == r.delegate_id && c.left_at == 0; });
    if (!present) return Reason(Status::PermissionDenied("Bạn chưa điểm danh phiên này"), "not_present");
    PH_ASSIGN_OR_RETURN(auto st, repo_.State(item_id));
    if (st.closed)
      return Reason(Status::Conflict("Danh sách đăng ký phát biểu của mục này đã khóa"), "list_closed");
  }
  r.limit_s = reg.kind == SpeechKind::kSpeech ? 420 : reg.kind == SpeechKind::kPaper ? 600 : 0;
  r.state = reg.kind == SpeechKind::kWritten ? SpeechState::kSubmitted : SpeechState::kRequested;
  r.requested_at = clock_.NowUnix();
  int64_t id = 0;
  Status done = Commit(it.congress, item_id, [&]() -> Status {
    auto added = repo_.Add(r);
    if (!added.ok()) {
      if (added.status().code() == StatusCode::kConflict)
        return Reason(Status::Conflict("Bạn đã đăng ký rồi (đang chờ)"), "already_requested");
      return added.status();
    }
    id = *added;
    Audit(by, "speakers.register", std::to_string(id) + " " + ToString(r.kind));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return repo_.Get(it.congress.id, id);
}

Result<std::optional<SpeechRequest>> SpeakersService::Speaking(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return repo_.Speaking(c.id);
}

Result<SpeakerList> SpeakersService::List(std::string_view slug, int64_t item_id) {
  PH_ASSIGN_OR_RETURN(Item it, Resolve(slug, item_id));
  SpeakerList l;
  PH_ASSIGN_OR_RETURN(l.state, repo_.State(item_id));
  PH_ASSIGN_OR_RETURN(auto all, repo_.List(item_id));
  for (auto& r : all) {
    if (r.state == SpeechState::kApproved) l.queue.push_back(r);
    else if (r.state == SpeechState::kRequested) l.requested.push_back(r);
    else if (r.state == SpeechState::kSpeaking) l.current = r;
    else l.others.push_back(r);
  }
  std::stable_sort(l.queue.begin(), l.queue.end(), [](auto& a, auto& b) { return a.position < b.position; });
  l.server_now = clock_.NowUnix();
  return l;
}

Result<SpeechRequest> SpeakersService::Act(std::string_view slug, int64_t id, std::string_view action,
                                           const Requester& by) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(SpeechRequest r, repo_.Get(c.id, id));
  const int64_t now = clock_.NowUnix();
  using S = SpeechState;
  if (action == "withdraw") {
    if (!by.chair && by.delegate_id != r.delegate_id)
      return Status::PermissionDenied("Chỉ người đăng ký hoặc Đoàn Chủ tịch rút được đăng ký này");
  } else if (!by.chair) {
    return Status::PermissionDenied("Chỉ Đoàn Chủ tịch điều hành danh sách phát biểu");
  }
  std::vector<S> from;
  if (action == "approve" || action == "reject") {
    from = {S::kRequested};
    r.state = action == "approve" ? S::kApproved : S::kRejected;
    r.decided_by = by.name;
    r.decided_at = now;
  } else if (action == "withdraw") {
    from = {S::kRequested, S::kApproved};
    r.state = S::kWithdrawn;
  } else if (action == "skip") {
    from = {S::kApproved};
    r.state = S::kSkipped;
  } else if (action == "readd") {
    from = {S::kSkipped, S::kWithdrawn, S::kRejected};
    r.state = S::kApproved;
    r.decided_by = by.name;
    r.decided_at = now;
  } else if (action == "start") {
    Status done = Commit(c, r.agenda_item_id, [&]() -> Status {
      PH_RETURN_IF_ERROR(repo_.Start(c.id, id, now));
      Audit(by, "speakers.start", std::to_string(id));
      return Status::Ok();
    });
    PH_RETURN_IF_ERROR(done);
    return repo_.Get(c.id, id);
  } else if (action == "pause") {
    if (r.state != S::kSpeaking || r.paused_at) return Status::Conflict("Không có bài phát biểu đang chạy để tạm dừng");
    from = {S::kSpeaking};
    r.paused_at = now;
  } else if (action == "resume") {
    if (r.state != S::kSpeaking || !r.paused_at) return Status::Conflict("Bài phát biểu không tạm dừng");
    from = {S::kSpeaking};
    r.paused_total_s += static_cast<int>(now - r.paused_at);
    r.paused_at = 0;
  } else if (action == "end") {
    from = {S::kSpeaking};
    if (r.paused_at) {
      r.paused_total_s += static_cast<int>(now - r.paused_at);
      r.paused_at = 0;
    }
    r.state = S::kDone;
    r.ended_at = now;
  } else {
    return Status::InvalidArgument("Thao tác không hợp lệ");
  }
  // The store checks the stored state against `from` in the transaction.
  Status done = Commit(c, r.agenda_item_id, [&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.Update(r, from));
    Audit(by, "speakers." + std::string(action), std::to_string(id));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return repo_.Get(c.id, id);
}

Status SpeakersService::Reorder(std::string_view slug, int64_t item_id, int64_t version,
                                const std::vector<int64_t>& ids, const Requester& by) {
  PH_ASSIGN_OR_RETURN(Item it, Resolve(slug, item_id));
  if (!by.chair) return Status::PermissionDenied("Chỉ Đoàn Chủ tịch sắp xếp danh sách phát biểu");
  return Commit(it.congress, item_id, [&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.Reorder(item_id, version, ids));
    Audit(by, "speakers.order", std::to_string(item_id));
    return Status::Ok();
  });
}

Status SpeakersService::SetClosed(std::string_view slug, int64_t item_id, bool closed, const Requester& by) {
  PH_ASSIGN_OR_RETURN(Item it, Resolve(slug, item_id));
  if (!by.chair) return Status::PermissionDenied("Chỉ Đoàn Chủ tịch khóa danh sách phát biểu");
  return Commit(it.congress, item_id, [&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.SetClosed(item_id, closed));
    Audit(by, closed ? "speakers.close" : "speakers.reopen", std::to_string(item_id));
    return Status::Ok();
  });
}

// The change, its audit row and the events that show its result commit
// together (decision 553): a node dying before the events are stored
// leaves the list as it was, and the retry changes it once.
Status SpeakersService::Commit(const congress::Congress& c, int64_t item_id, const std::function<Status()>& change) {
  return Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(change());
    return Publish(c, item_id);
  });
}

// `speakers` for the hall and the phones (the current speaker and the next
// three), then `speaker_timer` with the server's clock so every screen
// counts down from the same origin. Inside the change's unit: the list as
// this change leaves it.
Status SpeakersService::Publish(const congress::Congress& c, int64_t item_id) {
  PH_ASSIGN_OR_RETURN(auto l, List(c.slug, item_id));
  json next = json::array();
  for (size_t i = 0; i < l.queue.size() && i < 3; ++i) next.push_back(Brief(l.queue[i]));
  json j = {{"agenda_item_id", item_id}, {"version", l.state.version}, {"closed", l.state.closed},
            {"current", l.current ? Brief(*l.current) : json(nullptr)}, {"next", next},
            {"waiting", l.queue.size()}};
  events_.Publish(c.slug, "speakers", j.dump(-1, ' ', false, json::error_handler_t::replace));
  PH_ASSIGN_OR_RETURN(auto speaking, repo_.Speaking(c.id));
  if (speaking) {
    const auto& s = *speaking;
    events_.Publish(c.slug, "speaker_timer",
                    json{{"id", s.id}, {"began_at", s.began_at}, {"paused_at", s.paused_at ? json(s.paused_at) : json(nullptr)},
                         {"paused_total_s", s.paused_total_s}, {"limit_s", s.limit_s},
                         {"remaining_s", Remaining(s, clock_.NowUnix())}, {"server_now", clock_.NowUnix()}}
                        .dump());
  }
  return Status::Ok();
}

}  // namespace phonghop::speakers
