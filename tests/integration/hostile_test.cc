// What a hostile probe found (issue #18), each as a check against the real
// binary that failed before its fix: uploads over the JSON limit, whole
// backups, restore under a running server, connection and body floods,
// header injection through file names, lockouts, secrets in logs, the chair
// presenting other congresses' documents, temp files left by crashes.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "http_client.h"
#include "server_fixture.h"
#include "test_files.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kBoundary = "----phonghopHostileBoundary";

std::string Multipart(const std::string& file_name, const std::string& content) {
  return MultipartBody(kBoundary, file_name, content);
}

// A valid PDF of one text page carrying `pad` bytes of incompressible data
// in an unreferenced stream object: a big scanned file, as far as size goes.
std::string PaddedPdf(const std::string& text, size_t pad) {
  std::vector<std::string> objs = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      ""};
  std::string content = "BT /F1 18 Tf 72 760 Td (" + text + ") Tj ET";
  objs[3] = "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream";
  std::string junk(pad, '\0');
  uint32_t x = 2463534242u;
  for (auto& c : junk) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    c = static_cast<char>(x);
  }
  objs[5] = "<< /Length " + std::to_string(pad) + " >>\nstream\n" + junk + "\nendstream";
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

// One request over a socket bound to `source` (another loopback address),
// as a second device on the venue network would send it.
HttpResult RequestFrom(const std::string& source, uint16_t port, const std::string& method,
                       const std::string& target, const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {}) {
  HttpResult res;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in src{};
  src.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &src.sin_addr);
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
    ::close(fd);
    return res;
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST")
    req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  SendRaw(fd, req);
  std::string raw = ReadRaw(fd, 10000);
  ::close(fd);
  if (raw.rfind("HTTP/1.1 ", 0) == 0) res.status = std::stoi(raw.substr(9, 3));
  size_t split = raw.find("\r\n\r\n");
  if (split != std::string::npos) res.body = raw.substr(split + 4);
  return res;
}

std::string Login(const std::string& name, const std::string& pw) {
  return json({{"name", name}, {"password", pw}}).dump();
}

size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir, ec)) (void)e, ++n;
  return n;
}

