#include "http/json_body.h"

#include <vector>

namespace phonghop::http {

using nlohmann::json;

Result<json> ParseJsonObject(std::string_view body) {
  if (body.empty()) return Status::InvalidArgument("thiếu nội dung JSON");
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  bool too_deep = false;
  auto cb = [&](int depth, json::parse_event_t ev, json& parsed) -> bool {
    if (depth > 32) too_deep = true;
    switch (ev) {
      case json::parse_event_t::object_start:
        keys.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second &&
            duplicate.empty())
          duplicate = parsed.get<std::string>();
        break;
      default:
        break;
    }
    return !too_deep;
  };
  json j;
  try {
    j = json::parse(body.begin(), body.end(), cb);
  } catch (const json::parse_error& e) {
    if (too_deep) return Status::InvalidArgument("JSON lồng nhau quá sâu");
    std::string what = e.what();
    if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
      return Status::InvalidArgument("JSON chứa chuỗi không phải UTF-8 hợp lệ");
    return Status::InvalidArgument("Nội dung gửi lên không phải JSON hợp lệ (lỗi ở byte thứ " + std::to_string(e.byte) + ")");
  }
  if (too_deep) return Status::InvalidArgument("JSON lồng nhau quá sâu");
  if (!duplicate.empty())
    return Status::InvalidArgument("khóa \"" + duplicate + "\" xuất hiện hai lần");
  if (!j.is_object()) return Status::InvalidArgument("nội dung phải là một đối tượng JSON");
  return j;
}

JsonFields::JsonFields(const json& obj, std::initializer_list<const char*> allowed)
    : obj_(obj) {
  for (const auto& [k, v] : obj.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || k == a;
    if (!known) {
      Fail("trường không được hỗ trợ: \"" + k + "\"");
      break;
    }
  }
}

JsonFields& JsonFields::Str(const char* key, std::string& out, bool required) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (required) Fail(std::string("thiếu trường \"") + key + "\"");
  } else if (!it->is_string()) {
    Fail(std::string("trường \"") + key + "\" phải là chuỗi");
  } else {
    out = it->get<std::string>();
  }
  return *this;
}

JsonFields& JsonFields::Int(const char* key, int& out, bool required) {
  int64_t v = out;
  Int64(key, v, required);
  if (v < INT32_MIN || v > INT32_MAX) Fail(std::string("trường \"") + key + "\" quá lớn");
  else out = static_cast<int>(v);
  return *this;
}

JsonFields& JsonFields::Int64(const char* key, int64_t& out, bool required) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (required) Fail(std::string("thiếu trường \"") + key + "\"");
  } else if (!it->is_number_integer()) {
    Fail(std::string("trường \"") + key + "\" phải là số nguyên");
  } else {
    out = it->get<int64_t>();
  }
  return *this;
}

JsonFields& JsonFields::Bool(const char* key, bool& out, bool required) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (required) Fail(std::string("thiếu trường \"") + key + "\"");
  } else if (!it->is_boolean()) {
    Fail(std::string("trường \"") + key + "\" phải là true/false");
  } else {
    out = it->get<bool>();
  }
  return *this;
}

std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Response JsonReply(const json& j, unsigned status) {
  Response r;
  r.status = status;
  r.body = Dump(j);
  return r;
}

}  // namespace phonghop::http
