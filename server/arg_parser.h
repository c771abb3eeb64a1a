// ArgCursor: a typed cursor over a command's arguments.
//
// Handlers walk their options with it instead of hand-rolled index arithmetic:
//   ArgCursor a(ctx.argv, 3);
//   while (!a.done()) {
//     if (a.match("EX")) { a.next_int(&ex); } else if (a.match("NX")) { nx = true; } else
//     a.fail(err::kSyntax);
//   }
//   if (!a.ok()) return ctx.reply.error(a.error());
// The first failure is captured; later calls do nothing and report failure.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "datatypes/numbers.h"
#include "server/command.h"
#include "server/errors.h"

namespace sable {

class ArgCursor {
 public:
  ArgCursor(std::span<const std::string_view> args, size_t start) : args_(args), pos_(start) {}

  bool done() const { return !ok() || pos_ >= args_.size(); }
  size_t remaining() const { return pos_ < args_.size() ? args_.size() - pos_ : 0; }
  size_t pos() const { return pos_; }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  std::string_view peek() const { return pos_ < args_.size() ? args_[pos_] : std::string_view(); }

  // Next argument; a syntax error when there is none.
  std::string_view next() {
    if (!ok()) return {};
    if (pos_ >= args_.size()) {
      fail(err::kSyntax);
      return {};
    }
    return args_[pos_++];
  }

  // Consumes the next argument when it equals `kw` (case-insensitively).
  bool match(std::string_view kw) {
    if (!ok() || pos_ >= args_.size() || !iequals(args_[pos_], kw)) return false;
    ++pos_;
    return true;
  }

  bool next_int(int64_t* out, std::string_view err = err::kNotInteger) {
    std::string_view s = next();
    if (!ok()) return false;
    if (!parse_int64(s, out)) {
      fail(err);
      return false;
    }
    return true;
  }

  bool next_double(double* out, std::string_view err = err::kNotFloat) {
    std::string_view s = next();
    if (!ok()) return false;
    if (!parse_double(s, out)) {
      fail(err);
      return false;
    }
    return true;
  }

  // Typed form: next<int64_t>(), next<double>(), next<std::string_view>(). On a bad or missing
  // argument the first error is captured (Redis's default text for the type unless `err` names
  // another) and a zero value is returned; check ok() once after the options are read.
  template <typename T>
  T next(std::string_view err = {}) {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return next();
    } else if constexpr (std::is_same_v<T, int64_t>) {
      int64_t v = 0;
      next_int(&v, err.empty() ? std::string_view(err::kNotInteger) : err);
      return ok() ? v : 0;
    } else if constexpr (std::is_same_v<T, double>) {
      double v = 0;
      next_double(&v, err.empty() ? std::string_view(err::kNotFloat) : err);
      return ok() ? v : 0;
    } else {
      static_assert(sizeof(T) == 0, "ArgCursor::next<T>: unsupported type");
    }
  }

  // Consumes the next argument when it is one of `kws` (any case) and returns its index there;
  // -1 (nothing consumed) otherwise.
  int match_one_of(std::initializer_list<std::string_view> kws) {
    if (!ok() || pos_ >= args_.size()) return -1;
    int i = 0;
    for (std::string_view kw : kws) {
      if (iequals(args_[pos_], kw)) {
        ++pos_;
        return i;
      }
      ++i;
    }
    return -1;
  }

  // Captures `err` unless `cond` holds; returns cond.
  bool check(bool cond, std::string_view err) {
    if (!cond) fail(err);
    return cond && ok();
  }

  void fail(std::string_view err) {
    if (ok()) error_ = std::string(err);
  }

  // Redis's "keyword with its values" test: consumes `kw` only when at least `values` arguments
  // follow it, so a trailing "COUNT" with nothing after it falls through to the syntax error.
  bool match(std::string_view kw, size_t values) { return remaining() > values && match(kw); }

  // An integer of at least `min`; a non-integer or a smaller value captures `err` (Redis's
  // getRangeLong/getPositiveLong with a message of the command's own). Returns `min` on failure.
  int64_t next_at_least(int64_t min, std::string_view err) {
    int64_t v = next<int64_t>(err);
    check(v >= min, err);
    return ok() ? v : min;
  }

  // match_one_of for keywords that take `values` arguments (as match(kw, values)).
  int match_one_of(std::initializer_list<std::string_view> kws, size_t values) {
    return remaining() > values ? match_one_of(kws) : -1;
  }

  // The next `n` arguments (a key list); a syntax error and an empty span when fewer remain.
  std::span<const std::string_view> take(size_t n) {
    if (!check(n <= remaining(), err::kSyntax)) return {};
    pos_ += n;
    return args_.subspan(pos_ - n, n);
  }

  // The next argument must be one of `kws` (any case): returns its index, or -1 with `err`
  // captured (also when there is no next argument).
  int next_one_of(std::initializer_list<std::string_view> kws,
                  std::string_view err = err::kSyntax) {
    if (!ok()) return -1;
    int i = match_one_of(kws);
    if (i < 0) fail(err);
    return i;
  }

  // Captures `err` unless every argument has been consumed.
  bool expect_end(std::string_view err = err::kSyntax) { return check(remaining() == 0, err); }

 private:
  std::span<const std::string_view> args_;
  size_t pos_;
  std::string error_;
};

}  // namespace sable
