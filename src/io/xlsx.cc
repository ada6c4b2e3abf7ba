#include "io/xlsx.h"

#include <pugixml.hpp>

#include "common/html.h"
#include "io/zip_archive.h"

namespace phonghop::io {
namespace {

Result<pugi::xml_document*> Load(pugi::xml_document& doc, const std::string& xml,
                                 const std::string& name) {
  // pugixml never expands DTD entities, so entity bombs and XXE don't apply.
  auto r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!r) return Status::InvalidArgument("tệp Excel hỏng (" + name + ": " + r.description() + ")");
  return &doc;
}

// Text of a shared string: all <t> runs, skipping phonetic (<rPh>) runs.
std::string StringItemText(const pugi::xml_node& si) {
  std::string out;
  for (auto node : si.children()) {
    std::string_view n = node.name();
    if (n == "t") out += node.text().get();
    else if (n == "r") out += node.child("t").text().get();
  }
  return out;
}

std::string ResolveTarget(const std::string& target) {
  if (target.empty()) return target;
  if (target[0] == '/') return target.substr(1);
  if (target.rfind("xl/", 0) == 0) return target;
  return "xl/" + target;
}

std::string XmlEscape(std::string_view s) { return HtmlEscape(s, /*xml_safe=*/true); }

}  // namespace

std::string ColumnName(size_t index) {
  std::string s;
  ++index;
  while (index > 0) {
    size_t rem = (index - 1) % 26;
    s.insert(s.begin(), static_cast<char>('A' + rem));
    index = (index - 1) / 26;
  }
  return s;
}

long ColumnIndex(std::string_view ref) {
  long col = 0;
  size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return -1;
    ++i;
  }
  if (i == 0) return -1;
  return col - 1;
}

Result<Table> ParseXlsx(std::string_view data, size_t max_rows) {
  PH_ASSIGN_OR_RETURN(auto zip, ZipReader::Open(data));
  if (!zip->Has("xl/workbook.xml"))
    return Status::InvalidArgument("tệp không phải bảng tính Excel (.xlsx)");

  // Locate the first sheet through workbook.xml and its relationships.
  std::string sheet_path = "xl/worksheets/sheet1.xml";
  {
    PH_ASSIGN_OR_RETURN(std::string wb_xml, zip->Read("xl/workbook.xml"));
    pugi::xml_document wb;
    PH_RETURN_IF_ERROR(Load(wb, wb_xml, "workbook.xml").status());
    auto sheet = wb.child("workbook").child("sheets").child("sheet");
    std::string rid = sheet.attribute("r:id").value();
    if (!rid.empty() && zip->Has("xl/_rels/workbook.xml.rels")) {
      PH_ASSIGN_OR_RETURN(std::string rels_xml, zip->Read("xl/_rels/workbook.xml.rels"));
      pugi::xml_document rels;
      PH_RETURN_IF_ERROR(Load(rels, rels_xml, "workbook.xml.rels").status());
      for (auto rel : rels.child("Relationships").children("Relationship")) {
        if (rid == rel.attribute("Id").value()) {
          sheet_path = ResolveTarget(rel.attribute("Target").value());
          break;
        }
      }
    }
  }

  std::vector<std::string> shared;
  if (zip->Has("xl/sharedStrings.xml")) {
    PH_ASSIGN_OR_RETURN(std::string ss_xml, zip->Read("xl/sharedStrings.xml"));
    pugi::xml_document ss;
    PH_RETURN_IF_ERROR(Load(ss, ss_xml, "sharedStrings.xml").status());
    for (auto si : ss.child("sst").children("si")) shared.push_back(StringItemText(si));
  }

  PH_ASSIGN_OR_RETURN(std::string sheet_xml, zip->Read(sheet_path));
  pugi::xml_document sheet;
  PH_RETURN_IF_ERROR(Load(sheet, sheet_xml, sheet_path).status());
  Table table;
  long next_line = 1;
  for (auto row : sheet.child("worksheet").child("sheetData").children("row")) {
    TableRow r;
    long line = row.attribute("r").as_int(0);
    r.line = static_cast<int>(line > 0 ? line : next_line);
    next_line = r.line + 1;
    if (table.rows.size() >= max_rows)
      return Status::InvalidArgument("bảng tính có quá nhiều dòng (tối đa " +
                                     std::to_string(max_rows) + ")");
    size_t next_col = 0;
    for (auto c : row.children("c")) {
      long col = static_cast<long>(next_col);
      if (auto ref = c.attribute("r")) col = ColumnIndex(ref.value());
      if (col < 0 || col > 1000) continue;  // beyond any delegate list
      if (r.cells.size() <= static_cast<size_t>(col)) r.cells.resize(col + 1);
      std::string_view type = c.attribute("t").value();
      std::string value;
      if (type == "s") {
        long idx = c.child("v").text().as_int(-1);
        if (idx < 0 || static_cast<size_t>(idx) >= shared.size())
          return Status::InvalidArgument("tệp Excel hỏng (chuỗi dùng chung không tồn tại)");
        value = shared[idx];
      } else if (type == "inlineStr") {
        value = StringItemText(c.child("is"));
      } else if (type == "b") {
        value = std::string(c.child("v").text().get()) == "1" ? "TRUE" : "FALSE";
      } else if (type == "e") {
        value = "";
      } else {
        value = c.child("v").text().get();
      }
      r.cells[col] = std::move(value);
      next_col = static_cast<size_t>(col) + 1;
    }
    table.rows.push_back(std::move(r));
  }
  return table;
}

Result<std::string> WriteXlsx(const std::vector<std::vector<std::string>>& rows,
                              const std::string& sheet_name) {
  std::string sheet =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
      "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>";
  for (size_t r = 0; r < rows.size(); ++r) {
    sheet += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (rows[r][c].empty()) continue;
      sheet += "<c r=\"" + ColumnName(c) + std::to_string(r + 1) + "\" t=\"inlineStr\"";
      if (r == 0) sheet += " s=\"1\"";
      sheet += "><is><t xml:space=\"preserve\">" + XmlEscape(rows[r][c]) + "</t></is></c>";
    }
    sheet += "</row>";
  }
  sheet += "</sheetData></worksheet>";
  std::vector<std::pair<std::string, std::string>> entries = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
       "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
       "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
       "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
       "</Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
       "</Relationships>"},
      {"xl/workbook.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
       "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
       "<sheets><sheet name=\"" + XmlEscape(sheet_name.substr(0, 31)) + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
       "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
       "</Relationships>"},
      {"xl/styles.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
       "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
       "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
       "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
       "<borders count=\"1\"><border/></borders>"
       "<cellStyleXfs count=\"1\"><xf/></cellStyleXfs>"
       "<cellXfs count=\"2\"><xf/><xf fontId=\"1\" applyFont=\"1\"/></cellXfs>"
       "</styleSheet>"},
      {"xl/worksheets/sheet1.xml", sheet},
  };
  return WriteZip(entries);
}

}  // namespace phonghop::io
