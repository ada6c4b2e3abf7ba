#include "app/resource_dir.h"

#include <cstdlib>
#include <filesystem>

namespace phonghop::app {

std::string FindResourceDir(const ResourceSearch& s) {
  namespace fs = std::filesystem;
  if (!s.configured.empty()) return s.configured;
  if (s.env)
    if (const char* v = std::getenv(s.env); v && *v) return v;
  std::error_code ec;
  std::vector<fs::path> candidates;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (const auto& rel : s.near_binary) candidates.push_back(exe.parent_path() / rel);
  const fs::path cwd = fs::current_path(ec) / s.in_cwd;
  candidates.push_back(cwd);
  for (const auto& c : candidates)
    if (fs::exists(c / s.marker, ec)) return fs::weakly_canonical(c, ec).string();
  return cwd.string();
}

}  // namespace phonghop::app
