// Search speed on a generated corpus (default 10,000 documents × 10 pages
// of Vietnamese-like text): index build time, index size and query latency
// (p50/p99, one thread) of phonghop's whole search (in-memory first stage,
// re-ranking, snippets, the page texts read from SQLite) beside two anchors
// on the same pages: plain SQLite FTS5 (unicode61 remove_diacritics 2,
// bm25 top 10) and Xapian 1.4 (BM25 top 10) indexing phonghop's folded
// tokens with positions. Prints a Markdown section.
//
//   build/release/bench/search_speed [DOCS] [PAGES_PER_DOC] [WORDS_PER_PAGE]
//
// PH_SEARCH_BENCH_QUICK=1: only the in-memory index and the stage
// breakdown (no FTS5 store, no anchors) — for sizes the anchors cannot
// reach in the time, and while optimising. PH_SEARCH_BENCH_ROUNDS=N: N
// rounds of the breakdown, after printing "breakdown starts (pid …)" and
// a 3 s pause (to attach `perf record -p`).
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>
#include <random>
#include <string>
#include <vector>

#ifdef PHONGHOP_HAVE_XAPIAN
#include <xapian.h>
#endif

#include "search/ranker.h"
#include "search/search_service.h"
#include "search/tokenizer.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_search_index.h"

using namespace phonghop;
using Clock = std::chrono::steady_clock;

