#include "print/congress_sheets.h"

#include <map>

#include "print/qr_sheets.h"

namespace phonghop::print {

std::optional<SheetKind> ParseSheetKind(std::string_view s) {
  if (s == "labels") return SheetKind::kLabels;
  if (s == "posters") return SheetKind::kPosters;
  if (s == "badges") return SheetKind::kBadges;
  return std::nullopt;
}

namespace {
std::string CategoryLabel(const std::string& id) {
  for (const auto& c : documents::Categories())
    if (id == c.id) return c.label_vi;
  return "";
}
DocLabel LabelOf(const documents::Document& d, const std::string& base) {
  return {base + "/d/" + d.code, d.title, d.number, CategoryLabel(d.category), d.code};
}
}  // namespace

Result<std::string> BuildCongressSheet(SheetKind kind, std::string_view slug,
                                       congress::CongressService& congresses,
                                       documents::DocumentService& docs,
                                       const std::string& public_url) {
  PH_ASSIGN_OR_RETURN(auto overview, congresses.Overview(slug));
  const auto& c = overview.congress;
  SheetHeader h{c.organization, c.name + " " + c.ordinal,
                c.term.empty() ? "" : "Nhiệm kỳ " + c.term};
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  switch (kind) {
    case SheetKind::kLabels: {
      PH_ASSIGN_OR_RETURN(auto list, docs.List(slug));
      std::vector<DocLabel> labels;
      for (const auto& d : list) labels.push_back(LabelOf(d, base));
      return RenderLabels(h, labels);
    }
    case SheetKind::kPosters: {
      PH_ASSIGN_OR_RETURN(auto list, docs.List(slug));
      std::map<int64_t, std::vector<DocLabel>> by_item;
      for (const auto& d : list)
        if (d.agenda_item_id) by_item[d.agenda_item_id].push_back(LabelOf(d, base));
      std::vector<AgendaPoster> posters;
      for (const auto& s : overview.sessions)
        for (const auto& a : overview.agenda)
          if (a.session_id == s.id && by_item.count(a.id))
            posters.push_back({a.starts_at.empty() ? a.title : a.starts_at + " · " + a.title,
                               s.name, by_item[a.id]});
      return RenderPosters(h, posters);
    }
    case SheetKind::kBadges:
      return Status::InvalidArgument(
          "Thẻ đại biểu cấp mã mới nên chỉ in bằng nút \"In thẻ đại biểu\" trong trang quản trị");
  }
  return Status::InvalidArgument("loại bản in không hợp lệ");
}

Result<BadgeSheet> BuildBadgeSheet(std::string_view slug, const std::vector<int64_t>& delegate_ids,
                                   congress::BadgeMode mode, congress::CongressService& congresses,
                                   const std::string& public_url) {
  PH_ASSIGN_OR_RETURN(congress::Congress c, congresses.Get(slug));
  SheetHeader h{c.organization, c.name + " " + c.ordinal, c.term.empty() ? "" : "Nhiệm kỳ " + c.term};
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  BadgeSheet out;
  PH_ASSIGN_OR_RETURN(out.issue, congresses.BadgeTokens(slug, delegate_ids, mode));
  std::vector<Badge> badges;
  for (const auto& t : out.issue.tokens) {
    const auto& d = t.delegate;
    const char* kind_label = d.kind == congress::DelegateKind::kOfficial  ? "ĐẠI BIỂU CHÍNH THỨC"
                             : d.kind == congress::DelegateKind::kInvited ? "KHÁCH MỜI"
                                                                         : "ĐẠI BIỂU DỰ KHUYẾT";
    badges.push_back({base + "/t/" + t.token, d.full_name, d.delegation_name, d.position_title,
                      d.seat, d.badge, kind_label});
  }
  PH_ASSIGN_OR_RETURN(out.pdf, RenderBadges(h, badges));
  return out;
}

}  // namespace phonghop::print
