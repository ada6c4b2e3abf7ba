#include "extract/child_extractor.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "common/random.h"
#include "extract/extract.h"

extern char** environ;

namespace phonghop::extract {

using nlohmann::json;

std::string ExtractedToJson(const documents::Extracted& e) {
  json pages = json::array();
  for (const auto& p : e.pages) pages.push_back({{"text", p.text}, {"needs_ocr", p.needs_ocr}});
  return json({{"title", e.title}, {"pages", pages}})
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<documents::Extracted> ExtractedFromJson(const std::string& s) {
  try {
    json j = json::parse(s);
    documents::Extracted e;
    e.title = j.at("title").get<std::string>();
    int n = 0;
    for (const auto& p : j.at("pages"))
      e.pages.push_back({++n, p.at("text").get<std::string>(), p.at("needs_ocr").get<bool>()});
    return e;
  } catch (const std::exception&) {
    return Status::Internal("kết quả đọc tệp không hợp lệ");
  }
}

Result<documents::Extracted> InProcessExtractor::Extract(const std::string& path,
                                                         documents::FileKind kind) {
  return ExtractFile(path, kind);
}

Result<std::string> ChildProcessExtractor::Run(const std::vector<std::string>& args) {
  std::string base = tmp_dir_ + "/child-" + RandomHex(8);
  std::string out_path = base + ".out", err_path = base + ".err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> full = {binary_};
  full.insert(full.end(), args.begin(), args.end());
  full.insert(full.end(), {"--max-memory-mb", std::to_string(limits_.max_memory_mb),
                           "--max-cpu-s", std::to_string(limits_.max_cpu_seconds)});
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, binary_.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  auto cleanup = [&] {
    ::unlink(out_path.c_str());
    ::unlink(err_path.c_str());
  };
  if (rc != 0) {
    cleanup();
    return Status::Internal("không chạy được tiến trình đọc tệp");
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits_.wall_seconds);
  int status = 0;
  bool timed_out = false;
  for (;;) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  std::string out = slurp(out_path), err = slurp(err_path);
  cleanup();
  if (timed_out) return Status::InvalidArgument("đọc tệp quá lâu (tệp quá phức tạp hoặc bị hỏng)");
  if (WIFSIGNALED(status))
    return Status::InvalidArgument("tệp bị hỏng hoặc quá phức tạp (trình đọc tệp phải dừng)");
  if (WEXITSTATUS(status) != 0) {
    while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
    const std::string prefix = "phonghop: ";
    if (err.rfind(prefix, 0) == 0) err.erase(0, prefix.size());
    if (err.empty() || err.size() > 500) err = "tệp bị hỏng hoặc không đọc được";
    return Status::InvalidArgument(err);
  }
  return out;
}

Result<documents::Extracted> ChildProcessExtractor::Extract(const std::string& path,
                                                            documents::FileKind kind) {
  PH_ASSIGN_OR_RETURN(std::string out,
                      Run({"extract", "--kind", documents::ToString(kind), "--in", path}));
  return ExtractedFromJson(out);
}

Result<std::string> ChildProcessExtractor::Recognize(const std::string& path,
                                                     documents::FileKind kind, int page) {
  return Run({"ocr", "--in", path, "--kind", documents::ToString(kind), "--page",
              std::to_string(page), "--scratch", tmp_dir_});
}

Status ChildProcessExtractor::Render(const std::string& pdf, int page, int width,
                                     const std::string& out_png) {
  return Run({"render", "--in", pdf, "--page", std::to_string(page), "--width",
              std::to_string(width), "--out", out_png})
      .status();
}

}  // namespace phonghop::extract
