// A fresh SQLite database in a temporary directory, removed afterwards.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/sqlite/sqlite_db.h"

namespace phonghop::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "phonghop-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::unique_ptr<storage::SqliteDatabase> OpenTestDb(const TempDir& dir) {
  auto db = storage::SqliteDatabase::Open(dir.path() + "/phonghop.db");
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return std::move(db).value();
}

}  // namespace phonghop::testing
