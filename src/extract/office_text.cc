#include <algorithm>
#include <pugixml.hpp>

#include "common/utf8.h"
#include "extract/extract.h"
#include "io/zip_archive.h"

namespace phonghop::extract {

namespace {

std::string TrimmedCopy(std::string_view s) { return std::string(utf8::Trim(s)); }

// Walks a DOCX body collecting paragraphs; Word's page-break marks start a
// new page.
void WalkDocx(const pugi::xml_node& node, std::vector<std::string>& pages,
              std::string& para, std::string& first_heading, bool& in_heading) {
  for (auto child : node.children()) {
    std::string_view name = child.name();
    if (name == "w:t") {
      para += child.text().get();
    } else if (name == "w:tab") {
      para += '\t';
    } else if (name == "w:br" || name == "w:cr") {
      if (std::string_view(child.attribute("w:type").value()) == "page") {
        pages.back() += para + "\n";
        para.clear();
        pages.emplace_back();
      } else {
        para += '\n';
      }
    } else if (name == "w:lastRenderedPageBreak") {
      if (!utf8::Trim(pages.back()).empty() || !para.empty()) {
        pages.back() += para;
        para.clear();
        pages.emplace_back();
      }
    } else if (name == "w:pStyle") {
      std::string_view style = child.attribute("w:val").value();
      in_heading = style.rfind("Heading", 0) == 0 || style == "Title" ||
                   style.rfind("heading", 0) == 0;
    } else if (name == "w:p") {
      bool heading = false;
      WalkDocx(child, pages, para, first_heading, heading);
      if (heading && first_heading.empty()) first_heading = TrimmedCopy(para);
      pages.back() += para + "\n";
      para.clear();
    } else if (name == "w:instrText" || name == "w:delText") {
      // field codes and deleted text are not content
    } else {
      WalkDocx(child, pages, para, first_heading, in_heading);
    }
  }
}

void WalkOdt(const pugi::xml_node& node, std::string& out) {
  for (auto child : node.children()) {
    std::string_view name = child.name();
    if (child.type() == pugi::node_pcdata) {
      out += child.value();
    } else if (name == "text:s") {
      int n = child.attribute("text:c").as_int(1);
      out.append(static_cast<size_t>(std::clamp(n, 1, 100)), ' ');
    } else if (name == "text:tab") {
      out += '\t';
    } else if (name == "text:line-break") {
      out += '\n';
    } else if (name == "text:p" || name == "text:h") {
      WalkOdt(child, out);
      out += '\n';
    } else {
      WalkOdt(child, out);
    }
  }
}

Result<pugi::xml_document*> LoadXml(pugi::xml_document& doc, const std::string& xml) {
  if (!doc.load_buffer(xml.data(), xml.size()))
    return Status::InvalidArgument("tệp Word/ODT bị hỏng (XML không hợp lệ)");
  return &doc;
}

}  // namespace

Result<documents::Extracted> ExtractDocx(const std::string& data) {
  PH_ASSIGN_OR_RETURN(auto zip, io::ZipReader::Open(data));
  auto body_xml = zip->Read("word/document.xml");
  if (!body_xml.ok()) {
    if (body_xml.status().code() == StatusCode::kNotFound)
      return Status::InvalidArgument("tệp không phải tài liệu Word (.docx)");
    return body_xml.status();
  }
  pugi::xml_document doc;
  PH_RETURN_IF_ERROR(LoadXml(doc, *body_xml).status());
  std::vector<std::string> pages(1);
  std::string para, heading;
  bool in_heading = false;
  WalkDocx(doc.child("w:document").child("w:body"), pages, para, heading, in_heading);
  if (!para.empty()) pages.back() += para;
  while (pages.size() > 1 && utf8::Trim(pages.back()).empty()) pages.pop_back();
  documents::Extracted out;
  if (zip->Has("docProps/core.xml")) {
    auto core = zip->Read("docProps/core.xml");
    pugi::xml_document cdoc;
    if (core.ok() && cdoc.load_buffer(core->data(), core->size()))
      out.title = TrimmedCopy(cdoc.child("cp:coreProperties").child("dc:title").text().get());
  }
  if (out.title.empty()) out.title = heading;
  // Without Word's page marks, paginate like a printed A4 page would.
  std::vector<std::string> final_pages;
  if (pages.size() == 1) final_pages = Paginate(pages[0]);
  else final_pages = std::move(pages);
  int n = 0;
  for (auto& p : final_pages) out.pages.push_back({++n, std::move(p), false});
  if (out.title.empty() && !out.pages.empty()) {
    std::string_view t = out.pages[0].text;
    out.title = TrimmedCopy(t.substr(0, t.find('\n')));
  }
  return out;
}

Result<documents::Extracted> ExtractOdt(const std::string& data) {
  PH_ASSIGN_OR_RETURN(auto zip, io::ZipReader::Open(data));
  auto content = zip->Read("content.xml");
  if (!content.ok()) return Status::InvalidArgument("tệp không phải tài liệu ODT");
  pugi::xml_document doc;
  PH_RETURN_IF_ERROR(LoadXml(doc, *content).status());
  std::string text;
  auto body = doc.child("office:document-content").child("office:body").child("office:text");
  WalkOdt(body, text);
  documents::Extracted out;
  if (auto h = body.find_node([](const pugi::xml_node& n) {
        return std::string_view(n.name()) == "text:h";
      })) {
    std::string t;
    WalkOdt(h, t);
    out.title = TrimmedCopy(t);
  }
  int n = 0;
  for (auto& p : Paginate(text)) out.pages.push_back({++n, std::move(p), false});
  return out;
}

}  // namespace phonghop::extract
