// Finds a directory the binary needs at run time (the built web app, the
// face models): an explicit setting, an environment variable, places
// relative to the binary, then the working directory.
#pragma once

#include <string>
#include <vector>

namespace phonghop::app {

struct ResourceSearch {
  std::string configured;               // a command-line option; used as is when set
  const char* env = nullptr;            // e.g. "PHONGHOP_MODELS"
  std::vector<std::string> near_binary;  // relative to the binary's directory
  std::string in_cwd;                   // relative to the working directory
  std::string marker;                   // a file that must exist inside
};

// The first candidate holding `marker` (canonical path), else the
// working-directory candidate (so error messages name a sensible place).
std::string FindResourceDir(const ResourceSearch& s);

}  // namespace phonghop::app
