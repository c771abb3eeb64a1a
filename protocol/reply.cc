// Reply writer implementation: RESP2/RESP3 framing into a byte buffer.
#include "protocol/reply.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sable {

namespace {
constexpr char kDeferMarker = '?';
constexpr size_t kDeferWidth = 1;  // placeholder byte; replaced by the real header later
}  // namespace

void ReplyWriter::header(char type, long long n) {
  if (muted_) return;
  char buf[32];
  buf[0] = type;
  auto r = std::to_chars(buf + 1, buf + sizeof(buf) - 2, n);
  r.ptr[0] = '\r';
  r.ptr[1] = '\n';
  out_.append(buf, r.ptr + 2 - buf);
}

void ReplyWriter::ok() {
  if (!muted_) out_.append("+OK\r\n", 5);
}

void ReplyWriter::simple(std::string_view s) {
  if (muted_) return;
  out_.push_back('+');
  out_.append(s);
  out_.append("\r\n", 2);
}

void ReplyWriter::error(std::string_view msg) {
  ++errors_;
  if (error_observer) error_observer(msg);
  if (muted_) return;
  out_.push_back('-');
  size_t start = out_.size();
  out_.append(msg);
  for (size_t i = start; i < out_.size(); ++i)
    if (out_[i] == '\r' || out_[i] == '\n') out_[i] = ' ';
  out_.append("\r\n", 2);
}

void ReplyWriter::integer(long long v) {
  if (muted_) return;
  if (v == 0) {
    out_.append(":0\r\n", 4);
  } else if (v == 1) {
    out_.append(":1\r\n", 4);
  } else {
    header(':', v);
  }
}

void ReplyWriter::bulk(std::string_view s) {
  if (muted_) return;
  header('$', static_cast<long long>(s.size()));
  out_.append(s);
  out_.append("\r\n", 2);
}

void ReplyWriter::bulk_int(long long v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  bulk(std::string_view(buf, r.ptr - buf));
}

void ReplyWriter::null() {
  if (muted_) return;
  if (proto_ == 3)
    out_.append("_\r\n", 3);
  else
    out_.append("$-1\r\n", 5);
}

void ReplyWriter::null_array() {
  if (muted_) return;
  if (proto_ == 3)
    out_.append("_\r\n", 3);
  else
    out_.append("*-1\r\n", 5);
}

void ReplyWriter::array_len(size_t n) { header('*', static_cast<long long>(n)); }

void ReplyWriter::map_len(size_t n) {
  if (proto_ == 3)
    header('%', static_cast<long long>(n));
  else
    header('*', static_cast<long long>(2 * n));
}

void ReplyWriter::set_len(size_t n) { header(proto_ == 3 ? '~' : '*', static_cast<long long>(n)); }

void ReplyWriter::push_len(size_t n) { header(proto_ == 3 ? '>' : '*', static_cast<long long>(n)); }

std::string ReplyWriter::format_double(double d) {
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%.17g", d);
  return std::string(buf, n);
}

void ReplyWriter::dbl(double d) {
  if (muted_) return;
  std::string s = format_double(d);
  if (proto_ == 3) {
    out_.push_back(',');
    out_.append(s);
    out_.append("\r\n", 2);
  } else {
    bulk(s);
  }
}

void ReplyWriter::boolean(bool b) {
  if (muted_) return;
  if (proto_ == 3)
    out_.append(b ? "#t\r\n" : "#f\r\n", 4);
  else
    integer(b ? 1 : 0);
}

void ReplyWriter::verbatim(std::string_view s, std::string_view fmt) {
  if (muted_) return;
  if (proto_ != 3) {
    bulk(s);
    return;
  }
  header('=', static_cast<long long>(s.size() + fmt.size() + 1));
  out_.append(fmt);
  out_.push_back(':');
  out_.append(s);
  out_.append("\r\n", 2);
}

void ReplyWriter::raw(std::string_view s) {
  if (!muted_) out_.append(s);
}

size_t ReplyWriter::defer_len() {
  if (muted_) return SIZE_MAX;
  size_t pos = out_.size();
  out_.push_back(kDeferMarker);
  return pos;
}

void ReplyWriter::set_deferred(size_t handle, char type, size_t n) {
  if (muted_ || handle == SIZE_MAX) return;
  char buf[32];
  buf[0] = type;
  auto r = std::to_chars(buf + 1, buf + sizeof(buf) - 2, n);
  r.ptr[0] = '\r';
  r.ptr[1] = '\n';
  out_.replace(handle, kDeferWidth, buf, r.ptr + 2 - buf);
}

void ReplyWriter::set_deferred_array(size_t handle, size_t n) { set_deferred(handle, '*', n); }

void ReplyWriter::set_deferred_map(size_t handle, size_t n) {
  if (proto_ == 3)
    set_deferred(handle, '%', n);
  else
    set_deferred(handle, '*', 2 * n);
}

void ReplyWriter::set_deferred_set(size_t handle, size_t n) {
  set_deferred(handle, proto_ == 3 ? '~' : '*', n);
}

}  // namespace sable