namespace {

// Common Vietnamese words of congress documents, most frequent first; the
// generator draws them with a Zipf-like law so some are everywhere and
// some rare, like real text.
const std::vector<std::string>& Vocabulary() {
  static const std::vector<std::string> v = {
      "và", "của", "các", "trong", "đã", "được", "cho", "với", "những", "là", "có", "để", "thanh niên",
      "Đoàn", "đoàn viên", "công tác", "tỉnh", "Đại hội", "thực hiện", "phát triển", "nhiệm kỳ", "xã",
      "huyện", "kinh tế", "xã hội", "cơ sở", "phong trào", "tổ chức", "hoạt động", "người dân", "năm",
      "chuyển đổi số", "Ban Chấp hành", "Nghị quyết", "báo cáo", "chương trình", "kế hoạch", "nâng cao",
      "hiệu quả", "tuyên truyền", "giáo dục", "chính trị", "tư tưởng", "đạo đức", "lối sống", "văn hóa",
      "du lịch", "nông nghiệp", "sản phẩm", "hợp tác xã", "khởi nghiệp", "lập nghiệp", "việc làm",
      "tình nguyện", "hiến máu", "giao thông", "nông thôn mới", "vùng cao", "dân tộc", "đồng bào",
      "Mông", "Dao", "Thái", "Tày", "Mù Cang Chải", "Trạm Tấu", "Văn Chấn", "Yên Bình", "Lục Yên",
      "Văn Yên", "Trấn Yên", "Nghĩa Lộ", "Thác Bà", "Suối Giàng", "chè", "quế", "ruộng bậc thang",
      "bản", "bàn", "bán", "bạn", "ban", "đồn", "đơn", "đón", "dọn", "Đảng", "đang", "đạo", "đào",
      "dịch vụ công trực tuyến", "sàn thương mại điện tử", "mạng xã hội", "tin đồn", "an ninh",
      "quốc phòng", "biên giới", "bảo vệ", "môi trường", "khoa học", "công nghệ", "sáng tạo", "học tập",
      "làm theo", "Bác Hồ", "thiếu nhi", "Hội Liên hiệp Thanh niên", "hội viên", "chi đoàn", "bí thư",
      "phó bí thư", "ủy viên", "kiểm tra", "giám sát", "bầu cử", "đại biểu", "tư cách", "thẩm tra",
      "quy chế", "làm việc", "tham luận", "phát biểu", "chỉ đạo", "khai mạc", "bế mạc", "chào cờ",
      "HĐND", "UBND", "TNCS", "BCH", "OCOP", "homestay", "livestream", "1.529", "10.500", "2022", "2027",
      "XVII", "XVIII", "lễ hội", "Gầu Tào", "xòe", "thổ cẩm", "đèo Khau Phạ", "dù lượn", "hồ", "hộ",
  };
  return v;
}

std::string MakePage(std::mt19937& rng, int words) {
  const auto& v = Vocabulary();
  // Zipf-ish: index = floor(n * u^2.2)
  std::uniform_real_distribution<double> u(0, 1);
  std::string page;
  for (int w = 0; w < words; ++w) {
    size_t i = static_cast<size_t>(v.size() * std::pow(u(rng), 2.2));
    if (!page.empty()) page += (w % 17 == 0) ? ". " : " ";
    page += v[std::min(i, v.size() - 1)];
  }
  return page + ".";
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

int64_t FileSize(const std::string& p) {
  std::error_code ec;
  int64_t a = static_cast<int64_t>(std::filesystem::file_size(p, ec));
  int64_t b = static_cast<int64_t>(std::filesystem::file_size(p + "-wal", ec));
  return a + (ec ? 0 : b);
}

}  // namespace

int main(int argc, char** argv) {
  const int docs = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int pages_per_doc = argc > 2 ? std::atoi(argv[2]) : 10;
  const int words = argc > 3 ? std::atoi(argv[3]) : 180;
  std::string dir = std::filesystem::temp_directory_path() / ("phonghop-search-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);

  // --- the corpus, stored as documents and pages ---------------------------
  auto db = storage::SqliteDatabase::Open(dir + "/phonghop.db").value();
  std::mt19937 rng(20221);
  auto t0 = Clock::now();
  int64_t total_bytes = 0;
  db->Write([&](storage::Connection& c) {
    c.Exec("INSERT INTO congresses(slug, name, created_at) VALUES ('bench', 'Bench', 0)");
    auto doc = c.Prepare("INSERT INTO documents(congress_id, code, title, created_at, updated_at) VALUES (1, ?, ?, 0, 0)");
    auto ver = c.Prepare("INSERT INTO document_versions(document_id, number, sha256, file_name, kind, size, page_count, created_at) VALUES (?, 1, 'x', ?, 'pdf', 0, ?, 0)");
    auto page = c.Prepare("INSERT INTO document_pages(version_id, page, text) VALUES (?, ?, ?)");
    auto cur = c.Prepare("UPDATE documents SET current_version_id = ? WHERE id = ?");
    for (int d = 0; d < docs; ++d) {
      std::string title = MakePage(rng, 8);
      doc.Bind(1, "D" + std::to_string(d)).Bind(2, title).Exec();
      doc.Reset();
      int64_t did = c.LastInsertId();
      ver.Bind(1, did).Bind(2, "doc-" + std::to_string(d) + ".pdf").Bind(3, pages_per_doc).Exec();
      ver.Reset();
      int64_t vid = c.LastInsertId();
      for (int p = 1; p <= pages_per_doc; ++p) {
        std::string text = MakePage(rng, words);
        total_bytes += static_cast<int64_t>(text.size());
        page.Bind(1, vid).Bind(2, p).Bind(3, text).Exec();
        page.Reset();
      }
      cur.Bind(1, vid).Bind(2, did).Exec();
      cur.Reset();
    }
  });
  db->Read([](storage::Connection& c) { c.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); });
  double gen_s = std::chrono::duration<double>(Clock::now() - t0).count();
  int64_t size_before = FileSize(dir + "/phonghop.db");

  // --- phonghop's index --------------------------------------------------
  storage::SqliteSearchIndex index(*db);
  storage::SqliteCongressRepository congresses(*db);
  search::SearchService svc(index, congresses);
  auto t1 = Clock::now();
  // PH_SEARCH_BENCH_QUICK: the in-memory index only (no store-side FTS5
  // table), for the stage breakdown while optimising.
  const bool quick = std::getenv("PH_SEARCH_BENCH_QUICK") != nullptr;
  int pages = quick ? ((void)index.Warm(), docs * pages_per_doc)
                    : index.Rebuild().value();  // the store-side FTS5 table and the in-memory index
  double build_s = std::chrono::duration<double>(Clock::now() - t1).count();
  db->Read([](storage::Connection& c) { c.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); });
  int64_t index_bytes = FileSize(dir + "/phonghop.db") - size_before;
  // What a starting process pays: the in-memory index from the stored pages.
  double load_s = quick ? build_s : 0;  // (quick: the index was just loaded from the pages)
  size_t memory_bytes = 0;
  if (!quick) {
    storage::SqliteSearchIndex fresh(*db);
    auto t = Clock::now();
    (void)fresh.Warm();
    load_s = std::chrono::duration<double>(Clock::now() - t).count();
  }
  memory_bytes = index.MemoryBytes();

