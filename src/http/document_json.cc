#include "http/document_json.h"

#include <cmark.h>

#include "common/html.h"

namespace phonghop::http {

using nlohmann::json;
using namespace phonghop::documents;

std::string CategoryLabel(const std::string& id) {
  for (const auto& c : Categories())
    if (id == c.id) return c.label_vi;
  return id;
}

json ToJson(const DocumentVersion& v) {
  return {{"number", v.number},         {"label", v.label},
          {"file_name", v.file_name},   {"kind", ToString(v.kind)},
          {"mime", MimeType(v.kind)},   {"size", v.size},
          {"page_count", v.page_count}, {"text_status", ToString(v.text_status)},
          {"sha256", v.sha256},         {"created_at", v.created_at}};
}

json ToJson(const Document& d, const std::string& public_url) {
  return {{"code", d.code},
          {"title", d.title},
          {"number", d.number},
          {"category", d.category},
          {"category_label", CategoryLabel(d.category)},
          {"agenda_item_id", d.agenda_item_id ? json(d.agenda_item_id) : json(nullptr)},
          {"position", d.position},
          {"visibility", ToString(d.visibility)},
          {"roles", d.roles},
          {"url", public_url + "/d/" + d.code},
          {"created_at", d.created_at},
          {"updated_at", d.updated_at},
          {"current", ToJson(d.current)}};
}

json ToJson(const PaperSavings& s) {
  return {{"documents", s.documents},       {"pages", s.pages},
          {"copies", s.copies},             {"pages_printed", s.pages_printed},
          {"sheets", s.sheets},             {"reams", s.reams},
          {"cost_per_page_vnd", s.cost_per_page_vnd}, {"money_vnd", s.money_vnd},
          {"duplex", true}};
}


std::string TextToHtml(FileKind kind, const std::vector<PageText>& pages) {
  std::string html;
  if (kind == FileKind::kMarkdown) {
    std::string all;
    for (const auto& p : pages) all += p.text;
    // CMARK_OPT_DEFAULT is "safe" since cmark 0.29: raw HTML and
    // javascript: links are not passed through.
    char* out = cmark_markdown_to_html(all.data(), all.size(), CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
    if (out) {
      html = "<section id=\"page-1\">" + std::string(out) + "</section>";
      free(out);
    }
    return html;
  }
  for (const auto& p : pages) {
    html += "<section id=\"page-" + std::to_string(p.page) + "\" data-page=\"" +
            std::to_string(p.page) + "\">";
    size_t start = 0;
    const std::string& t = p.text;
    while (start < t.size()) {
      size_t nl = t.find('\n', start);
      if (nl == std::string::npos) nl = t.size();
      std::string_view line(t.data() + start, nl - start);
      if (!line.empty() && line.find_first_not_of(" \t\r") != std::string_view::npos)
        html += "<p>" + HtmlEscape(line) + "</p>";
      start = nl + 1;
    }
    html += "</section>";
  }
  return html;
}

}  // namespace phonghop::http
