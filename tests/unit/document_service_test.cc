#include "documents/document_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "extract/child_extractor.h"
#include "io/file_sniffer.h"
#include "storage/fs_blob_store.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "storage/sqlite/sqlite_document_repository.h"
#include "test_db.h"
#include "test_files.h"

namespace phonghop::documents {
namespace {

class DocumentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenTestDb(dir_);
    congress_repo_ = std::make_unique<storage::SqliteCongressRepository>(*db_);
    doc_repo_ = std::make_unique<storage::SqliteDocumentRepository>(*db_);
    blobs_ = std::make_unique<storage::FsBlobStore>(dir_.path() + "/blobs");
    svc_ = std::make_unique<DocumentService>(*doc_repo_, *congress_repo_, *blobs_, sniffer_,
                                             extractor_, clock_, ids_, events_);
    congress::Congress c;
    c.slug = "dh";
    c.name = "Đại hội";
    c.print_extra_copies = 10;
    c.cost_per_page_vnd = 400;
    congress_id_ = congress_repo_->CreateCongress(c).value();
    congress::Congress other = c;
    other.slug = "khac";
    other_id_ = congress_repo_->CreateCongress(other).value();
  }
  // A temp file the service may take over.
  std::string Temp(const std::string& content) {
    std::string p = dir_.path() + "/upload-" + std::to_string(++n_);
    testing::WriteFile(p, content);
    return p;
  }
  UploadInput Md(const std::string& content, const std::string& name = "tai-lieu.md") {
    UploadInput in;
    in.temp_path = Temp(content);
    in.file_name = name;
    return in;
  }
  size_t BlobCount() {
    size_t n = 0;
    for (auto& e : std::filesystem::recursive_directory_iterator(dir_.path() + "/blobs"))
      if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") ++n;
    return n;
  }

  testing::TempDir dir_;
  FixedClock clock_{1764374400};
  SecureIdGenerator ids_;
  NullPublisher events_;
  io::MagicSniffer sniffer_;
  extract::InProcessExtractor extractor_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<storage::SqliteCongressRepository> congress_repo_;
  std::unique_ptr<storage::SqliteDocumentRepository> doc_repo_;
  std::unique_ptr<storage::FsBlobStore> blobs_;
  std::unique_ptr<DocumentService> svc_;
  int64_t congress_id_ = 0, other_id_ = 0;
  int n_ = 0;
};

TEST_F(DocumentServiceTest, UploadTakesTitleFromHeadingAndGetsAStableCode) {
  auto d = svc_->Upload("dh", Md("# Quy chế bầu cử\n\nĐiều 1."));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->title, "Quy chế bầu cử");
  EXPECT_EQ(d->code.size(), 8u);
  EXPECT_EQ(d->current.kind, FileKind::kMarkdown);
  EXPECT_EQ(d->current.number, 1);
  auto pages = svc_->Pages(d->code, 0);
  ASSERT_TRUE(pages.ok());
  EXPECT_NE((*pages)[0].text.find("Điều 1."), std::string::npos);
  EXPECT_EQ(BlobCount(), 1u);
}

TEST_F(DocumentServiceTest, DuplicateIsReportedNotStoredTwice) {
  auto a = svc_->Upload("dh", Md("# A\n\nx"));
  ASSERT_TRUE(a.ok());
  auto b = svc_->Upload("dh", Md("# A\n\nx", "copy.md"));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kConflict);
  EXPECT_NE(b.status().message().find(a->code), std::string::npos);
  // The same file in another congress is its own document, one blob.
  ASSERT_TRUE(svc_->Upload("khac", Md("# A\n\nx")).ok());
  EXPECT_EQ(BlobCount(), 1u);
}

TEST_F(DocumentServiceTest, NewVersionKeepsCodeAndHistory) {
  auto d = svc_->Upload("dh", Md("# Dự thảo Nghị quyết\n\nlần 1"));
  ASSERT_TRUE(d.ok());
  UploadInput v2 = Md("# Dự thảo Nghị quyết\n\nlần 2");
  v2.version_label = "Dự thảo lần 2";
  auto d2 = svc_->AddVersion(d->code, v2);
  ASSERT_TRUE(d2.ok()) << d2.status().ToString();
  EXPECT_EQ(d2->code, d->code);
  EXPECT_EQ(d2->current.number, 2);
  EXPECT_EQ(d2->current.label, "Dự thảo lần 2");
  auto versions = svc_->Versions(d->code);
  ASSERT_EQ(versions->size(), 2u);
  auto old_pages = svc_->Pages(d->code, 1);
  EXPECT_NE((*old_pages)[0].text.find("lần 1"), std::string::npos);
  EXPECT_EQ(svc_->AddVersion(d->code, Md("# Dự thảo Nghị quyết\n\nlần 2")).status().code(),
            StatusCode::kConflict);  // identical to the current one
}

