// multipart/form-data bodies, split into chunks like reads from disk.
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "io/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/phonghop-fuzz-XXXXXX";
    return std::string(mkdtemp(tmpl));
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto form = phonghop::io::ParseMultipart(body, "BOUNDARY", dir);
  if (form.ok())
    for (const auto& f : form->files) unlink(f.path.c_str());
  (void)phonghop::io::BoundaryOf(body.substr(0, 200));
  return 0;
}
