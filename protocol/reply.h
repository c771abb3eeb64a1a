// Reply writer: appends RESP2 or RESP3 frames to a client's output buffer.
//
// The writer knows the connection's protocol version, so command handlers describe a reply by its
// natural type (a map, a set, a double, a null) and the writer chooses the wire form: in RESP2 a
// map becomes a flat array, a double a bulk string, a null `$-1`; in RESP3 each has its own frame.
// Constant replies are preformatted. A muted writer (CLIENT REPLY OFF/SKIP) drops everything except
// out-of-band messages written inside a PushScope (pub/sub messages, (un)subscribe confirmations,
// tracking invalidations), which Redis delivers whatever the client's reply mode.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sable {

class ReplyWriter {
 public:
  std::string& buffer() { return out_; }
  const std::string& buffer() const { return out_; }
  int proto() const { return proto_; }
  void set_proto(int p) { proto_ = p; }
  void set_muted(bool m) { muted_ = m; }
  bool muted() const { return muted_; }
  uint64_t error_count() const { return errors_; }

  // Unmutes the writer for its lifetime: what is written inside reaches the client even under
  // CLIENT REPLY OFF/SKIP. Scopes nest; each restores the state it found.
  class PushScope {
   public:
    explicit PushScope(ReplyWriter& w) : w_(w), saved_(w.muted_) { w.muted_ = false; }
    ~PushScope() { w_.muted_ = saved_; }
    PushScope(const PushScope&) = delete;
    PushScope& operator=(const PushScope&) = delete;

   private:
    ReplyWriter& w_;
    bool saved_;
  };

  void ok();
  void simple(std::string_view s);
  // `msg` is the error text without the leading '-', e.g. "ERR syntax error" or
  // "WRONGTYPE Operation ...". Line breaks inside it are replaced by spaces.
  void error(std::string_view msg);
  void integer(long long v);
  void bulk(std::string_view s);
  void bulk_int(long long v);  // an integer sent as a bulk string
  void null();                 // RESP2 null bulk ($-1), RESP3 null (_)
  void null_array();           // RESP2 null array (*-1), RESP3 null (_)
  void array_len(size_t n);
  void map_len(size_t n);   // n pairs; RESP2: array of 2n
  void set_len(size_t n);   // RESP3 set; RESP2: array
  void push_len(size_t n);  // RESP3 push; RESP2: array
  void dbl(double d);       // RESP3 double; RESP2 bulk, formatted like Redis 7.0 (%.17g)
  void boolean(bool b);     // RESP3 boolean; RESP2 integer 0/1
  void verbatim(std::string_view s, std::string_view fmt = "txt");
  void raw(std::string_view s);  // already-encoded protocol bytes
  void empty_array() { array_len(0); }

  // Deferred aggregate length, for replies whose element count is known only at the end.
  size_t defer_len();
  void set_deferred_array(size_t handle, size_t n);
  void set_deferred_map(size_t handle, size_t n);
  void set_deferred_set(size_t handle, size_t n);

  // Formats a double as Redis 7.0 does in replies (%.17g, inf, -inf).
  static std::string format_double(double d);

  // Called with the text of every error reply, muted or not (INFO errorstats counts them).
  static inline void (*error_observer)(std::string_view msg) = nullptr;

 private:
  void header(char type, long long n);
  void set_deferred(size_t handle, char type, size_t n);
  std::string out_;
  int proto_ = 2;
  bool muted_ = false;
  uint64_t errors_ = 0;
};

}  // namespace sable
