// Strict JSON request bodies: well-formed UTF-8, an object at the top, no
// duplicate keys, no unknown fields, the right type for each field.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "common/status.h"
#include "http/request.h"

namespace phonghop::http {

// Parses req.body(). kInvalidArgument for an empty body, malformed JSON,
// invalid UTF-8, duplicate keys, nesting deeper than 32, or a non-object.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Reads typed fields out of a parsed object, remembering the first error.
class JsonFields {
 public:
  // Fails (kInvalidArgument naming the key) if `obj` has a key outside
  // `allowed`.
  JsonFields(const nlohmann::json& obj, std::initializer_list<const char*> allowed);
  // Each reader leaves `out` untouched when the key is absent and records
  // an error when it is present with the wrong type (or missing but required).
  JsonFields& Str(const char* key, std::string& out, bool required = false);
  JsonFields& Int(const char* key, int& out, bool required = false);
  JsonFields& Int64(const char* key, int64_t& out, bool required = false);
  JsonFields& Bool(const char* key, bool& out, bool required = false);
  bool Has(const char* key) const { return obj_.contains(key); }
  const Status& status() const { return status_; }

 private:
  void Fail(std::string m) {
    if (status_.ok()) status_ = Status::InvalidArgument(std::move(m));
  }
  const nlohmann::json& obj_;
  Status status_;
};

// Serialises with invalid UTF-8 replaced, never throwing.
std::string Dump(const nlohmann::json& j);
// A 200 (or `status`) JSON reply.
Response JsonReply(const nlohmann::json& j, unsigned status = 200);

}  // namespace phonghop::http
