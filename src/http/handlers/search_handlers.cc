#include <chrono>

#include "documents/visibility.h"
#include "http/authorizer.h"
#include "http/document_json.h"
#include "http/error_mapping.h"
#include "metrics/metrics.h"
#include "http/handlers/search_routes.h"
#include "http/json_body.h"

namespace phonghop::http {

using nlohmann::json;

namespace {

std::string UrlEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

Response Run(search::SearchService& svc, const Request& req, std::string slug, meeting::MeetingService* pages) {
  search::SearchRequest sr;
  sr.congress_slug = std::move(slug);
  sr.text = req.Query("q").value_or("");
  sr.category = req.Query("category").value_or("");
  try {
    if (auto a = req.Query("agenda_item"); a && !a->empty()) sr.agenda_item_id = std::stoll(*a);
    if (auto l = req.Query("limit"); l && !l->empty()) sr.limit = std::stoi(*l);
  } catch (...) {
    return ErrorResponse(Status::InvalidArgument("agenda_item / limit phải là số"));
  }
  documents::Viewer viewer = ViewerOf(req);
  sr.visible = [viewer](const search::Candidate& c) {
    auto vis = documents::ParseVisibility(c.visibility).value_or(documents::Visibility::kDelegates);
    std::vector<std::string> roles;
    for (size_t s = 0, e; s < c.roles.size(); s = e + 1) {
      e = c.roles.find(',', s);
      if (e == std::string::npos) e = c.roles.size();
      roles.push_back(c.roles.substr(s, e - s));
    }
    return documents::CanSee(vis, roles, c.congress_id, viewer);
  };
  const auto t0 = std::chrono::steady_clock::now();
  auto r = svc.Search(sr);
  metrics::Metrics::Get().SearchSeconds(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (!r.ok()) return ErrorResponse(r.status());
  json items = json::array();
  for (const auto& x : r->results) {
    items.push_back({{"code", x.code}, {"title", x.title}, {"file_name", x.file_name},
                     {"category", x.category}, {"category_label", CategoryLabel(x.category)},
                     {"agenda_item_id", x.agenda_item_id ? json(x.agenda_item_id) : json(nullptr)},
                     {"page", x.page}, {"snippet", x.snippet}, {"score", x.score}, {"strong", x.strong},
                     {"url", "/d/" + x.code + "?page=" + std::to_string(x.page) + "&q=" + UrlEncode(sr.text)}});
  }
  json page_items = json::array();
  if (pages && !sr.congress_slug.empty()) {
    auto hits = pages->SearchPages(sr.congress_slug, sr.text);
    if (hits.ok())
      for (const auto& h : *hits)
        page_items.push_back({{"slug", h.page.slug}, {"title", h.page.title}, {"category", h.page.category},
                              {"snippet", h.snippet}, {"cover", h.page.cover},
                              {"url", "/c/" + sr.congress_slug + "/p/" + h.page.slug}});
  }
  Response res = JsonReply({{"query", sr.text}, {"results", items}, {"pages", page_items}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

}  // namespace

void RegisterSearchRoutes(Router& r, search::SearchService& svc, meeting::MeetingService* pages) {
  // Searches run on the server's blocking pool (Response::deferred): a hall
  // searching at once queues there while the network threads keep
  // answering everything else (programme, events, downloads).
  r.Add(Verb::get, "/api/v1/congresses/{slug}/search", Access::Public(), [&svc, pages](Request& req) {
    Response res;
    res.deferred = [&svc, pages, &req, slug = std::string(req.Param("slug"))]() { return Run(svc, req, slug, pages); };
    return res;
  });
  // The archive: every congress.
  r.Add(Verb::get, "/api/v1/search", Access::Public(), [&svc](Request& req) {
    Response res;
    res.deferred = [&svc, &req]() { return Run(svc, req, "", nullptr); };
    return res;
  });
}

}  // namespace phonghop::http
