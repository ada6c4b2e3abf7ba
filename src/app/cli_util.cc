#include "app/cli_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace phonghop::app {

std::optional<po::variables_map> ParseArgs(const Args& args, const std::string& usage,
                                           po::options_description& desc,
                                           po::positional_options_description* pos,
                                           int* exit_code) {
  desc.add_options()("help,h", "show this help");
  po::variables_map vm;
  try {
    auto parser = po::command_line_parser(args).options(desc);
    if (pos) parser.positional(*pos);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << desc << "\n";
      *exit_code = kExitOk;
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "phonghop: " << e.what() << "\n\n" << usage << "\n\n" << desc << "\n";
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  return vm;
}

int Fail(const Status& st) {
  std::cerr << "phonghop: " << st.message() << "\n";
  switch (st.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kConflict:
    case StatusCode::kNotFound:
      return kExitRejected;
    default:
      return kExitFailure;
  }
}

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::NotFound("không đọc được tệp " + path + ": " + ec.message());
  if (size > max_bytes)
    return Status::InvalidArgument("tệp " + path + " quá lớn (tối đa " +
                                   std::to_string(max_bytes >> 20) + " MB)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("không mở được tệp " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFileAtomic(const std::string& path, const std::string& data) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Unavailable("không ghi được " + path);
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::Unavailable("không ghi được " + path);
    }
    off += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::Unavailable("không ghi được " + path);
  }
  return Status::Ok();
}

}  // namespace phonghop::app
