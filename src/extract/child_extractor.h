// documents::TextExtractor that runs `phonghop extract` in a child process
// with an address-space limit, a CPU limit and a wall-clock deadline, so a
// malicious or broken file fails that document alone.
#pragma once

#include <string>

#include "documents/ports.h"

namespace phonghop::extract {

struct ChildLimits {
  int max_memory_mb = 1536;
  int max_cpu_seconds = 60;
  int wall_seconds = 120;
};

class ChildProcessExtractor final : public documents::TextExtractor, public documents::OcrEngine {
 public:
  // `binary` is the phonghop executable (normally /proc/self/exe);
  // `tmp_dir` holds the child's output while it runs.
  ChildProcessExtractor(std::string binary, std::string tmp_dir, ChildLimits limits = {})
      : binary_(std::move(binary)), tmp_dir_(std::move(tmp_dir)), limits_(limits) {}
  Result<documents::Extracted> Extract(const std::string& path, documents::FileKind kind) override;
  Result<std::string> Recognize(const std::string& path, documents::FileKind kind, int page) override;
  // Renders a PDF page to PNG in the same sandbox.
  Status Render(const std::string& pdf, int page, int width, const std::string& out_png);

 private:
  // Runs the binary with args; returns its stdout, or the error it reported.
  Result<std::string> Run(const std::vector<std::string>& args);
  std::string binary_;
  std::string tmp_dir_;
  ChildLimits limits_;
};

// Runs in-process (tests and the CLI's own child): same parsing, no sandbox.
class InProcessExtractor final : public documents::TextExtractor {
 public:
  Result<documents::Extracted> Extract(const std::string& path, documents::FileKind kind) override;
};

// The child's wire format.
std::string ExtractedToJson(const documents::Extracted& e);
Result<documents::Extracted> ExtractedFromJson(const std::string& json);

}  // namespace phonghop::extract
