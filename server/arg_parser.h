// ArgCursor: a typed cursor over a command's arguments.
//
// Handlers walk their options with it instead of hand-rolled index arithmetic:
//   ArgCursor a(ctx.argv, 3);
//   while (!a.done()) {
//     if (a.match("EX")) { a.next_int(&ex); } else if (a.match("NX")) { nx = true; } else a.fail(err::kSyntax);
//   }
//   if (!a.ok()) return ctx.reply.error(a.error());
// The first failure is captured; later calls do nothing and report failure.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

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

  void fail(std::string_view err) {
    if (ok()) error_ = std::string(err);
  }

 private:
  std::span<const std::string_view> args_;
  size_t pos_;
  std::string error_;
};

}  // namespace sable
