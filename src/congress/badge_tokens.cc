// Badge tokens: the personal QR on each delegate's badge. Only the hash is
// looked up; a sealed copy (SecretBox) lets staff print the same token again,
// so reprinting a badge need not break the one already handed out.
#include <set>

#include "congress/congress_service.h"

namespace phonghop::congress {

Result<BadgeIssue> CongressService::BadgeTokens(std::string_view slug,
                                                const std::vector<int64_t>& delegate_ids,
                                                BadgeMode mode) {
  const bool revoke = mode == BadgeMode::kRevoke;
  PH_ASSIGN_OR_RETURN(Congress c, repo_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto all, repo_.ListDelegates(c.id));
  std::vector<Delegate> chosen;
  if (delegate_ids.empty()) {
    chosen = std::move(all);
  } else {
    std::set<int64_t> want(delegate_ids.begin(), delegate_ids.end());
    for (auto& d : all)
      if (want.erase(d.id)) chosen.push_back(std::move(d));
    if (!want.empty()) return Status::NotFound("không có đại biểu này trong đại hội");
  }
  if (chosen.empty()) return Status::InvalidArgument("Chưa có đại biểu nào để in thẻ");
  PH_ASSIGN_OR_RETURN(auto sealed, repo_.LiveSealedTokens(c.id));

  BadgeIssue out;
  std::vector<CongressRepository::TokenGrant> grants;
  std::vector<int64_t> revoking;  // delegates whose earlier badge stops working
  for (auto& d : chosen) {
    auto it = sealed.find(d.id);
    bool has_live = it != sealed.end();
    std::optional<std::string> readable;
    if (has_live && box_ && !it->second.empty()) readable = box_->Open(it->second);
    if (!revoke && readable) {
      out.tokens.push_back({std::move(d), std::move(*readable), false});
      ++out.reused;
      continue;
    }
    if (mode == BadgeMode::kIssueMissing && has_live) {
      // A token from before sealing: it still works but can't be read back.
      out.tokens.push_back({std::move(d), std::string(), false});
      ++out.unreadable;
      continue;
    }
    std::string token = ids_.NewCode(22);  // ~131 bits
    grants.push_back({d.id, TokenHash(token), box_ ? box_->Seal(token) : std::string()});
    if (has_live) ++out.revoked;
    out.tokens.push_back({std::move(d), std::move(token), true});
    ++out.issued;
  }
  if (!grants.empty()) {
    // One transaction: either every listed badge gets its token or none
    // does, with its event (decision 553).
    PH_RETURN_IF_ERROR(Commit(c, "badges_changed", [&] {
      return repo_.GrantTokens(grants, /*revoke_existing=*/true, clock_.NowUnix()).status();
    }));
  }
  return out;
}

std::vector<std::vector<std::string>> TokenExportRows(const BadgeIssue& issue,
                                                      std::string_view base_url) {
  std::string base(base_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::vector<std::vector<std::string>> rows{
      {"Số thẻ", "Họ và tên", "Đoàn", "Mã đăng nhập", "Đường dẫn đăng nhập"}};
  for (const auto& t : issue.tokens)
    rows.push_back({t.delegate.badge, t.delegate.full_name, t.delegate.delegation_name, t.token,
                    t.token.empty() ? "(thẻ cũ, in lại bằng phonghop để có mã đọc được)"
                                    : base + "/t/" + t.token});
  return rows;
}

}  // namespace phonghop::congress
