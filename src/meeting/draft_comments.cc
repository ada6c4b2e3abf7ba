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
    c.delegation_id = delegate.delegation_id;
    c.group_name = delegate.delegation_name.empty() ? "Đoàn" : delegate.delegation_name;
  }
  c.created_at = clock_.NowUnix();
  PH_ASSIGN_OR_RETURN(c.id, repo_.AddComment(c));
  return c;
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
  return repo_.SetCommentHandled(c.id, id, handled ? clock_.NowUnix() : 0, by);
}

}  // namespace phonghop::meeting