// 1. A 9 MB scan sent with Content-Length (what every browser does) was
// refused by the 8 MB JSON limit before the upload route was known.
TEST(HostileTest, UploadOverTheJsonLimitWithContentLengthIsAccepted) {
  ServerProcess s({"--demo", "--quiet"});
  const std::string pdf = PaddedPdf("Bao cao chinh tri ban scan 9 MB", 9u << 20);
  ASSERT_GT(pdf.size(), 9u << 20);
  auto r = Http(s.port(), "POST", "/api/v1/congresses/demo/documents", Multipart("bao-cao-scan.pdf", pdf),
                {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string code = json::parse(r.body)["code"];
  auto file = HttpAnonymous(s.port(), "GET", "/api/v1/documents/" + code + "/file");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body.size(), pdf.size());
}

// 2. A backup is whole: restored into a fresh directory, every document
// opens; a backup with one changed byte is refused and changes nothing.
TEST(HostileTest, BackupCarriesDocumentsAndRestoreChecksEveryFile) {
  PH_SQLITE_ONLY("phonghop backup/restore copy SQLite files and refuse on PostgreSQL (pg_dump/pgBackRest there, decision 509)");
  std::string tmp = MakeTempDir();
  std::string code;
  std::string bytes;
  {
    ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
    bytes = PaddedPdf("Nghi quyet dai hoi", 4096);
    auto r = Http(s.port(), "POST", "/api/v1/congresses/demo/documents", Multipart("nghi-quyet.pdf", bytes),
                  {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
    ASSERT_EQ(r.status, 201) << r.body;
    code = json::parse(r.body)["code"];
    // Taken while the server runs.
    auto b = RunCli({"backup", "--data", tmp + "/data", "--out", tmp + "/backup"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
  }
  EXPECT_EQ(fs::status(tmp + "/backup/phonghop.db").permissions() & fs::perms::others_read, fs::perms::none);
  auto r = RunCli({"restore", "--data", tmp + "/restored", "--in", tmp + "/backup"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  {
    ServerProcess again({"--quiet"}, tmp + "/restored");
    auto file = Http(again.port(), "GET", "/api/v1/documents/" + code + "/file");
    ASSERT_EQ(file.status, 200);
    EXPECT_EQ(file.body, bytes);
    // The demo's own documents too.
    auto docs = json::parse(HttpAnonymous(again.port(), "GET", "/api/v1/congresses/demo/documents").body);
    for (const auto& d : docs["documents"])
      EXPECT_EQ(HttpAnonymous(again.port(), "GET", "/api/v1/documents/" + d["code"].get<std::string>() + "/file").status,
                200)
          << d["code"];
  }
  // A damaged document file in the data directory is repaired by restoring
  // again, and the database replaced is kept aside, not deleted.
  {
    const std::string blob = tmp + "/restored/blobs/" + [&] {
      for (auto& e : fs::recursive_directory_iterator(tmp + "/restored/blobs"))
        if (e.is_regular_file() && e.path().parent_path().filename() != "tmp")
          return fs::relative(e.path(), tmp + "/restored/blobs").string();
      return std::string();
    }();
    const std::string good = ReadFile(blob);
    {
      std::fstream f(blob, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(10);
      f.put('#');
    }
    ASSERT_NE(ReadFile(blob), good);
    auto again = RunCli({"restore", "--data", tmp + "/restored", "--in", tmp + "/backup"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(ReadFile(blob), good);
    bool kept = false;
    for (auto& e : fs::directory_iterator(tmp + "/restored"))
      if (e.path().filename().string().rfind("before-restore-", 0) == 0 && fs::exists(e.path() / "phonghop.db")) kept = true;
    EXPECT_TRUE(kept) << "the replaced database was deleted";
  }
  // Tamper with one document file: refused, nothing changed in the target.
  for (auto& e : fs::recursive_directory_iterator(tmp + "/backup/blobs")) {
    if (!e.is_regular_file()) continue;
    std::fstream f(e.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('!');
    break;
  }
  auto before = ReadFile(tmp + "/restored/phonghop.db");
  auto bad = RunCli({"restore", "--data", tmp + "/restored", "--in", tmp + "/backup"});
  EXPECT_EQ(bad.exit_code, 3) << bad.out;
  EXPECT_NE(bad.err.find("đã bị thay đổi"), std::string::npos) << bad.err;
  EXPECT_EQ(ReadFile(tmp + "/restored/phonghop.db"), before);
  // A database-only file (the old format) would lose every document: refused.
  EXPECT_EQ(RunCli({"restore", "--data", tmp + "/other", "--in", tmp + "/backup/phonghop.db"}).exit_code, 3);
  fs::remove_all(tmp);
}

// 3. restore under a running server: refused, and acknowledged writes stay.
TEST(HostileTest, RestoreIsRefusedWhileTheServerRuns) {
  PH_SQLITE_ONLY("phonghop restore replaces the SQLite file; on PostgreSQL it refuses (decision 509)");
  std::string tmp = MakeTempDir();
  ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
  ASSERT_EQ(RunCli({"backup", "--data", tmp + "/data", "--out", tmp + "/backup"}).exit_code, 0);
  auto r = RunCli({"restore", "--data", tmp + "/data", "--in", tmp + "/backup"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("đang chạy"), std::string::npos) << r.err;
  auto a = Http(s.port(), "POST", "/api/v1/congresses/demo/announcements",
                json({{"text", "Sau khôi phục vẫn còn"}, {"important", false}}).dump());
  ASSERT_EQ(a.status, 201) << a.body;
  s.Stop(SIGTERM, 10000);
  ServerProcess again({"--quiet"}, tmp + "/data");
  auto list = HttpAnonymous(again.port(), "GET", "/api/v1/congresses/demo/announcements");
  EXPECT_NE(list.body.find("Sau khôi phục vẫn còn"), std::string::npos);
  fs::remove_all(tmp);
}

// 5. One address cannot take every connection: past its cap it is refused
// while another address is still served.
TEST(HostileTest, OneAddressCannotHoldEveryConnection) {
  ServerProcess s({"--demo", "--quiet", "--max-connections-per-address", "20"});
  // Event streams from 127.0.0.1 until one is refused: the cap (20, less any
  // connection the test client itself still keeps open) is reached, never
  // exceeded.
  std::vector<int> held;
  bool refused = false;
  for (int i = 0; i < 25 && !refused; ++i) {
    int fd = ConnectRaw(s.port());
    ASSERT_GE(fd, 0);
    SendRaw(fd, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: a\r\n\r\n");
    std::string head = ReadUntil(fd, "\r\n\r\n", 10000);
    if (head.find(" 503 ") != std::string::npos) refused = true;
    else ASSERT_NE(head.find(" 200 "), std::string::npos) << head;
    held.push_back(fd);
  }
  EXPECT_TRUE(refused) << "25 streams from one address were all admitted";
  EXPECT_GE(held.size(), 16u);
  EXPECT_LE(held.size(), 21u);
  // Another device is still served.
  EXPECT_EQ(RequestFrom("127.0.0.2", s.port(), "GET", "/healthz").status, 200);
  for (int fd : held) ::close(fd);
}

// 6. Bodies are not read before the rate limit and authentication: an
// anonymous 150 MB upload is refused from its header, nothing reaches the
// disk; an anonymous login body is small.
TEST(HostileTest, AnonymousBodiesAreRefusedBeforeTheyAreRead) {
  ServerProcess s({"--demo", "--quiet"});
  int fd = ConnectRaw(s.port());
  SendRaw(fd, "POST /api/v1/congresses/demo/documents HTTP/1.1\r\nHost: a\r\n"
              "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 157286400\r\n\r\n");
  SendRaw(fd, std::string(1 << 20, 'x'));
  std::string reply = ReadUntil(fd, "\r\n\r\n", 5000);
  EXPECT_NE(reply.find(" 401 "), std::string::npos) << reply;
  ::close(fd);
  EXPECT_EQ(FilesIn(s.data_dir() + "/blobs/tmp"), 0u);
  // A login body of 1 MB from someone not signed in: refused unread.
  auto big = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", std::string(1 << 20, ' '));
  EXPECT_EQ(big.status, 413);
  // The ordinary login still works.
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", Login(kTestUser, kTestPassword)).status, 200);
}

// 7. A file name carrying CR/LF never becomes a header of the download.
TEST(HostileTest, FileNamesCannotInjectHeaders) {
  std::string tmp = MakeTempDir();
  fs::create_directories(tmp + "/in");
  // (No '/' in it: a file name on disk cannot hold one.)
  const std::string evil = "bao-cao\r\nRefresh: 0;url=lua-dao.example\r\nX-Evil: 1\r\n.pdf";
  WriteFile(tmp + "/in/" + evil, PaddedPdf("Bao cao", 1024));
  ASSERT_EQ(RunCli({"congress", "create", "--data", tmp + "/data", "--slug", "dh", "--name", "Đại hội"}).exit_code, 0);
  auto imp = RunCli({"import", "--data", tmp + "/data", "--congress", "dh", tmp + "/in", "--json"});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  ServerProcess s({"--quiet"}, tmp + "/data");
  auto docs = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/dh/documents").body)["documents"];
  ASSERT_EQ(docs.size(), 1u) << imp.out;
  const std::string code = docs[0]["code"];
  auto file = HttpAnonymous(s.port(), "GET", "/api/v1/documents/" + code + "/file");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.Header("refresh"), "");
  EXPECT_EQ(file.Header("x-evil"), "");
  EXPECT_EQ(file.Header("content-disposition").find_first_of("\r\n"), std::string::npos);
  fs::remove_all(tmp);
}

// 9. A delegate's "sign out everywhere" ends every phone's session.
// 10. Wrong passwords from one address never lock the account elsewhere,
// and an admin can lift a lockout.
TEST(HostileTest, LockoutsArePerAddressAndAdminsCanLiftThem) {
  ServerProcess s({"--quiet"});
  for (int i = 0; i < 6; ++i)
    RequestFrom("127.0.0.2", s.port(), "POST", "/api/v1/auth/login", Login(kTestUser, "sai-mat-khau"));
  EXPECT_EQ(RequestFrom("127.0.0.2", s.port(), "POST", "/api/v1/auth/login", Login(kTestUser, kTestPassword)).status,
            429);
  // The operator at another device signs in.
  EXPECT_EQ(RequestFrom("127.0.0.3", s.port(), "POST", "/api/v1/auth/login", Login(kTestUser, kTestPassword)).status,
            200);
  // The admin lifts the lockout; the attacker's address may try again.
  auto unlock = Http(s.port(), "POST", std::string("/api/v1/users/") + kTestUser + "/unlock");
  EXPECT_EQ(unlock.status, 200) << unlock.body;
  EXPECT_EQ(RequestFrom("127.0.0.2", s.port(), "POST", "/api/v1/auth/login", Login(kTestUser, kTestPassword)).status,
            200);
}

// 11. Password hashing runs off the network threads: a health check sent
// right after a burst of 40 logins is answered before the burst is through
// (with hashing on the network threads it waited behind its thread's queue
// of logins, and nearly all of them were done by then).
TEST(HostileTest, LoginStormDoesNotHoldTheNetworkThreads) {
  ServerProcess s({"--quiet", "--rate-per-ip", "0"});
  constexpr int kLogins = 40;
  std::atomic<int> logins_done{0};
  std::vector<std::thread> storm;
  for (int i = 0; i < kLogins; ++i)
    storm.emplace_back([&, i] {
      RequestFrom("127.0.0." + std::to_string(10 + i), s.port(), "POST", "/api/v1/auth/login",
                  Login("khong-co-" + std::to_string(i), "sai-mat-khau"));
      logins_done.fetch_add(1);
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/healthz").status, 200);
  const int done_when_health_answered = logins_done.load();
  for (auto& t : storm) t.join();
  EXPECT_LT(done_when_health_answered, kLogins / 2) << "the health check waited behind the password hashes";
}

// 13. Secrets stay out of the log: badge links and the demo password.
TEST(HostileTest, LogsCarryNoBadgeTokensOrPasswords) {
  ServerProcess s({"--demo"});
  const std::string token = "BadgeTokenThatMustNotBeLogged1234567890abc";
  HttpAnonymous(s.port(), "GET", "/t/" + token);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string log = s.Log();
  EXPECT_EQ(log.find(token), std::string::npos);
  EXPECT_NE(log.find("/t/[redacted]"), std::string::npos) << log.substr(0, 2000);
  const std::string pw = ReadFile(s.data_dir() + "/demo-admin-password");
  ASSERT_FALSE(pw.empty());
  EXPECT_EQ(log.find(pw), std::string::npos);
}

// 14. The chair presents only documents of the congress, and a restricted
// document's title does not reach the anonymous presentation endpoint.
TEST(HostileTest, ChairPresentsOnlyThisCongressAndHidesRestrictedTitles) {
  ServerProcess s({"--demo", "--quiet"});
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/congresses", R"({"slug":"khac","name":"Đại hội khác"})").status, 201);
  auto up = Http(s.port(), "POST", "/api/v1/congresses/khac/documents",
                 Multipart("du-thao-mat.pdf", PaddedPdf("Du thao", 512)),
                 {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string other = json::parse(up.body)["code"];
  auto cross = Http(s.port(), "POST", "/api/v1/congresses/demo/presentation", json({{"code", other}}).dump());
  EXPECT_EQ(cross.status, 404) << cross.body;
  // A delegates-only draft of this congress.
  auto draft = Http(s.port(), "POST", "/api/v1/congresses/demo/documents",
                    Multipart("du-thao-nghi-quyet.pdf", PaddedPdf("Du thao nghi quyet", 600)),
                    {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  ASSERT_EQ(draft.status, 201);
  const std::string code = json::parse(draft.body)["code"];
  ASSERT_EQ(Http(s.port(), "PATCH", "/api/v1/documents/" + code,
                 json({{"title", "Dự thảo mật số 7"}, {"visibility", "delegates"}}).dump())
                .status,
            200);
  auto shown = Http(s.port(), "POST", "/api/v1/congresses/demo/presentation", json({{"code", code}}).dump());
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_FALSE(json::parse(shown.body)["warning"].get<std::string>().empty());
  auto anon = HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/presentation");
  EXPECT_EQ(anon.body.find("mật số 7"), std::string::npos) << anon.body;
  EXPECT_EQ(json::parse(anon.body)["audience"], "delegates");
  EXPECT_NE(Http(s.port(), "GET", "/api/v1/congresses/demo/presentation").body.find("mật số 7"), std::string::npos);
}

// Risk: upload temp files of a killed server are removed at the next start.
TEST(HostileTest, TempFilesOfACrashAreRemovedAtStart) {
  std::string tmp = MakeTempDir();
  { ServerProcess first({"--quiet"}, tmp + "/data"); }
  WriteFile(tmp + "/data/blobs/tmp/body-left-by-kill-9", std::string(4096, 'x'));
  ServerProcess s({"--quiet"}, tmp + "/data");
  EXPECT_FALSE(fs::exists(tmp + "/data/blobs/tmp/body-left-by-kill-9"));
  fs::remove_all(tmp);
}

// Risk: the audit log records refused attempts, not only successes.
TEST(HostileTest, RefusedAttemptsReachTheAuditLog) {
  ServerProcess s({"--quiet"});
  HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", Login(kTestUser, "sai-mat-khau"));
  HttpAnonymous(s.port(), "POST", "/api/v1/congresses", R"({"slug":"x-y","name":"X"})");
  auto log = Http(s.port(), "GET", "/api/v1/audit?format=csv");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_NE(log.body.find("/api/v1/auth/login"), std::string::npos);
  EXPECT_NE(log.body.find("401"), std::string::npos);
}

}  // namespace
}  // namespace phonghop::testing