  // --- queries --------------------------------------------------------------
  const std::vector<std::string> queries = {
      "chuyen doi so", "\"chuyển đổi số\"", "dai hoi doan", "quy che bau cu", "bản", "tin đồn", "người Dao",
      "khởi ngh*", "\"dịch vụ công trực tuyến\"", "homestay", "hdnd", "1.529 tổ", "khóa XVIII",
      "lễ hội Gầu Tào", "đèo Khau Phạ", "thanh nien tinh nguyen", "hiến máu", "sàn thương mại điện tử",
      "giá vàng hôm nay", "bitcoin", "du lich cong dong", "Mù Cang Chai ruộng bậc thang", "tham luận",
      "ban chap hanh", "nông thôn mới", "an ninh quốc phòng biên giới", "dân tộc Thái xòe", "chè Suối Giàng",
      "livestream", "bảo vệ môi trường",
  };
  // Where phonghop's time goes (more rounds, stage by stage, in thread CPU
  // time so other processes on the machine count less).
  double t_first = 0, t_loose = 0, t_rank = 0, t_snip = 0;
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
  };
  // PH_SEARCH_BENCH_ROUNDS: more rounds of the breakdown (to profile it,
  // e.g. `perf record -p` once "breakdown starts" is printed).
  // FNV-1a over every answer of the breakdown's first round: the same
  // digest from two builds means the same candidates, scores and snippets.
  uint64_t digest = 1469598103934665603ull;
  auto digest_bytes = [&digest](const void* data, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      digest ^= static_cast<const unsigned char*>(data)[i];
      digest *= 1099511628211ull;
    }
  };
  std::vector<double> per_search;  // thread CPU ms of each whole search (all stages)
  const int breakdown_rounds = std::getenv("PH_SEARCH_BENCH_ROUNDS") ? std::atoi(std::getenv("PH_SEARCH_BENCH_ROUNDS")) : 3;
  if (std::getenv("PH_SEARCH_BENCH_ROUNDS")) {
    std::fprintf(stderr, "breakdown starts (pid %d)\n", getpid());
    std::this_thread::sleep_for(std::chrono::seconds(3));
  }
  for (int r = 0; r < breakdown_rounds; ++r)
  for (const auto& text : queries) {
    auto parsed = search::ParseQuery(text).value();
    search::SearchFilter f;
    f.congress_id = 1;
    double a = cpu_now();
    const double search_start = a;
    auto cands = index.Candidates(parsed, true, f, 80).value();
    double b2 = cpu_now();
    t_first += b2 - a;
    if (cands.size() < 5 && parsed.Terms().size() > 1) {
      auto loose = index.Candidates(parsed, false, f, 80).value();
      cands.insert(cands.end(), loose.begin(), loose.end());
    }
    double c2 = cpu_now();
    t_loose += c2 - b2;
    std::vector<search::PageScore> ps;
    const search::PageScorer scorer(parsed);
    for (const auto& cd : cands) ps.push_back(scorer.Score(cd.text, cd.title));
    double d2 = cpu_now();
    t_rank += d2 - c2;
    std::vector<std::string> snippets;
    for (size_t i = 0; i < std::min<size_t>(10, cands.size()); ++i)
      snippets.push_back(search::Snippet(parsed, cands[i].text, ps[i].best_start));
    const double search_end = cpu_now();
    t_snip += search_end - d2;
    per_search.push_back(search_end - search_start);
    if (r == 0) {  // what every stage answered, to compare builds
      for (size_t i = 0; i < cands.size(); ++i) {
        double score = ps[i].score;
        int64_t fields[] = {cands[i].document_id, cands[i].page, static_cast<int64_t>(ps[i].best_start),
                            static_cast<int64_t>(ps[i].best_end), ps[i].phrase_hits, ps[i].all_terms};
        digest_bytes(fields, sizeof fields);
        digest_bytes(&score, sizeof score);
      }
      for (const auto& sn : snippets) digest_bytes(sn.data(), sn.size());
    }
  }
  std::fprintf(stderr, "answers digest (candidates, re-rank scores, snippets of the %zu queries): %016llx\n",
               queries.size(), static_cast<unsigned long long>(digest));
  const double nq = breakdown_rounds * static_cast<double>(queries.size());
  std::fprintf(stderr, "breakdown per query (mean thread CPU ms): candidates %.2f, loose %.2f, re-rank %.2f, snippets %.2f\n",
               t_first / nq, t_loose / nq, t_rank / nq, t_snip / nq);
  std::fprintf(stderr, "per search, all stages (thread CPU ms): p50 %.2f, p99 %.2f\n", Percentile(per_search, 0.5),
               Percentile(per_search, 0.99));
  if (quick) {  // the breakdown only (while optimising)
    std::fprintf(stderr, "%d pages (%.0f MB of text) generated in %.1f s; in-memory index loaded in %.1f s, %.1f MB\n",
                 pages, total_bytes / 1048576.0, gen_s, load_s, memory_bytes / 1048576.0);
    db.reset();
    std::filesystem::remove_all(dir);
    return 0;
  }

  // --- baseline: plain FTS5 on the same pages ---------------------------------
  std::string base_path = dir + "/baseline.db";
  sqlite3* b = nullptr;
  sqlite3_open(base_path.c_str(), &b);
  sqlite3_exec(b, "PRAGMA journal_mode=WAL; CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2');", nullptr, nullptr, nullptr);
  auto t2 = Clock::now();
  {
    sqlite3_exec(b, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(b, "INSERT INTO t(rowid, body) VALUES (?, ?)", -1, &ins, nullptr);
    db->Read([&](storage::Connection& c) {
      auto s = c.Prepare("SELECT rowid, text FROM document_pages");
      while (s.Step()) {
        std::string text = s.Text(1);
        sqlite3_bind_int64(ins, 1, s.Int(0));
        sqlite3_bind_text(ins, 2, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        sqlite3_step(ins);
        sqlite3_reset(ins);
      }
    });
    sqlite3_finalize(ins);
    sqlite3_exec(b, "COMMIT; INSERT INTO t(t) VALUES('optimize'); PRAGMA wal_checkpoint(TRUNCATE);", nullptr, nullptr, nullptr);
  }
  double base_build_s = std::chrono::duration<double>(Clock::now() - t2).count();
  int64_t base_bytes = FileSize(base_path);

#ifdef PHONGHOP_HAVE_XAPIAN
  // --- second anchor: Xapian on the same folded tokens ---------------------
  std::string xap_path = dir + "/xapian";
  double xap_build_s = 0;
  int64_t xap_bytes = 0;
  {
    auto t = Clock::now();
    Xapian::WritableDatabase xdb(xap_path, Xapian::DB_CREATE_OR_OVERWRITE);
    xdb.begin_transaction(false);
    db->Read([&](storage::Connection& c) {
      auto s = c.Prepare("SELECT p.rowid, CASE WHEN p.page = 1 THEN d.title ELSE '' END, p.text FROM document_pages p "
                         "JOIN documents d ON d.current_version_id = p.version_id");
      while (s.Step()) {
        Xapian::Document xd;
        Xapian::termpos pos = 0;
        auto add = [&](const std::string& field) {
          search::ForEachFolded(field, [&](const std::string& f, size_t, size_t) { xd.add_posting(f, ++pos); });
          pos += 100;  // no phrase across title and body
        };
        add(s.Text(1));
        add(s.Text(2));
        xdb.replace_document(static_cast<Xapian::docid>(s.Int(0)), xd);
      }
    });
    xdb.commit_transaction();
    xdb.close();
    xap_build_s = std::chrono::duration<double>(Clock::now() - t).count();
    for (const auto& e : std::filesystem::directory_iterator(xap_path)) xap_bytes += FileSize(e.path().string());
  }
  Xapian::Database xreader(xap_path);
  // The same query meaning: every word (AND), "phrases", trailing prefixes.
  auto xapian_query = [&](const std::string& text) {
    auto parsed = search::ParseQuery(text);
    std::vector<Xapian::Query> parts;
    for (const auto& c : parsed->clauses) {
      std::vector<Xapian::Query> clause_words;
      for (const auto& t : c.terms)
        clause_words.push_back(t.prefix ? Xapian::Query(Xapian::Query::OP_WILDCARD, t.folded) : Xapian::Query(t.folded));
      bool wildcard = std::any_of(c.terms.begin(), c.terms.end(), [](const auto& t) { return t.prefix; });
      if (c.phrase && clause_words.size() > 1 && wildcard)  // Xapian's phrases take no wildcard: every word instead
        parts.insert(parts.end(), clause_words.begin(), clause_words.end());
      else if (c.phrase && clause_words.size() > 1)
        parts.emplace_back(Xapian::Query::OP_PHRASE, clause_words.begin(), clause_words.end(), clause_words.size());
      else
        parts.insert(parts.end(), clause_words.begin(), clause_words.end());
    }
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  };
#endif

  const int rounds = 5;
  std::vector<double> ours, base, xap;
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(b, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10", -1, &q, nullptr);
  auto fts5_syntax = [](const std::string& s) {
    std::string out, word;
    bool quoted = false;
    for (char ch : s + " ") {
      if (ch == '"') { quoted = !quoted; word += ch; continue; }
      if (ch == ' ' && !quoted) {
        if (!word.empty()) {
          bool star = word.back() == '*';
          if (star) word.pop_back();
          if (word.front() != '"') word = "\"" + word + "\"";
          out += (out.empty() ? "" : " ") + word + (star ? " *" : "");
        }
        word.clear();
        continue;
      }
      word += ch;
    }
    return out;
  };
  // Each round's texts carry a different tail of stray symbols (ignored by
  // the query parser): the same searches, but never answered from the
  // service's answer cache, so every figure is a computed answer.
  auto uncached = [](const std::string& text, int round) { return text + " " + std::string(round + 1, '~'); };
  for (int r = 0; r < rounds; ++r) {
    for (const auto& text : queries) {
      search::SearchRequest req;
      req.congress_slug = "bench";
      req.text = uncached(text, r);
      req.limit = 10;
      auto a = Clock::now();
      auto res = svc.Search(req);
      ours.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
      if (!res.ok()) std::fprintf(stderr, "query %s: %s\n", text.c_str(), res.status().ToString().c_str());
      std::string fq = fts5_syntax(text);
      auto c = Clock::now();
      sqlite3_bind_text(q, 1, fq.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(q) == SQLITE_ROW) {
      }
      sqlite3_reset(q);
      base.push_back(std::chrono::duration<double, std::milli>(Clock::now() - c).count());
#ifdef PHONGHOP_HAVE_XAPIAN
      auto x = Clock::now();
      try {
        Xapian::Enquire enquire(xreader);
        enquire.set_query(xapian_query(text));
        Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto it = mset.begin(); it != mset.end(); ++it) (void)*it;
      } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "xapian %s: %s\n", text.c_str(), e.get_description().c_str());
      }
      xap.push_back(std::chrono::duration<double, std::milli>(Clock::now() - x).count());
#endif
    }
  }
  sqlite3_finalize(q);
  sqlite3_close(b);
  // 50 searchers at once (the hall searching after the chair names a
  // document): each thread runs every query once; the service shares the
  // database's reader pool, as in the server.
  const int searchers = 50;
  std::vector<double> conc;
  std::mutex conc_mu;
  auto c0 = Clock::now();
  {
    std::vector<std::thread> ts;
    for (int t = 0; t < searchers; ++t)
      ts.emplace_back([&, t] {
        std::vector<double> mine;
        for (size_t i = 0; i < queries.size(); ++i) {
          search::SearchRequest req;
          req.congress_slug = "bench";
          req.text = uncached(queries[(i + t) % queries.size()], rounds + t);
          req.limit = 10;
          auto a = Clock::now();
          (void)svc.Search(req);
          mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
        }
        std::lock_guard lock(conc_mu);
        conc.insert(conc.end(), mine.begin(), mine.end());
      });
    for (auto& th : ts) th.join();
  }
  const double conc_s = std::chrono::duration<double>(Clock::now() - c0).count();
  db.reset();
  std::filesystem::remove_all(dir);

  std::printf("### Search speed: generated corpus, %d documents × %d pages (%d pages, %.0f MB of text)\n\n",
              docs, pages_per_doc, pages, total_bytes / 1048576.0);
  std::printf("One thread; %zu queries × %d rounds (words with and without diacritics, phrases, prefixes, "
              "abbreviations, numbers, queries with no match). phonghop's time is the whole search: parse, "
              "in-memory candidates, re-ranking for tone, adjacency and aboutness, page texts read from SQLite, snippets. "
              "\"store\" is the FTS5 table kept in the database; \"memory\" the in-memory index a process loads from the "
              "stored pages at start and then follows. Corpus generated in %.1f s.\n\n",
              queries.size(), rounds, gen_s);
  std::printf("| engine | index build s | index size MB | query p50 ms | query p99 ms |\n|---|---:|---:|---:|---:|\n");
  std::printf("| SQLite FTS5 (unicode61 remove_diacritics 2, bm25, top 10) | %.1f | %.1f | %.2f | %.2f |\n",
              base_build_s, base_bytes / 1048576.0, Percentile(base, 0.5), Percentile(base, 0.99));
