// The command-line tools as the secretariat runs them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "http_client.h"
#include "io/xlsx.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = MakeTempDir();
    data_ = tmp_ + "/data";
    auto r = RunCli({"congress", "create", "--data", data_, "--slug", "dh", "--name",
                     "Đại hội Đoàn xã Phúc An", "--term", "2027 - 2032"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override { std::filesystem::remove_all(tmp_); }
  std::string tmp_, data_;
};

TEST_F(CliTest, EveryCommandHasHelp) {
  for (auto cmd : std::vector<std::vector<std::string>>{
           {"--help"}, {"serve", "--help"}, {"delegates", "--help"},
           {"delegates", "import", "--help"}, {"delegates", "export", "--help"},
           {"backup", "--help"}, {"restore", "--help"}, {"congress", "--help"}}) {
    auto r = RunCli(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd[0];
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd[0] << r.out;
  }
  auto bad = RunCli({"frobnicate"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown command"), std::string::npos);
  EXPECT_EQ(RunCli({"serve"}).exit_code, 2);  // --data is required
}

TEST_F(CliTest, ImportsThousandRowXlsx) {
  std::vector<std::vector<std::string>> rows = {{"Số thẻ", "Họ và tên", "Đoàn", "Giới tính", "Năm sinh", "Dân tộc"}};
  for (int i = 1; i <= 1000; ++i)
    rows.push_back({std::to_string(i), "Đại biểu " + std::to_string(i),
                    "Chi đoàn " + std::to_string(i % 12), i % 2 ? "Nam" : "Nữ", "1995", "Tày"});
  auto bytes = io::WriteXlsx(rows);
  ASSERT_TRUE(bytes.ok());
  WriteFile(tmp_ + "/ds.xlsx", *bytes);
  auto r = RunCli({"delegates", "import", "--data", data_, "--congress", "dh",
                   "--create-delegations", tmp_ + "/ds.xlsx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1000 đại biểu mới"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("12 đoàn mới"), std::string::npos) << r.out;
  auto out = RunCli({"delegates", "export", "--data", data_, "--congress", "dh", "--out", tmp_ + "/out.csv"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  std::ifstream in(tmp_ + "/out.csv");
  size_t lines = 0;
  for (std::string l; std::getline(in, l);) ++lines;
  EXPECT_EQ(lines, 1001u);
}

TEST_F(CliTest, FileWithOneBadRowChangesNothingAndNamesTheRow) {
  WriteFile(tmp_ + "/ok.csv", "Số thẻ,Họ và tên\n1,Nguyễn Văn A\n");
  ASSERT_EQ(RunCli({"delegates", "import", "--data", data_, "--congress", "dh", tmp_ + "/ok.csv"}).exit_code, 0);
  std::string bad = "Số thẻ,Họ và tên\n";
  for (int i = 2; i <= 30; ++i) bad += std::to_string(i) + ",Người " + std::to_string(i) + "\n";
  bad += "31,\n";  // row 31 of the file: no name
  WriteFile(tmp_ + "/bad.csv", bad);
  auto r = RunCli({"delegates", "import", "--data", data_, "--congress", "dh", tmp_ + "/bad.csv"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("dòng 31: thiếu họ tên"), std::string::npos) << r.err;
  auto out = RunCli({"delegates", "export", "--data", data_, "--congress", "dh", "--out", tmp_ + "/after.csv"});
  std::ifstream in(tmp_ + "/after.csv");
  size_t lines = 0;
  for (std::string l; std::getline(in, l);) ++lines;
  EXPECT_EQ(lines, 2u);  // header + the one delegate from before
}

TEST_F(CliTest, RejectsFilesThatAreNotSpreadsheets) {
  WriteFile(tmp_ + "/x.xlsx", "this is not a zip");
  auto r = RunCli({"delegates", "import", "--data", data_, "--congress", "dh", tmp_ + "/x.xlsx"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.err.empty());
  auto missing = RunCli({"delegates", "import", "--data", data_, "--congress", "dh", tmp_ + "/nope.csv"});
  EXPECT_NE(missing.exit_code, 0);
  auto nocongress = RunCli({"delegates", "import", "--data", data_, "--congress", "zz", tmp_ + "/x.xlsx"});
  EXPECT_NE(nocongress.exit_code, 0);
}

TEST_F(CliTest, BackupWhileServingThenRestoreRoundTrip) {
  PH_SQLITE_ONLY("phonghop backup/restore copy SQLite files (decision 509)");
  {
    ServerProcess server({"--demo", "--quiet"}, data_);
    ASSERT_EQ(Http(server.port(), "POST", "/api/v1/congresses/dh/delegations",
                   R"({"name":"Chi đoàn thôn 3"})").status, 201);
    auto b = RunCli({"backup", "--data", data_, "--out", tmp_ + "/backup.db"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
  }
  std::string restored = tmp_ + "/restored";
  auto r = RunCli({"restore", "--data", restored, "--in", tmp_ + "/backup.db"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = RunCli({"congress", "list", "--data", restored});
  EXPECT_NE(list.out.find("demo"), std::string::npos);
  EXPECT_NE(list.out.find("dh"), std::string::npos);
  ServerProcess again({"--quiet"}, restored);
  auto got = Http(again.port(), "GET", "/api/v1/congresses/dh/delegations");
  EXPECT_NE(got.body.find("Chi đoàn thôn 3"), std::string::npos);

  WriteFile(tmp_ + "/junk.db", "not sqlite");
  EXPECT_EQ(RunCli({"restore", "--data", restored, "--in", tmp_ + "/junk.db"}).exit_code, 3);
}

TEST_F(CliTest, DemoIsLoadedOnceAndLeftAlone) {
  {
    ServerProcess s({"--demo", "--quiet"}, data_);
    ASSERT_EQ(Http(s.port(), "PATCH", "/api/v1/congresses/demo", R"({"venue":"Đã đổi"})").status, 200);
  }
  ServerProcess s({"--demo", "--quiet"}, data_);
  auto r = Http(s.port(), "GET", "/api/v1/congresses/demo");
  EXPECT_NE(r.body.find("Đã đổi"), std::string::npos);
}

}  // namespace
}  // namespace phonghop::testing
