// Incremental RESP request parser.
//
// A client's read buffer holds the bytes of zero or more requests. The parser is fed the bytes from
// the start of the current (possibly partial) request; it remembers how far it got, so a request
// split across any number of reads is parsed in linear time. Multibulk arguments are returned as
// views into the caller's buffer (no copy); inline commands are split into owned strings since
// their quoting rules can change bytes. Limits and protocol error texts follow Redis 7.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sable {

struct ParserLimits {
  int64_t max_bulk_len = 512LL * 1024 * 1024;  // proto-max-bulk-len
  bool unauthenticated = false;                // stricter limits before AUTH, like Redis
};

class RequestParser {
 public:
  enum class Status {
    kIncomplete,  // need more bytes
    kCommand,     // a full request is ready: args() and consumed()
    kEmpty,       // an empty request (blank inline line, *0, *-1): skip consumed() bytes
    kError,       // protocol error: error() holds the reply text; close after replying
  };

  // `data` starts at the first byte of the current request; `len` is all bytes available.
  Status feed(const char* data, size_t len, const ParserLimits& limits);
  // Bytes taken by the request just returned (kCommand / kEmpty).
  size_t consumed() const { return consumed_; }
  // Arguments of the request just returned; views stay valid while `data` is unchanged.
  const std::vector<std::string_view>& args() const { return args_; }
  const std::string& error() const { return error_; }
  // Total bytes the current request needs at least (to size the read buffer for large bulks).
  size_t bytes_wanted() const { return wanted_; }
  // Forget any partial progress (after a full request was consumed).
  void reset();

  static constexpr size_t kInlineMax = 64 * 1024;  // PROTO_INLINE_MAX_SIZE

 private:
  Status feed_inline(const char* data, size_t len);
  Status feed_multibulk(const char* data, size_t len, const ParserLimits& limits);
  Status fail(const char* msg);

  // Multibulk progress.
  bool in_multibulk_ = false;
  int64_t remaining_ = 0;   // arguments still to read
  size_t pos_ = 0;          // next byte to look at, relative to the request start
  int64_t bulk_len_ = -1;   // length of the bulk being read, -1 when reading its header
  std::vector<std::pair<size_t, size_t>> spans_;  // (offset, length) of each argument
  std::vector<std::string> inline_args_;
  std::vector<std::string_view> args_;
  size_t consumed_ = 0;
  size_t wanted_ = 0;
  std::string error_;
};

}  // namespace sable
