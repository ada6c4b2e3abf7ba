// Comments on drafts (#17 item 14, decision 414): the rules of who may
// comment on what; storage is the MeetingRepository's.
#include <algorithm>

#include "common/utf8.h"
#include "meeting/meeting_service.h"

namespace phonghop::meeting {

namespace {

std::string Trimmed(std::string_view s) { return std::string(utf8::Trim(s)); }

size_t Characters(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

bool TakesComments(std::string_view category) {
  return category == "van-kien" || category == "bao-cao" || category == "du-thao-nghi-quyet";
}

Result<DraftComment> MeetingService::AddComment(const CommentTarget& t, int64_t delegate_id, CommentInput in) {
  if (!TakesComments(t.category))
    return Status::InvalidArgument("Tài liệu này không nhận góp ý: chỉ văn kiện, báo cáo và dự thảo nghị quyết");
  PH_ASSIGN_OR_RETURN(auto delegate, congresses_.GetDelegate(delegate_id));
  if (delegate.congress_id != t.congress_id)
    return Status::PermissionDenied("Chỉ đại biểu của đại hội này góp ý được vào tài liệu này");
  const int versions = static_cast<int>(t.page_counts.size());
  if (in.version == 0) in.version = versions;
  if (in.version < 1 || in.version > versions)
    return Status::InvalidArgument("Tài liệu không có phiên bản " + std::to_string(in.version));
  const int pages = t.page_counts[in.version - 1];
  if (in.page < 1 || (pages > 0 && in.page > pages))
    return Status::InvalidArgument("Trang " + std::to_string(in.page) + " không có trong tài liệu (tài liệu có " +
                                   std::to_string(std::max(pages, 1)) + " trang)");
  in.text = Trimmed(in.text);
  in.quote = Trimmed(in.quote);
  if (in.text.empty()) return Status::InvalidArgument("Nội dung góp ý đang trống");
  if (!utf8::IsValid(in.text) || Characters(in.text) > 4000)
    return Status::InvalidArgument("Nội dung góp ý dài tối đa 4.000 ký tự");
  if (!utf8::IsValid(in.quote) || Characters(in.quote) > 1000)
    return Status::InvalidArgument("Đoạn trích dài tối đa 1.000 ký tự");
  DraftComment c;
  c.congress_id = t.congress_id;
  c.document_id = t.document_id;
  c.version = in.version;
  c.page = in.page;
  c.quote = std::move(in.quote);
  c.text = std::move(in.text);
  c.delegate_id = delegate.id;
  c.author = delegate.full_name;
  if (in.for_group) {
    if (delegate.delegation_id == 0)
      return Status::InvalidArgument("Đại biểu chưa thuộc đoàn nào nên không gửi góp ý thay mặt đoàn được");
    PH_ASSIGN_OR_RETURN(auto secretaries, repo_.GroupSecretaries(t.congress_id));
    auto it = secretaries.find(delegate.delegation_id);
    if (it == secretaries.end() || it->second != delegate.id)
      return Status::PermissionDenied("Chỉ thư ký đoàn mới gửi góp ý thay mặt đoàn; Ban Thư ký chỉ định thư ký đoàn "
                                      "trong bảng điều khiển");
    c.delegation_id = delegate.delegation_id;
    c.group_name = delegate.delegation_name.empty() ? "Đoàn" : delegate.delegation_name;
  }
  c.created_at = clock_.NowUnix();
  // The comment and its event commit together (decision 553).
  Status done = Units().Run([&]() -> Status {
    PH_ASSIGN_OR_RETURN(c.id, repo_.AddComment(c));
    Changed(t.congress_id);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return c;
}

// The event says only that something changed: the stream is public and
// comments are not, so the drafting team's page reads them again through
// its own (staff) route, and a delegate's phone through theirs.
void MeetingService::Changed(int64_t congress_id) {
  auto c = congresses_.GetCongressById(congress_id);
  if (c.ok()) events_.Publish(c->slug, "comments_changed", "{}");
}

Status MeetingService::WithdrawComment(const CommentTarget& t, int64_t delegate_id, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, repo_.GetComment(t.congress_id, id));
  if (c.document_id != t.document_id) return Status::NotFound("Không có góp ý này");
  if (c.delegate_id != delegate_id) return Status::PermissionDenied("Chỉ người gửi mới rút lại được góp ý này");
  if (c.handled_at != 0) return Status::Conflict("Góp ý đã được tổ biên tập xử lý nên không rút lại được");
  return Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.DeleteUnhandledComment(t.congress_id, id));
    Changed(t.congress_id);
    return Status::Ok();
  });
}

Result<MeetingService::GroupRole> MeetingService::GroupRoleOf(int64_t delegate_id) {
  PH_ASSIGN_OR_RETURN(auto d, congresses_.GetDelegate(delegate_id));
  GroupRole role;
  if (d.delegation_id == 0) return role;
  role.delegation = d.delegation_name;
  PH_ASSIGN_OR_RETURN(auto secretaries, repo_.GroupSecretaries(d.congress_id));
  auto it = secretaries.find(d.delegation_id);
  role.secretary = it != secretaries.end() && it->second == d.id;
  return role;
}

Result<std::vector<MeetingService::GroupSecretary>> MeetingService::GroupSecretaries(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto delegations, congresses_.ListDelegations(c.id));
  PH_ASSIGN_OR_RETURN(auto delegates, congresses_.ListDelegates(c.id));
  PH_ASSIGN_OR_RETURN(auto secretaries, repo_.GroupSecretaries(c.id));
  std::vector<GroupSecretary> out;
  for (const auto& g : delegations) {
    GroupSecretary x{g.id, g.name, 0, ""};
    auto it = secretaries.find(g.id);
    if (it != secretaries.end())
      for (const auto& d : delegates)
        if (d.id == it->second && d.delegation_id == g.id) {
          x.delegate_id = d.id;
          x.name = d.full_name;
        }
    out.push_back(std::move(x));
  }
  return out;
}

