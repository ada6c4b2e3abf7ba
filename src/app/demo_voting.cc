#include "app/demo_voting.h"

#include <algorithm>

namespace phonghop::app {

using voting::PollKind;
using voting::PollMode;

Result<int> LoadDemoVoting(voting::VotingService& svc, congress::CongressRepository& congresses,
                           const std::string& slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto sessions, congresses.ListSessions(c.id));
  PH_ASSIGN_OR_RETURN(auto delegates, congresses.ListDelegates(c.id));
  if (sessions.size() < 3) return Status::Internal("demo congress without its three sessions");
  std::sort(sessions.begin(), sessions.end(), [](auto& a, auto& b) { return a.position < b.position; });
  voting::Caller demo{"demo (admin)", congress::Role::kAdmin, 0, 0, "local"};
  int made = 0;
  // Phiên trù bị: what the congress approves before it elects (R9, R10).
  struct Motion {
    const char* title;
    PollMode mode;
  };
  const Motion motions[] = {
      {"Bầu Đoàn Chủ tịch, Đoàn Thư ký và Ban Thẩm tra tư cách đại biểu (giơ thẻ)", PollMode::kPaper},
      {"Thông qua Chương trình Đại hội", PollMode::kNamed},
      {"Thông qua Quy chế làm việc của Đại hội", PollMode::kNamed},
      {"Thông qua Quy chế bầu cử tại Đại hội", PollMode::kSecret},
      {"Thông qua số lượng Ban Chấp hành Tỉnh đoàn khóa XV: 35 đồng chí", PollMode::kSecret},
      {"Thông qua danh sách bầu cử Ban Chấp hành Tỉnh đoàn khóa XV (39 đồng chí)", PollMode::kSecret},
      {"Bầu Ban kiểm phiếu (giơ thẻ)", PollMode::kPaper},
  };
  for (const auto& m : motions) {
    voting::PollDraft d;
    d.session_id = sessions[0].id;
    d.kind = PollKind::kMotion;
    d.mode = m.mode;
    d.title = m.title;
    PH_RETURN_IF_ERROR(svc.CreatePoll(slug, d, demo).status());
    ++made;
  }
  // The election: 39 official delegates on the list, 3 others count.
  voting::Election e;
  e.title = "Bầu Ban Chấp hành Tỉnh đoàn Yên Bái khóa XV, nhiệm kỳ 2022 - 2027";
  e.seats = 35;
  PH_ASSIGN_OR_RETURN(e, svc.CreateElection(slug, e, demo));
  std::vector<voting::Candidate> list;
  std::vector<std::string> tellers;
  for (const auto& d : delegates) {
    if (d.kind != congress::DelegateKind::kOfficial) continue;
    if (list.size() < 39) {
      voting::Candidate k;
      k.full_name = d.full_name;
      k.birth_date = d.birth_year ? std::to_string(*d.birth_year) : "";
      k.delegation = d.delegation_name;
      list.push_back(k);
    } else if (tellers.size() < 3) {
      tellers.push_back(d.badge);
    }
  }
  PH_RETURN_IF_ERROR(svc.AddCandidates(slug, e.id, list, demo).status());
  PH_RETURN_IF_ERROR(svc.SetTellers(slug, e.id, tellers, demo).status());
  voting::PollDraft d;
  d.session_id = sessions[2].id;
  d.kind = PollKind::kElection;
  d.mode = PollMode::kSecret;
  d.election_id = e.id;
  PH_RETURN_IF_ERROR(svc.CreatePoll(slug, d, demo).status());
  return made + 1;
}

}  // namespace phonghop::app
