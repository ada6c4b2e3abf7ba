#include "app/voting_minutes.h"

#include <filesystem>
#include <fstream>

#include "common/random.h"
#include "print/text_pdf.h"

namespace phonghop::app {

Result<std::string> DocumentMinutesFiler::File(std::string_view slug, const voting::Poll& p,
                                               const std::string& markdown) {
  PH_ASSIGN_OR_RETURN(std::string pdf, print::MarkdownToPdf(markdown, "phonghop · biên bản kiểm phiếu"));
  std::error_code ec;
  std::filesystem::create_directories(tmp_dir_, ec);
  const std::string tmp = tmp_dir_ + "/minutes-" + RandomHex(8) + ".pdf";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
    if (!out) return Status::Internal("không ghi được biên bản tạm");
  }
  documents::UploadInput in;
  in.temp_path = tmp;  // the service takes it over
  in.file_name = "bien-ban-kiem-phieu-" + std::to_string(p.id) + ".pdf";
  in.title = std::string(p.kind == voting::PollKind::kElection ? "Biên bản kiểm phiếu bầu cử: "
                                                                : "Biên bản kiểm phiếu biểu quyết: ") + p.title;
  if (in.title.size() > 300) in.title = "Biên bản kiểm phiếu số " + std::to_string(p.id);
  in.category = "bao-cao";
  in.visibility = "public";  // a published result is public
  in.agenda_item_id = p.agenda_item_id;
  auto d = docs_.Upload(slug, std::move(in));
  std::filesystem::remove(tmp, ec);  // if the service did not take it over
  PH_RETURN_IF_ERROR(d.status());
  return d->code;
}

}  // namespace phonghop::app
