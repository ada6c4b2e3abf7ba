#include "meeting/meeting_service.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "congress/congress_service.h"

namespace phonghop::meeting {

namespace {
std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return s.substr(i);
}
Status CheckAnnouncementText(std::string& text) {
  text = Trim(std::move(text));
  if (text.empty()) return Status::InvalidArgument("Thông báo trống");
  if (text.size() > 4000 || !utf8::IsValid(text))
    return Status::InvalidArgument("Thông báo quá dài (tối đa 1.000 ký tự) hoặc không hợp lệ");
  return Status::Ok();
}

std::string AnnouncementEvent(const Announcement& a) {
  return nlohmann::json{{"id", a.id}, {"text", a.text}, {"important", a.important}, {"created_at", a.created_at}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
}  // namespace

Result<Announcement> MeetingService::Announce(std::string_view slug, std::string text, bool important,
                                              const std::string& by) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_RETURN_IF_ERROR(CheckAnnouncementText(text));
  Announcement a;
  a.congress_id = c.id;
  a.text = std::move(text);
  a.important = important;
  a.created_at = clock_.NowUnix();
  a.created_by = by;
  // The announcement and its event commit together (decision 552).
  Status done = Units().Run([&]() -> Status {
    PH_ASSIGN_OR_RETURN(a.id, repo_.AddAnnouncement(a));
    events_.Publish(slug, "announcement", AnnouncementEvent(a));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return a;
}

Result<Announcement> MeetingService::Edit(std::string_view slug, int64_t id, std::optional<std::string> text,
                                          std::optional<bool> important) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(Announcement a, repo_.GetAnnouncement(c.id, id));
  if (text) {
    PH_RETURN_IF_ERROR(CheckAnnouncementText(*text));
    a.text = std::move(*text);
  }
  if (important) a.important = *important;
  Status done = Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.UpdateAnnouncement(a));
    events_.Publish(slug, "announcement_changed", AnnouncementEvent(a));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return a;
}

Result<std::vector<Announcement>> MeetingService::Announcements(std::string_view slug, int limit) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return repo_.ListAnnouncements(c.id, limit);
}

Status MeetingService::Withdraw(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.DeleteAnnouncement(c.id, id));
    events_.Publish(slug, "announcement_withdrawn", nlohmann::json{{"id", id}}.dump());
    return Status::Ok();
  });
}

Result<Presentation> MeetingService::Present(std::string_view slug, const std::string& code, const std::string& title,
                                             int page, const std::string& by, int64_t doc_congress_id,
                                             const std::string& audience) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  if (!code.empty() && doc_congress_id != c.id)
    return Status::NotFound("tài liệu này không thuộc đại hội đang trình chiếu");
  if (page < 1 || page > 100000) return Status::InvalidArgument("trang phải từ 1 đến 100000");
  Presentation p;
  p.code = code;
  p.title = title;
  p.page = page;
  p.since = clock_.NowUnix();
  p.by = by;
  p.audience = code.empty() ? "public" : audience;
  // Stored with its event in one transaction (decisions 552, 74): every
  // node answers what is presented, hall screens on any node may open it.
  Status stored = Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.SavePresentation(c.id, p));
    // The congress stream is anonymous: a restricted document's title stays off it.
    events_.Publish(slug, "present",
                    nlohmann::json{{"code", p.code},
                                   {"title", p.audience == "public" ? p.title : ""},
                                   {"audience", p.audience},
                                   {"page", p.page},
                                   {"since", p.since}}
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(stored);
  return p;
}

Result<Presentation> MeetingService::CurrentPresentation(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return repo_.GetPresentation(c.id);
}

std::string MeetingService::PresentedCode(int64_t congress_id) {
  auto p = repo_.GetPresentation(congress_id);
  return p.ok() ? p->code : "";  // the store away: a hall screen opens nothing
}

Result<int64_t> MeetingService::SaveNote(const std::string& owner, const std::string& code, std::string text,
                                         int64_t expected_version) {
  if (text.size() > 20000 || !utf8::IsValid(text))
    return Status::InvalidArgument("Ghi chú quá dài (tối đa 20.000 byte)");
  Note n;
  n.owner = owner;
  n.document_code = code;
  n.text = std::move(text);
  n.updated_at = clock_.NowUnix();
  return repo_.SaveNote(n, expected_version);
}

