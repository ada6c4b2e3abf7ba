// Typed reads of one result row, column after column, the same code for
// SQLite and PostgreSQL: a row mapping is written once (storage/rows/) and
// both back-ends use it, instead of each repository reading `s.Int(0..14)`
// by hand. A View is anything with Int(col), Double(col), Text(col) and
// IsNull(col) for the current row (SQLite's Stmt, PostgreSQL's Rows::Row).
//
//   RowReader(view) >> c.id >> c.slug >> Enum(c.status, ParseStatus, kPlanned) >> c.quorum;
//
// The reader moves one column per field, so the mapping reads exactly the
// columns of the select list written beside it, in that order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

namespace phonghop::storage {

// A text column parsed into a value: `parse(text)` returns an optional; the
// fallback is used when it is empty (an unknown spelling from a newer
// version).
template <class T, class Parse>
struct EnumField {
  T& out;
  Parse parse;
  T fallback;
};
template <class T, class Parse>
EnumField<T, Parse> Enum(T& out, Parse parse, T fallback) {
  return {out, parse, fallback};
}

// A text column turned into a value by `fn(text)` (e.g. a list).
template <class T, class Fn>
struct MappedField {
  T& out;
  Fn fn;
};
template <class T, class Fn>
MappedField<T, Fn> Mapped(T& out, Fn fn) {
  return {out, fn};
}

template <class View>
class RowReader {
 public:
  explicit RowReader(const View& v, int first = 0) : v_(v), col_(first) {}

  template <class T>
  RowReader& operator>>(T& out) {
    Read(out);
    return *this;
  }
  template <class T, class Parse>
  RowReader& operator>>(EnumField<T, Parse> f) {
    f.out = f.parse(v_.Text(col_++)).value_or(f.fallback);
    return *this;
  }
  template <class T, class Fn>
  RowReader& operator>>(MappedField<T, Fn> f) {
    f.out = f.fn(v_.Text(col_++));
    return *this;
  }
  // The next column to be read (a nested mapping continues from here).
  int column() const { return col_; }
  const View& view() const { return v_; }

 private:
  template <class T>
  void Read(std::optional<T>& out) {
    if (v_.IsNull(col_)) {
      out.reset();
      ++col_;
      return;
    }
    T x{};
    Read(x);
    out = x;
  }
  void Read(std::string& out) { out = v_.Text(col_++); }
  void Read(bool& out) { out = v_.Int(col_++) != 0; }
  void Read(double& out) { out = v_.Double(col_++); }
  template <class T>
  std::enable_if_t<std::is_integral_v<T>> Read(T& out) {
    out = static_cast<T>(v_.Int(col_++));
  }

  const View& v_;
  int col_;
};

}  // namespace phonghop::storage