#ifdef PHONGHOP_HAVE_XAPIAN
  std::printf("| Xapian %s (BM25 top 10, phonghop's folded tokens, positions) | %.1f | %.1f | %.2f | %.2f |\n",
              Xapian::version_string(), xap_build_s, xap_bytes / 1048576.0, Percentile(xap, 0.5), Percentile(xap, 0.99));
#endif
  std::printf("| phonghop (whole search: first stage, re-rank, snippets) | %.1f store + %.1f memory load | %.1f store + %.1f in memory | **%.2f** | **%.2f** |\n",
              build_s, load_s, index_bytes / 1048576.0, memory_bytes / 1048576.0, Percentile(ours, 0.5),
              Percentile(ours, 0.99));
  std::printf("| ratio phonghop ÷ FTS5 | | | %.2f× | %.2f× |\n", Percentile(ours, 0.5) / Percentile(base, 0.5),
              Percentile(ours, 0.99) / Percentile(base, 0.99));
#ifdef PHONGHOP_HAVE_XAPIAN
  std::printf("| ratio phonghop ÷ Xapian | | | %.2f× | %.2f× |\n", Percentile(ours, 0.5) / Percentile(xap, 0.5),
              Percentile(ours, 0.99) / Percentile(xap, 0.99));
#endif
  std::printf("\n");
  std::printf("%d concurrent searchers on %u cores (each runs the %zu queries once): p50 %.1f ms, p99 %.1f ms, "
              "%.0f searches/s (one thread alone: %.0f searches/s).\n\n",
              searchers, std::thread::hardware_concurrency(), queries.size(), Percentile(conc, 0.5),
              Percentile(conc, 0.99), conc.size() / conc_s, 1000.0 / (Percentile(ours, 0.5) > 0 ? Percentile(ours, 0.5) : 1));
  std::printf("Goal: p50 ≤ 10 ms, p99 ≤ 30 ms on one thread, p99 below both anchors. Reproduce: `build/release/bench/search_speed %d %d %d`\n", docs,
              pages_per_doc, words);
  return 0;
}
