// phonghop-worker: the sandboxed parsers of untrusted files (extract, ocr,
// render), started by the server as child processes. See worker_commands.cc.
#include <cstdio>
#include <string>

#include "app/commands.h"

int main(int argc, char** argv) {
  using namespace phonghop::app;
  if (argc < 2) {
    std::fputs("Usage: phonghop-worker extract|ocr|render [options]  (run by the phonghop server)\n", stderr);
    return kExitUsage;
  }
  const std::string cmd = argv[1];
  Args args(argv + 2, argv + argc);
  if (cmd == "extract") return ExtractCommand(args);
  if (cmd == "ocr") return OcrCommand(args);
  if (cmd == "render") return RenderCommand(args);
  std::fprintf(stderr, "phonghop-worker: unknown command '%s'\n", cmd.c_str());
  return kExitUsage;
}
