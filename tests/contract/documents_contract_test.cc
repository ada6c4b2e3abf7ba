// The contract of documents::DocumentRepository and search::SearchIndex on
// every back-end, including the cluster property: what one node writes, a
// search index on another node over the same database finds.
#include <gtest/gtest.h>

#include "fixture.h"
#include "search/search_service.h"

namespace phonghop::contract {
namespace {

using documents::Document;
using documents::DocumentVersion;
using documents::PageText;

class DocumentsContract : public CongressWorld {
 protected:
  Document Doc(const std::string& code, const std::string& title) {
    Document d;
    d.congress_id = cid_;
    d.code = code;
    d.title = title;
    d.category = "bao-cao";
    d.created_at = d.updated_at = 100;
    return d;
  }
  DocumentVersion Version(const std::string& sha, int number) {
    DocumentVersion v;
    v.number = number;
    v.sha256 = sha;
    v.file_name = "bao-cao.pdf";
    v.kind = documents::FileKind::kPdf;
    v.size = 12345;
    v.page_count = 2;
    v.created_at = 100 + number;
    return v;
  }
  std::vector<std::string> Find(search::SearchIndex& index, const std::string& text) {
    search::SearchService svc(index, backend().congresses());
    search::SearchRequest req;
    req.congress_slug = "dh";
    req.text = text;
    req.limit = 10;
    auto r = svc.Search(req);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok())
      for (const auto& x : r->results) out.push_back(x.code);
    return out;
  }
};

TEST_P(DocumentsContract, VersionsPagesAndCodesRoundTrip) {
  auto& docs = backend().documents();
  auto made = docs.Create(Doc("AB12", "Báo cáo chính trị"), Version("sha-1", 1),
                          {{1, "Trang một", false}, {2, "", true}});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(docs.Create(Doc("AB12", "Khác"), Version("sha-9", 1), {}).status().code(), StatusCode::kConflict);
  auto got = docs.GetByCode("AB12");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, made->first);
  EXPECT_EQ(got->current.id, made->second);
  EXPECT_EQ(got->current.size, 12345u);
  EXPECT_EQ(got->current.kind, documents::FileKind::kPdf);
  auto v2 = docs.AddVersion(made->first, Version("sha-2", 2), {{1, "Bản sửa", false}});
  ASSERT_TRUE(v2.ok());
  auto versions = *docs.Versions(made->first);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].number, 2);  // newest first
  EXPECT_EQ(docs.GetByCode("AB12")->current.sha256, "sha-2");
  auto pages = *docs.Pages(made->second);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_TRUE(pages[1].needs_ocr);
  EXPECT_EQ((*docs.FindByBlob(cid_, "sha-2"))->code, "AB12");
  EXPECT_FALSE(docs.FindByBlob(cid_, "sha-1")->has_value());  // not the current version
  Document meta = *docs.GetByCode("AB12");
  meta.title = "Báo cáo chính trị (sửa)";
  meta.visibility = documents::Visibility::kRoles;
  meta.roles = {"chair", "secretariat"};
  meta.agenda_item_id = item_;
  ASSERT_TRUE(docs.UpdateMeta(meta).ok());
  auto after = *docs.GetByCode("AB12");
  EXPECT_EQ(after.title, "Báo cáo chính trị (sửa)");
  EXPECT_EQ(after.roles, (std::vector<std::string>{"chair", "secretariat"}));
  EXPECT_EQ(after.agenda_item_id, item_);
  EXPECT_EQ(docs.List(cid_)->size(), 1u);
}

TEST_P(DocumentsContract, DeleteReturnsOnlyBlobsNoOneElseUses) {
  auto& docs = backend().documents();
  auto a = docs.Create(Doc("A1", "A"), Version("shared", 1), {{1, "a", false}});
  auto b = docs.Create(Doc("B1", "B"), Version("shared", 1), {{1, "b", false}});
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(docs.AddVersion(a->first, Version("own", 2), {{1, "a2", false}}).ok());
  auto freed = docs.Delete(a->first);
  ASSERT_TRUE(freed.ok());
  EXPECT_EQ(*freed, std::vector<std::string>{"own"});
  EXPECT_EQ(docs.GetByCode("A1").status().code(), StatusCode::kNotFound);
}

