#include "http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

namespace phonghop::http {

namespace {

bool IsTrusted(const std::string& ip, const std::vector<std::string>& trusted) {
  return std::find(trusted.begin(), trusted.end(), ip) != trusted.end();
}

// A textual IPv4 or IPv6 address, nothing else (no port, no name).
bool ValidIp(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted) {
  if (trusted.empty() || forwarded_for.empty() || !IsTrusted(peer, trusted)) return peer;
  // Walk from the right: the nearest hops are proxies we trust; the first
  // entry that is not one of them is the client as the last trusted proxy
  // saw it. Entries further left were written by the client.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    size_t comma = rest.rfind(',');
    std::string_view item = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    std::string ip(item);
    if (!ValidIp(ip)) return peer;  // garbage in a trusted chain: do not guess
    if (!IsTrusted(ip, trusted)) return ip;
  }
  return peer;
}

}  // namespace phonghop::http
