#include "app/demo_documents.h"

#include "app/demo_texts.h"
#include "common/random.h"
#include "print/text_pdf.h"
#include "app/cli_util.h"

namespace phonghop::app {

namespace {

const std::string& Text(const std::string& name) {
  static const std::string kEmpty;
  for (const auto& [n, t] : DemoTexts())
    if (n == name) return t;
  return kEmpty;
}

int64_t AgendaId(const congress::CongressOverview& o, std::string_view title_part) {
  for (const auto& a : o.agenda)
    if (a.title.find(title_part) != std::string::npos) return a.id;
  return 0;
}

}  // namespace

Result<int> LoadDemoDocuments(congress::CongressService& congresses,
                              documents::DocumentService& docs, const std::string& tmp_dir) {
  PH_ASSIGN_OR_RETURN(auto o, congresses.Overview("demo"));
  const std::string footer = o.congress.name + " " + o.congress.ordinal;
  int stored = 0, position = 0;
  auto store = [&](const std::string& markdown, bool as_pdf, const std::string& file_name,
                   const std::string& category, const std::string& number,
                   int64_t agenda) -> Result<documents::Document> {
    std::string path = tmp_dir + "/demo-" + RandomHex(8);
    std::string bytes = markdown;
    if (as_pdf) {
      PH_ASSIGN_OR_RETURN(bytes, print::MarkdownToPdf(markdown, footer));
    }
    PH_RETURN_IF_ERROR(WriteFileAtomic(path, bytes));
    documents::UploadInput in;
    in.temp_path = path;
    in.file_name = file_name;
    in.category = category;
    in.number = number;
    in.agenda_item_id = agenda;
    in.position = ++position;
    auto d = docs.Upload("demo", std::move(in));
    if (d.ok()) ++stored;
    return d;
  };

  // The programme itself, typeset from the congress data.
  std::string programme = "# Chương trình " + o.congress.name + " " + o.congress.ordinal +
                          ", nhiệm kỳ " + o.congress.term + "\n\n";
  for (const auto& s : o.sessions) {
    programme += "## " + s.name + " (" + s.starts_at + " - " + s.ends_at + ")\n\n";
    for (const auto& a : o.agenda) {
      if (a.session_id != s.id) continue;
      programme += "- **" + a.starts_at + "** " + a.title +
                   (a.presenter.empty() ? "" : " — *" + a.presenter + "*") + "\n";
    }
    programme += "\n";
  }
  PH_RETURN_IF_ERROR(store(programme, true, "chuong-trinh-dai-hoi.pdf", "chuong-trinh", "01-CT/ĐH",
                           AgendaId(o, "Thông qua chương trình")).status());
  PH_RETURN_IF_ERROR(store(Text("bao-cao-chinh-tri"), true, "bao-cao-chinh-tri.pdf", "van-kien",
                           "02-BC/TĐTN", AgendaId(o, "Báo cáo chính trị")).status());
  PH_RETURN_IF_ERROR(store(Text("quy-che-bau-cu"), false, "quy-che-bau-cu.md", "chuong-trinh",
                           "03-QC/ĐH", AgendaId(o, "quy chế bầu cử")).status());
  PH_RETURN_IF_ERROR(store(Text("tham-luan-chuyen-doi-so"), false, "tham-luan-yen-binh.md",
                           "tham-luan", "", AgendaId(o, "Tham luận")).status());
  // The draft resolution went through two drafts: the QR stays the same.
  std::string draft1 = Text("du-thao-nghi-quyet");
  size_t cut = draft1.find("**4.**");
  if (cut != std::string::npos) draft1 = draft1.substr(0, cut);
  PH_ASSIGN_OR_RETURN(auto resolution,
                      store(draft1, true, "du-thao-nghi-quyet-lan-1.pdf", "du-thao-nghi-quyet",
                            "04-NQ/ĐH", AgendaId(o, "Nghị quyết")));
  std::string path = tmp_dir + "/demo-" + RandomHex(8);
  PH_ASSIGN_OR_RETURN(std::string pdf2, print::MarkdownToPdf(Text("du-thao-nghi-quyet"), footer));
  PH_RETURN_IF_ERROR(WriteFileAtomic(path, pdf2));
  documents::UploadInput v2;
  v2.temp_path = path;
  v2.file_name = "du-thao-nghi-quyet-lan-2.pdf";
  v2.version_label = "Dự thảo lần 2";
  PH_RETURN_IF_ERROR(docs.AddVersion(resolution.code, std::move(v2)).status());
  return stored;
}

}  // namespace phonghop::app
