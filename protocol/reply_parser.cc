// Reply parser implementation: one RESP value at a time, aggregates driven by the visitor.
#include "protocol/reply_parser.h"

#include <charconv>
#include <cstdlib>
#include <string>

namespace sable {

namespace {
bool to_ll(std::string_view s, long long* out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}
}  // namespace

bool ReplyParser::line(std::string_view* out) {
  size_t eol = data_.find("\r\n", pos_);
  if (eol == std::string_view::npos) return false;
  *out = data_.substr(pos_, eol - pos_);
  pos_ = eol + 2;
  return true;
}

bool ReplyParser::parse(ReplyVisitor& v) {
  ok_ = ok_ && parse_value(&v);
  return ok_;
}

bool ReplyParser::skip() {
  ok_ = ok_ && parse_value(nullptr);
  return ok_;
}

bool ReplyParser::parse_value(ReplyVisitor* v) {
  if (pos_ >= data_.size() || depth_ >= kMaxDepth) return false;
  char type = data_[pos_++];
  std::string_view body;
  if (!line(&body)) return false;
  long long n = 0;
  switch (type) {
    case '+':
      if (v) v->on_simple(body);
      return true;
    case '-':
      if (v) v->on_error(body);
      return true;
    case ':':
      if (!to_ll(body, &n)) return false;
      if (v) v->on_integer(n);
      return true;
    case '_':
      if (v) v->on_null();
      return true;
    case '#':
      if (body != "t" && body != "f") return false;
      if (v) v->on_bool(body == "t");
      return true;
    case ',': {
      std::string text(body);
      char* end = nullptr;
      double d = std::strtod(text.c_str(), &end);
      if (text.empty() || *end) return false;
      if (v) v->on_double(d);
      return true;
    }
    case '(':
      if (v) v->on_big_number(body);
      return true;
    case '$':
    case '=': {
      if (!to_ll(body, &n)) return false;
      if (n < 0) {
        if (type == '=') return false;
        if (v) v->on_null_bulk();
        return true;
      }
      size_t len = static_cast<size_t>(n);
      if (len > data_.size() - pos_ || data_.size() - pos_ - len < 2) return false;
      std::string_view s = data_.substr(pos_, len);
      if (data_.substr(pos_ + len, 2) != "\r\n") return false;
      pos_ += len + 2;
      if (type == '$') {
        if (v) v->on_bulk(s);
      } else {
        if (s.size() < 4 || s[3] != ':') return false;
        if (v) v->on_verbatim(s.substr(0, 3), s.substr(4));
      }
      return true;
    }
    case '*':
    case '~':
    case '%':
    case '>':
    case '|': {
      if (!to_ll(body, &n)) return false;
      if (n < 0) {
        if (type != '*') return false;
        if (v) v->on_null_array();
        return true;
      }
      size_t count = static_cast<size_t>(n);
      // Every element takes at least three bytes, which bounds a bogus count.
      if (count > (data_.size() - pos_) / 3 + 1) return false;
      ++depth_;
      if (v) {
        if (type == '*') v->on_array(count, *this);
        if (type == '~') v->on_set(count, *this);
        if (type == '%') v->on_map(count, *this);
        if (type == '>') v->on_push(count, *this);
        if (type == '|') v->on_attribute(count, *this);
        if (type == '|' && ok_) ok_ = parse_value(v);
      } else {
        size_t values = (type == '%' || type == '|') ? 2 * count : count;
        for (size_t i = 0; i < values && ok_; ++i) ok_ = parse_value(nullptr);
        // An attribute annotates the value that follows it.
        if (type == '|' && ok_) ok_ = parse_value(nullptr);
      }
      --depth_;
      return ok_;
    }
    default:
      return false;
  }
}

}  // namespace sable
