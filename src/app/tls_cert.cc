#include "app/tls_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <arpa/inet.h>

#include <cstdio>
#include <filesystem>

namespace phonghop::app {

namespace {
bool IsIp(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}
}  // namespace

Result<TlsFiles> EnsureSelfSignedCert(const std::string& data_dir,
                                      const std::vector<std::string>& names) {
  namespace fs = std::filesystem;
  TlsFiles files{data_dir + "/tls/cert.pem", data_dir + "/tls/key.pem"};
  if (fs::exists(files.cert_path) && fs::exists(files.key_path)) return files;
  std::error_code ec;
  fs::create_directories(data_dir + "/tls", ec);
  if (ec) return Status::Unavailable("không tạo được thư mục tls: " + ec.message());

  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  if (!pkey) return Status::Internal("không tạo được khóa TLS");
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), static_cast<long>(time(nullptr)));
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 10L * 365 * 24 * 3600);
  X509_set_version(x, 2);
  X509_set_pubkey(x, pkey);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("phonghop"), -1, -1, 0);
  std::string cn = names.empty() ? "localhost" : names.front();
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, name);
  std::string san;
  for (const auto& n : names) {
    if (!san.empty()) san += ",";
    san += (IsIp(n) ? "IP:" : "DNS:") + n;
  }
  if (!san.empty()) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san.c_str());
    if (ext) {
      X509_add_ext(x, ext, -1);
      X509_EXTENSION_free(ext);
    }
  }
  X509_sign(x, pkey, EVP_sha256());

  bool ok = false;
  std::string key_tmp = files.key_path + ".tmp", cert_tmp = files.cert_path + ".tmp";
  mode_t old = umask(077);
  if (FILE* f = std::fopen(key_tmp.c_str(), "wb")) {
    ok = PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::fclose(f);
  }
  if (ok) {
    ok = false;
    if (FILE* f = std::fopen(cert_tmp.c_str(), "wb")) {
      ok = PEM_write_X509(f, x) == 1;
      std::fclose(f);
    }
  }
  umask(old);
  X509_free(x);
  EVP_PKEY_free(pkey);
  if (!ok) return Status::Unavailable("không ghi được chứng chỉ TLS");
  fs::rename(key_tmp, files.key_path, ec);
  if (!ec) fs::rename(cert_tmp, files.cert_path, ec);
  if (ec) return Status::Unavailable("không ghi được chứng chỉ TLS: " + ec.message());
  return files;
}

}  // namespace phonghop::app
