// Incremental RESP (multibulk + inline) request parser.
#include "protocol/request_parser.h"

#include <climits>
#include <cstring>

#include "protocol/split_args.h"

namespace sable {

namespace {
// Strict integer parse of a protocol length: optional '-', digits, no spaces; like string2ll.
bool parse_len(const char* p, size_t n, int64_t* out) {
  if (n == 0 || n > 20) return false;
  bool neg = false;
  size_t i = 0;
  if (p[0] == '-') {
    neg = true;
    i = 1;
    if (n == 1) return false;
  }
  // No leading zeros, and no "-0" either (string2ll rejects it, so Redis does too).
  if (p[i] == '0' && (neg || n - i > 1)) return false;
  uint64_t v = 0;
  for (; i < n; ++i) {
    if (p[i] < '0' || p[i] > '9') return false;
    uint64_t d = static_cast<uint64_t>(p[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  if (neg) {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *out = static_cast<int64_t>(0 - v);
  } else {
    if (v > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}
}  // namespace

void RequestParser::reset() {
  in_multibulk_ = false;
  remaining_ = 0;
  pos_ = 0;
  bulk_len_ = -1;
  spans_.clear();
  inline_args_.clear();
  args_.clear();
  // A request with many arguments should not pin its argument arrays for the connection's life.
  constexpr size_t kKeepArgs = 1024;
  if (spans_.capacity() > kKeepArgs) std::vector<std::pair<size_t, size_t>>().swap(spans_);
  if (args_.capacity() > kKeepArgs) std::vector<std::string_view>().swap(args_);
  if (inline_args_.capacity() > kKeepArgs) std::vector<std::string>().swap(inline_args_);
  consumed_ = 0;
  wanted_ = 0;
}

RequestParser::Status RequestParser::fail(const char* msg) {
  error_ = msg;
  return Status::kError;
}

RequestParser::Status RequestParser::feed(const char* data, size_t len,
                                          const ParserLimits& limits) {
  if (len == 0) return Status::kIncomplete;
  if (in_multibulk_ || data[0] == '*') return feed_multibulk(data, len, limits);
  return feed_inline(data, len);
}

RequestParser::Status RequestParser::feed_inline(const char* data, size_t len) {
  const char* nl = static_cast<const char*>(std::memchr(data, '\n', len));
  if (!nl) {
    if (len > kInlineMax) return fail("ERR Protocol error: too big inline request");
    return Status::kIncomplete;
  }
  size_t line_len = nl - data;
  consumed_ = line_len + 1;
  if (line_len > 0 && data[line_len - 1] == '\r') --line_len;
  auto parts = split_args(std::string_view(data, line_len));
  if (!parts) return fail("ERR Protocol error: unbalanced quotes in request");
  if (parts->empty()) return Status::kEmpty;
  inline_args_ = std::move(*parts);
  args_.clear();
  args_.reserve(inline_args_.size());
  for (auto& s : inline_args_) args_.emplace_back(s);
  return Status::kCommand;
}

RequestParser::Status RequestParser::feed_multibulk(const char* data, size_t len,
                                                    const ParserLimits& limits) {
  if (!in_multibulk_) {
    // Header "*<count>\r\n". Like Redis, look for '\r' and require one more byte after it.
    const char* cr = static_cast<const char*>(std::memchr(data, '\r', len));
    if (!cr) {
      if (len > kInlineMax) return fail("ERR Protocol error: too big mbulk count string");
      return Status::kIncomplete;
    }
    size_t hdr = cr - data;
    if (hdr + 2 > len) return Status::kIncomplete;
    int64_t count;
    if (!parse_len(data + 1, hdr - 1, &count) || count > INT_MAX)
      return fail("ERR Protocol error: invalid multibulk length");
    if (count > 10 && limits.unauthenticated)
      return fail("ERR Protocol error: unauthenticated multibulk length");
    if (count <= 0) {
      consumed_ = hdr + 2;
      return Status::kEmpty;
    }
    in_multibulk_ = true;
    remaining_ = count;
    pos_ = hdr + 2;
    bulk_len_ = -1;
    spans_.clear();
    spans_.reserve(count < 1024 ? count : 1024);
  }
  while (remaining_ > 0) {
    if (bulk_len_ < 0) {
      if (pos_ >= len) return Status::kIncomplete;
      const char* start = data + pos_;
      const char* cr = static_cast<const char*>(std::memchr(start, '\r', len - pos_));
      if (!cr) {
        if (len - pos_ > kInlineMax) return fail("ERR Protocol error: too big bulk count string");
        return Status::kIncomplete;
      }
      size_t hdr = cr - start;
      if (pos_ + hdr + 2 > len) return Status::kIncomplete;
      if (start[0] != '$') {
        error_ = "ERR Protocol error: expected '$', got '";
        error_.push_back(start[0]);
        error_ += "'";
        return Status::kError;
      }
      int64_t blen;
      if (!parse_len(start + 1, hdr - 1, &blen) || blen < 0 || blen > limits.max_bulk_len)
        return fail("ERR Protocol error: invalid bulk length");
      if (blen > 16384 && limits.unauthenticated)
        return fail("ERR Protocol error: unauthenticated bulk length");
      bulk_len_ = blen;
      pos_ += hdr + 2;
    }
    // The bulk payload plus its trailing CRLF (which, like Redis, is skipped unchecked).
    size_t need = pos_ + static_cast<size_t>(bulk_len_) + 2;
    if (need > len) {
      wanted_ = need;
      return Status::kIncomplete;
    }
    spans_.emplace_back(pos_, static_cast<size_t>(bulk_len_));
    pos_ = need;
    bulk_len_ = -1;
    --remaining_;
  }
  args_.clear();
  args_.reserve(spans_.size());
  for (auto& [off, n] : spans_) args_.emplace_back(data + off, n);
  consumed_ = pos_;
  in_multibulk_ = false;
  wanted_ = 0;
  return Status::kCommand;
}

}  // namespace sable