TEST_P(DocumentsContract, OcrQueueFillsPagesAndFinishesTheVersion) {
  auto& docs = backend().documents();
  auto v = Version("scan", 1);
  v.text_status = documents::TextStatus::kOcrPending;
  auto made = docs.Create(Doc("SC1", "Bản chụp"), v, {{1, "", true}, {2, "", true}});
  ASSERT_TRUE(made.ok());
  auto pending = docs.PendingOcr(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].page, 1);
  EXPECT_EQ((*pending)[0].code, "SC1");
  ASSERT_TRUE(docs.SetOcrText(made->second, 1, "Nghị quyết đại hội").ok());
  EXPECT_EQ(docs.GetByCode("SC1")->current.text_status, documents::TextStatus::kOcrPending);
  ASSERT_TRUE(docs.SetOcrText(made->second, 2, "trang hai").ok());
  EXPECT_EQ(docs.GetByCode("SC1")->current.text_status, documents::TextStatus::kDone);
  auto progress = docs.Ocr(cid_);
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress->pending_pages, 0);
  EXPECT_EQ(progress->done_pages, 2);
  EXPECT_EQ(Find(backend().search(), "nghi quyet"), std::vector<std::string>{"SC1"});
}

TEST_P(DocumentsContract, SearchFollowsUploadsVersionsAndDeletionsOnEveryNode) {
  auto& docs = backend().documents();
  auto other = backend().OtherNodeSearch();
  EXPECT_TRUE(Find(*other, "cay xanh").empty());  // loaded (empty) before the upload
  auto made = docs.Create(Doc("CX1", "Kế hoạch"), Version("s1", 1), {{1, "Trồng cây xanh dọc bờ sông.", false}});
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(Find(backend().search(), "cay xanh"), std::vector<std::string>{"CX1"});
  EXPECT_EQ(Find(*other, "cay xanh"), std::vector<std::string>{"CX1"});
  ASSERT_TRUE(docs.AddVersion(made->first, Version("s2", 2), {{1, "Làm đường lên nương.", false}}).ok());
  EXPECT_TRUE(Find(*other, "cay xanh").empty());
  EXPECT_EQ(Find(*other, "duong len nuong"), std::vector<std::string>{"CX1"});
  ASSERT_TRUE(docs.Delete(made->first).ok());
  EXPECT_TRUE(Find(*other, "duong len nuong").empty());
  EXPECT_TRUE(Find(backend().search(), "duong len nuong").empty());
}

// The answer cache of a node (decision 307) is keyed by the index
// generation: it must move with every change any node commits — an upload,
// a version, a title or visibility change, a deletion — agree between
// nodes, and stay put while nothing changes, so repeated searches are
// answered from the cache and never with an answer older than a change.
TEST_P(DocumentsContract, GenerationMovesWithEveryChangeAndKeepsCachedAnswersFresh) {
  auto& docs = backend().documents();
  auto other = backend().OtherNodeSearch();
  search::SearchService there(*other, backend().congresses());
  auto generation = [](search::SearchIndex& index) {
    auto g = index.Generation();
    EXPECT_TRUE(g.ok()) << g.status().ToString();
    return g.ok() ? *g : int64_t{-2};
  };
  auto codes = [&](const std::string& text) {
    search::SearchRequest req;
    req.congress_slug = "dh";
    req.text = text;
    req.limit = 10;
    auto r = there.Search(req);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok())
      for (const auto& x : r->results) out.push_back(x.code);
    return out;
  };
  const int64_t g0 = generation(*other);
  EXPECT_GE(g0, 0);  // this index can tell: answers may be cached
  EXPECT_TRUE(codes("cay xanh").empty());

  auto made = docs.Create(Doc("CX1", "Kế hoạch"), Version("s1", 1), {{1, "Trồng cây xanh dọc bờ sông.", false}});
  ASSERT_TRUE(made.ok());
  const int64_t g1 = generation(*other);
  EXPECT_GT(g1, g0);
  EXPECT_EQ(generation(backend().search()), g1);  // both nodes follow one log
  EXPECT_EQ(codes("cay xanh"), std::vector<std::string>{"CX1"});  // not the cached empty answer
  const uint64_t hits = there.cache_hits();
  EXPECT_EQ(codes("cay xanh"), std::vector<std::string>{"CX1"});
  EXPECT_EQ(there.cache_hits(), hits + 1);  // nothing changed: from the cache
  EXPECT_EQ(generation(*other), g1);

  ASSERT_TRUE(docs.AddVersion(made->first, Version("s2", 2), {{1, "Làm đường lên nương.", false}}).ok());
  const int64_t g2 = generation(*other);
  EXPECT_GT(g2, g1);
  EXPECT_TRUE(codes("cay xanh").empty());
  EXPECT_EQ(codes("duong len nuong"), std::vector<std::string>{"CX1"});

  Document meta = *docs.GetByCode("CX1");
  meta.visibility = documents::Visibility::kDelegates;
  ASSERT_TRUE(docs.UpdateMeta(meta).ok());
  const int64_t g3 = generation(*other);
  EXPECT_GT(g3, g2);

  ASSERT_TRUE(docs.Delete(made->first).ok());
  EXPECT_GT(generation(*other), g3);
  EXPECT_TRUE(codes("duong len nuong").empty());
  EXPECT_EQ(there.cache_hits(), hits + 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DocumentsContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace
}  // namespace phonghop::contract