TEST_F(DocumentServiceTest, BadFilesStoreNothing) {
  EXPECT_EQ(svc_->Upload("dh", Md("")).status().code(), StatusCode::kInvalidArgument);
  UploadInput bin;
  bin.temp_path = Temp(std::string("\x7f" "ELF", 4) + std::string(64, '\0'));
  bin.file_name = "virus.pdf";
  auto r = svc_->Upload("dh", bin);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  UploadInput pdf;
  pdf.temp_path = Temp("%PDF-1.7\n1 0 obj broken");
  pdf.file_name = "a.pdf";
  auto p = svc_->Upload("dh", pdf);
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BlobCount(), 0u);
  EXPECT_TRUE(svc_->List("dh")->empty());
  // Temp files were consumed either way.
  EXPECT_FALSE(std::filesystem::exists(bin.temp_path));
}

TEST_F(DocumentServiceTest, MetadataIsValidated) {
  UploadInput in = Md("# T\n");
  in.category = "bi-mat";
  EXPECT_EQ(svc_->Upload("dh", in).status().code(), StatusCode::kInvalidArgument);
  in = Md("# T\n");
  in.visibility = "roles";
  EXPECT_EQ(svc_->Upload("dh", in).status().code(), StatusCode::kInvalidArgument);
  // An agenda item of another congress.
  auto s = congress_repo_->AddSession({0, other_id_, 1, "P", "", "", ""});
  auto item = congress_repo_->AddAgendaItem({0, *s, 1, "", "Khai mạc", "", ""});
  in = Md("# T\n");
  in.agenda_item_id = *item;
  EXPECT_EQ(svc_->Upload("dh", in).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BlobCount(), 0u);
}

TEST_F(DocumentServiceTest, DeleteRemovesUnsharedBlobs) {
  auto a = svc_->Upload("dh", Md("# A\n\nshared"));
  auto b = svc_->Upload("khac", Md("# A\n\nshared"));
  auto c = svc_->Upload("dh", Md("# C\n\nown"));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(BlobCount(), 2u);
  ASSERT_TRUE(svc_->Delete(a->code).ok());
  EXPECT_EQ(BlobCount(), 2u);  // b still uses it
  ASSERT_TRUE(svc_->Delete(b->code).ok());
  ASSERT_TRUE(svc_->Delete(c->code).ok());
  EXPECT_EQ(BlobCount(), 0u);
  EXPECT_EQ(svc_->Get(a->code).status().code(), StatusCode::kNotFound);
}

TEST_F(DocumentServiceTest, PaperSavingsCountsDuplexSheetsAndMoney) {
  // 3 pages and 1 page, 5 delegates + 10 extra copies = 15 copies.
  for (int i = 0; i < 5; ++i) {
    congress::Delegate d;
    d.badge = std::to_string(i);
    d.full_name = "D";
    ASSERT_TRUE(congress_repo_->UpsertDelegates(congress_id_, {}, {d}).ok());
  }
  std::string pdf = dir_.path() + "/three.pdf";
  testing::MakeTextPdf(pdf, {"một", "hai", "ba"});
  UploadInput in;
  in.temp_path = pdf;
  in.file_name = "three.pdf";
  ASSERT_TRUE(svc_->Upload("dh", in).ok());
  ASSERT_TRUE(svc_->Upload("dh", Md("# one page")).ok());
  auto s = svc_->Savings("dh");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->documents, 2);
  EXPECT_EQ(s->pages, 4);
  EXPECT_EQ(s->copies, 15);
  EXPECT_EQ(s->pages_printed, 60);
  EXPECT_EQ(s->sheets, (2 + 1) * 15);  // ceil(3/2) + ceil(1/2) per copy
  EXPECT_EQ(s->money_vnd, 60 * 400);
}

}  // namespace
}  // namespace phonghop::documents
