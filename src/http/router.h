// Maps (method, path) to a handler. Patterns are literal segments and
// {name} captures: "/api/v1/congresses/{slug}/delegates".
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/request.h"

namespace phonghop::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  // Registers a route. Not thread-safe: register everything before serving.
  void Add(Verb method, std::string pattern, Handler handler);
  // Finds the handler, filling req.params. Returns a 404 / 405 error
  // response (JSON) when nothing matches; HEAD falls back to GET.
  Response Dispatch(Request& req) const;
  // True when some route's pattern matches the path (any method).
  bool Matches(std::string_view path) const;

 private:
  struct Route {
    Verb method;
    std::vector<std::string> segments;
    Handler handler;
  };
  static std::vector<std::string_view> Split(std::string_view path);
  static bool Match(const Route& r, const std::vector<std::string_view>& parts,
                    std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
};

}  // namespace phonghop::http
