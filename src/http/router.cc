#include "http/router.h"

#include "http/error_mapping.h"

namespace phonghop::http {

std::vector<std::string_view> Router::Split(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

void Router::Add(Verb method, std::string pattern, Access access, Handler handler) {
  Route r{method, pattern, {}, access, std::move(handler)};
  for (auto s : Split(pattern)) r.segments.emplace_back(s);
  const size_t n = r.segments.size();
  if (by_length_.size() <= n) by_length_.resize(n + 1);
  by_length_[n].push_back(routes_.size());
  routes_.push_back(std::move(r));
}

bool Router::Match(const Route& r, const std::vector<std::string_view>& parts,
                   std::map<std::string, std::string>* params) {
  if (r.segments.size() != parts.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = r.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (params) (*params)[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

bool Router::Matches(std::string_view path) const {
  auto parts = Split(path);
  if (parts.size() >= by_length_.size()) return false;
  for (size_t i : by_length_[parts.size()])
    if (Match(routes_[i], parts, nullptr)) return true;
  return false;
}

const Router::Route* Router::Find(Request& req, Response* error) const {
  auto parts = Split(req.path);
  bool path_matched = false;
  static const std::vector<size_t> kNone;
  const auto& candidates = parts.size() < by_length_.size() ? by_length_[parts.size()] : kNone;
  for (size_t i : candidates) {
    const Route& r = routes_[i];
    if (!Match(r, parts, nullptr)) continue;
    path_matched = true;
    Verb want = req.method == Verb::head ? Verb::get : req.method;
    if (r.method != want) continue;
    req.params.clear();
    Match(r, parts, &req.params);
    req.route = r.pattern;
    if (authorizer_) {
      if (auto denied = authorizer_(req, r.access)) {
        *error = std::move(*denied);
        return nullptr;
      }
    } else if (!r.access.open) {
      *error = ErrorResponse(403, "permission_denied", "không có quyền");  // deny by default
      return nullptr;
    }
    return &r;
  }
  *error = path_matched ? ErrorResponse(405, "method_not_allowed", "phương thức không được hỗ trợ")
                        : ErrorResponse(404, "not_found", "không tìm thấy đường dẫn");
  return nullptr;
}

std::optional<Response> Router::Check(Request& req) const {
  Response error;
  if (Find(req, &error)) return std::nullopt;
  return error;
}

Response Router::Dispatch(Request& req) const {
  Response error;
  const Route* r = Find(req, &error);
  if (!r) return error;
  Result<Response> res = r->handler(req);
  if (!res.ok()) return ErrorResponse(res.status());
  return std::move(res).value();
}

}  // namespace phonghop::http