Result<Note> MeetingService::GetNote(const std::string& owner, const std::string& code) {
  return repo_.GetNote(owner, code);
}

Result<std::vector<ProvincePage>> MeetingService::Pages(std::string_view slug, bool include_drafts) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return repo_.ListPages(c.id, !include_drafts);
}

Result<ProvincePage> MeetingService::Page(std::string_view slug, const std::string& page_slug, bool include_drafts) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(ProvincePage p, repo_.GetPage(c.id, page_slug));
  if (!include_drafts && p.status != PageStatus::kPublished) return Status::NotFound("Không có trang này");
  return p;
}

Result<ProvincePage> MeetingService::SavePage(std::string_view slug, ProvincePage p) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  if (!congress::IsValidSlug(p.slug)) return Status::InvalidArgument("slug: chữ thường, số và dấu gạch ngang");
  p.title = Trim(p.title);
  if (p.title.empty() || p.title.size() > 300) return Status::InvalidArgument("title: cần tiêu đề (≤ 300 bytes)");
  if (!IsValidPageCategory(p.category))
    return Status::InvalidArgument("Chuyên mục phải là một trong: dia-danh, van-hoa, con-nguoi, am-thuc, le-hoi");
  if (p.body_md.size() > 200000 || p.summary.size() > 2000)
    return Status::InvalidArgument("Nội dung quá dài (body ≤ 200 kB)");
  if (!utf8::IsValid(p.title) || !utf8::IsValid(p.body_md) || !utf8::IsValid(p.summary))
    return Status::InvalidArgument("Văn bản không phải UTF-8 hợp lệ");
  p.congress_id = c.id;
  p.updated_at = clock_.NowUnix();
  ProvincePage saved;
  // The page and its event commit together (decision 553).
  Status done = Units().Run([&]() -> Status {
    PH_ASSIGN_OR_RETURN(saved, repo_.SavePage(p));
    events_.Publish(slug, "pages_changed", "{}");
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return saved;
}

Status MeetingService::DeletePage(std::string_view slug, const std::string& page_slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.DeletePage(c.id, page_slug));
    events_.Publish(slug, "pages_changed", "{}");
    return Status::Ok();
  });
}



namespace {
std::vector<std::string> Words(const std::string& folded) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) cur += c;
    else if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}
size_t Count(const std::string& hay, const std::string& w) {
  size_t n = 0;
  for (size_t p = hay.find(w); p != std::string::npos; p = hay.find(w, p + w.size())) ++n;
  return n;
}
}  // namespace

Result<std::vector<MeetingService::PageHit>> MeetingService::SearchPages(std::string_view slug, std::string_view text,
                                                                         int limit) {
  PH_ASSIGN_OR_RETURN(auto pages, Pages(slug, false));
  std::vector<std::string> words = Words(utf8::Fold(text));
  std::vector<PageHit> hits;
  if (words.empty()) return hits;
  for (auto& p : pages) {
    const std::shared_ptr<const FoldedPage> folded = folds_.Get(p);
    const std::string& plain = folded->plain;
    const std::string& title = folded->title;
    const std::string& body = folded->body;
    double score = 0;
    bool all = true;
    for (const auto& w : words) {
      size_t t = Count(title, w), b = Count(body, w);
      if (t + b == 0) { all = false; break; }
      score += 3.0 * t + std::min<size_t>(b, 5);
    }
    if (!all) continue;
    // The snippet: the sentence around the first word in the text (the
    // folded text keeps byte offsets only for ASCII, so cut by words).
    std::string snippet = p.summary.empty() ? plain.substr(0, 200) : p.summary;
    hits.push_back({std::move(p), snippet, score});
  }
  std::sort(hits.begin(), hits.end(), [](auto& a, auto& b) { return a.score > b.score; });
  if (int(hits.size()) > limit) hits.resize(limit);
  return hits;
}

}  // namespace phonghop::meeting
