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

struct Deps {
  search::SearchService& svc;
  meeting::MeetingService* pages;  // province pages beside a congress's documents (may be null)
};

// What a viewer may see depends only on this: the cache key of their answers.
std::string VisibilityClass(const documents::Viewer& v) {
  if (!v.signed_in) return "anon";
  std::string c = std::string(congress::ToString(v.role)) + ":" + std::to_string(v.badge_congress_id);
  if (v.scoped) {  // decision 418: the congresses it may see
    c += ":s";
    for (int64_t id : v.scope_ids) c += "," + std::to_string(id);
  }
  return c;
}

Result<Response> Run(Deps& d, const Request& req, const std::string& slug) {
  search::SearchRequest sr;
  sr.congress_slug = slug;
  sr.text = req.Query("q").value_or("");
  sr.category = req.Query("category").value_or("");
  try {
    if (auto a = req.Query("agenda_item"); a && !a->empty()) sr.agenda_item_id = std::stoll(*a);
    if (auto l = req.Query("limit"); l && !l->empty()) sr.limit = std::stoi(*l);
  } catch (...) {
    return Status::InvalidArgument("agenda_item / limit phải là số");
  }
  documents::Viewer viewer = ViewerOf(req);
  sr.visibility_class = VisibilityClass(viewer);
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
  auto searched = d.svc.Search(sr);
  metrics::Metrics::Get().SearchSeconds(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  PH_ASSIGN_OR_RETURN(auto r, std::move(searched));
  json items = json::array();
  for (const auto& x : r.results) {
    items.push_back({{"code", x.code}, {"title", x.title}, {"file_name", x.file_name},
                     {"category", x.category}, {"category_label", CategoryLabel(x.category)},
                     {"agenda_item_id", x.agenda_item_id ? json(x.agenda_item_id) : json(nullptr)},
                     {"page", x.page}, {"snippet", x.snippet}, {"score", x.score}, {"strong", x.strong},
                     {"url", "/d/" + x.code + "?page=" + std::to_string(x.page) + "&q=" + UrlEncode(sr.text)}});
  }
  json page_items = json::array();
  if (d.pages && !sr.congress_slug.empty()) {
    auto hits = d.pages->SearchPages(sr.congress_slug, sr.text);
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

// Searches run on the server's blocking pool (DeferredReply): a hall
// searching at once queues there while the network threads keep answering
// everything else (programme, events, downloads).
Result<Response> SearchCongress(Deps& d, Request& req) {
  return DeferredReply([&d, &req, slug = std::string(req.Param("slug"))] { return Run(d, req, slug); });
}

// The archive: every congress (no province pages).
Result<Response> SearchArchive(Deps& d, Request& req) {
  Deps archive{d.svc, nullptr};
  return DeferredReply([archive, &req]() mutable { return Run(archive, req, ""); });
}

}  // namespace

void RegisterSearchRoutes(Router& r, search::SearchService& svc, meeting::MeetingService* pages) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{svc, pages}), {
      {Verb::get, "/api/v1/congresses/{slug}/search", Access::Public(), SearchCongress},
      {Verb::get, "/api/v1/search", Access::Public(), SearchArchive},
  });
}

}  // namespace phonghop::http