Result<MeetingService::GroupSecretary> MeetingService::SetGroupSecretary(std::string_view slug, int64_t delegation_id,
                                                                         int64_t delegate_id) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto delegations, congresses_.ListDelegations(c.id));
  auto g = std::find_if(delegations.begin(), delegations.end(), [&](const auto& x) { return x.id == delegation_id; });
  if (g == delegations.end()) return Status::NotFound("Không có đoàn này trong đại hội");
  GroupSecretary out{g->id, g->name, 0, ""};
  if (delegate_id != 0) {
    auto d = congresses_.GetDelegate(delegate_id);
    if (!d.ok() || d->congress_id != c.id || d->delegation_id != g->id)
      return Status::InvalidArgument("Thư ký đoàn phải là một đại biểu của " + g->name);
    out.delegate_id = d->id;
    out.name = d->full_name;
  }
  PH_RETURN_IF_ERROR(repo_.SetGroupSecretary(g->id, out.delegate_id));
  return out;
}

Result<std::vector<DraftComment>> MeetingService::CommentsOf(const CommentTarget& t, int64_t delegate_id) {
  PH_ASSIGN_OR_RETURN(auto delegate, congresses_.GetDelegate(delegate_id));
  if (delegate.congress_id != t.congress_id) return std::vector<DraftComment>{};
  return repo_.ListComments({t.congress_id, t.document_id, delegate.id, delegate.delegation_id});
}

Result<std::vector<DraftComment>> MeetingService::Comments(std::string_view slug, int64_t document_id) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return repo_.ListComments({c.id, document_id, 0, 0});
}

Result<DraftComment> MeetingService::MarkComment(std::string_view slug, int64_t id, bool handled,
                                                 const std::string& by) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  DraftComment marked;
  Status done = Units().Run([&]() -> Status {
    PH_ASSIGN_OR_RETURN(marked, repo_.SetCommentHandled(c.id, id, handled ? clock_.NowUnix() : 0, by));
    events_.Publish(c.slug, "comments_changed", "{}");
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return marked;
}

}  // namespace phonghop::meeting
