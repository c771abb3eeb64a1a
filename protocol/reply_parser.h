// Reply parser: reads RESP2/RESP3 reply frames back, the other direction of ReplyWriter.
//
// The server reads its own replies when a script runs a command (redis.call turns the command's
// reply into Lua values), so the parser walks one complete reply and reports each value to a
// visitor. Aggregates are reported by their length; the visitor then asks the parser for each
// element in turn (2n values for a map or an attribute), so it can build nested structures in
// whatever order it needs, or skip them. The input is bounds-checked: a truncated or malformed
// frame makes parse() return false instead of reading past the end.
#pragma once

#include <cstddef>
#include <string_view>

namespace sable {

class ReplyParser;

class ReplyVisitor {
 public:
  virtual ~ReplyVisitor() = default;
  virtual void on_simple(std::string_view s) = 0;      // +OK
  virtual void on_error(std::string_view s) = 0;       // -ERR ... (without the '-')
  virtual void on_integer(long long v) = 0;            // :1
  virtual void on_bulk(std::string_view s) = 0;        // $3 foo
  virtual void on_null_bulk() = 0;                     // $-1
  virtual void on_null_array() = 0;                    // *-1
  virtual void on_null() = 0;                          // _ (RESP3)
  virtual void on_bool(bool b) = 0;                    // #t / #f
  virtual void on_double(double d) = 0;                // ,3.14
  virtual void on_big_number(std::string_view s) = 0;  // (123...
  virtual void on_verbatim(std::string_view format, std::string_view s) = 0;  // =7 txt:abc
  // Aggregates: the visitor must call p.parse(...) or p.skip() for each element (for maps and
  // attributes, 2n times: key then value). An attribute precedes the value it annotates: after
  // on_attribute returns, the same parse() goes on to report that value.
  virtual void on_array(size_t n, ReplyParser& p) = 0;
  virtual void on_set(size_t n, ReplyParser& p) = 0;
  virtual void on_map(size_t n, ReplyParser& p) = 0;
  virtual void on_push(size_t n, ReplyParser& p) = 0;
  virtual void on_attribute(size_t n, ReplyParser& p) = 0;
};

class ReplyParser {
 public:
  explicit ReplyParser(std::string_view data) : data_(data) {}

  // Parses one value at the current position and reports it to `v`. Returns false when the
  // input is malformed or ends early (the visitor may have seen part of the value).
  bool parse(ReplyVisitor& v);
  // Consumes one value without reporting it.
  bool skip();
  // Bytes consumed so far.
  size_t offset() const { return pos_; }
  bool ok() const { return ok_; }

  static constexpr int kMaxDepth = 1024;  // nesting beyond this is treated as malformed

 private:
  bool line(std::string_view* out);  // up to the next CRLF, which is consumed
  bool parse_value(ReplyVisitor* v);
  std::string_view data_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool ok_ = true;
};

}  // namespace sable
