// Shared plumbing for the subcommands: option parsing with --help, and
// uniform error reporting.
#pragma once

#include <boost/program_options.hpp>
#include <cstdio>
#include <optional>
#include <string>

#include "app/commands.h"
#include "common/status.h"

namespace phonghop::app {

namespace po = boost::program_options;

// Parses `args` against `desc` (plus --help). On --help prints usage to
// stdout and returns kExitOk in `exit_code`; on a usage error prints it to
// stderr and returns kExitUsage. Otherwise returns the variables.
std::optional<po::variables_map> ParseArgs(const Args& args, const std::string& usage,
                                           po::options_description& desc,
                                           po::positional_options_description* pos,
                                           int* exit_code);

// Prints "phonghop: <message>" to stderr; returns the exit code for it.
int Fail(const Status& st);

// Reads a whole file (up to max_bytes). kInvalidArgument if larger.
Result<std::string> ReadFile(const std::string& path, size_t max_bytes);
// Writes atomically (temp file, fsync, rename).
Status WriteFileAtomic(const std::string& path, const std::string& data);

}  // namespace phonghop::app
