// The sandboxed workers: `extract`, `ocr` and `render` run on untrusted
// files in a child process with memory, CPU and core-dump limits. They live
// in their own small executable, phonghop-worker, which does not link the
// face engine (OpenCV pulls in ~180 shared libraries; every child would pay
// for loading them), and stay reachable as `phonghop extract|ocr|render`.
#include <sys/resource.h>

#include <algorithm>
#include <iostream>

#include "app/cli_util.h"
#include "extract/child_extractor.h"
#include "extract/extract.h"

namespace phonghop::app {

namespace {

void ApplyLimits(int mem_mb, int cpu_s) {
  rlimit as{static_cast<rlim_t>(mem_mb) << 20, static_cast<rlim_t>(mem_mb) << 20};
  setrlimit(RLIMIT_AS, &as);
  rlimit cpu{static_cast<rlim_t>(cpu_s), static_cast<rlim_t>(cpu_s) + 1};
  setrlimit(RLIMIT_CPU, &cpu);
  rlimit core{0, 0};
  setrlimit(RLIMIT_CORE, &core);
}

}  // namespace

int ExtractCommand(const Args& args) {
  po::options_description desc("extract options (internal: run by the server in a sandbox)");
  std::string in, kind_s;
  int mem = 1536, cpu = 60;
  desc.add_options()
      ("in", po::value(&in)->required(), "file")
      ("kind", po::value(&kind_s)->required(), "pdf | docx | odt | doc | markdown | text | jpeg | png")
      ("max-memory-mb", po::value(&mem)->default_value(1536), "address-space limit")
      ("max-cpu-s", po::value(&cpu)->default_value(60), "CPU-time limit");
  int code = 0;
  auto vm = ParseArgs(args, "Usage: phonghop extract --in FILE --kind KIND", desc, nullptr, &code);
  if (!vm) return code;
  ApplyLimits(mem, cpu);
  auto kind = documents::ParseFileKind(kind_s);
  if (!kind) {
    std::cerr << "phonghop: unknown kind\n";
    return kExitUsage;
  }
  auto r = extract::ExtractFile(in, *kind);
  if (!r.ok()) return Fail(r.status());
  std::cout << extract::ExtractedToJson(*r);
  return kExitOk;
}

int OcrCommand(const Args& args) {
  po::options_description desc("ocr options (internal: text of scanned pages)");
  std::string in, kind_s, scratch = "/tmp";
  int page = 1, mem = 1536, cpu = 120;
  desc.add_options()
      ("in", po::value(&in)->required(), "PDF or image")
      ("kind", po::value(&kind_s)->required(), "pdf | jpeg | png")
      ("page", po::value(&page)->default_value(1), "page of a PDF, from 1")
      ("scratch", po::value(&scratch), "directory for the rendered page")
      ("max-memory-mb", po::value(&mem)->default_value(1536), "address-space limit")
      ("max-cpu-s", po::value(&cpu)->default_value(120), "CPU-time limit");
  int code = 0;
  auto vm = ParseArgs(args, "Usage: phonghop ocr --in FILE --kind KIND [--page N]", desc, nullptr, &code);
  if (!vm) return code;
  ApplyLimits(mem, cpu);
  auto kind = documents::ParseFileKind(kind_s);
  if (!kind) return kExitUsage;
  auto text = extract::OcrFile(in, *kind, page, scratch);
  if (!text.ok()) return Fail(text.status());
  std::cout << *text;
  return kExitOk;
}

int RenderCommand(const Args& args) {
  po::options_description desc("render options (internal: page thumbnails)");
  std::string in, out;
  int page = 1, width = 200, mem = 1536, cpu = 60;
  desc.add_options()
      ("in", po::value(&in)->required(), "PDF")
      ("page", po::value(&page)->default_value(1), "page, from 1")
      ("width", po::value(&width)->default_value(200), "width in pixels")
      ("out", po::value(&out)->required(), "PNG to write")
      ("max-memory-mb", po::value(&mem)->default_value(1536), "address-space limit")
      ("max-cpu-s", po::value(&cpu)->default_value(60), "CPU-time limit");
  int code = 0;
  auto vm = ParseArgs(args, "Usage: phonghop render --in PDF --page N --width W --out PNG", desc, nullptr, &code);
  if (!vm) return code;
  ApplyLimits(mem, cpu);
  Status st = extract::RenderPdfPage(in, page, std::clamp(width, 16, 4000), out);
  if (!st.ok()) return Fail(st);
  return kExitOk;
}

}  // namespace phonghop::app
