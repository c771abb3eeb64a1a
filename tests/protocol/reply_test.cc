// Tests for the reply writer: the same calls produce RESP2 or RESP3 frames depending on the
// connection's protocol, deferred lengths are patched in place, doubles use Redis 7.0's %.17g.
#include "protocol/reply.h"

#include <catch.hpp>
#include <climits>
#include <cmath>
#include <limits>
#include <string>

using sable::ReplyWriter;
using namespace std::string_literals;

namespace {
ReplyWriter writer(int proto) {
  ReplyWriter w;
  w.set_proto(proto);
  return w;
}
}  // namespace

TEST_CASE("reply: simple frames are the same in both protocols", "[reply]") {
  for (int proto : {2, 3}) {
    ReplyWriter w = writer(proto);
    w.ok();
    w.simple("PONG");
    w.integer(0);
    w.integer(1);
    w.integer(-1);
    w.integer(42);
    w.integer(LLONG_MAX);
    w.integer(LLONG_MIN);
    w.bulk("hello");
    w.bulk("");
    w.bulk(std::string_view("a\0\r\n", 4));
    w.bulk_int(-12345);
    w.array_len(3);
    w.empty_array();
    CHECK(w.buffer() ==
          "+OK\r\n+PONG\r\n:0\r\n:1\r\n:-1\r\n:42\r\n:9223372036854775807\r\n"
          ":-9223372036854775808\r\n$5\r\nhello\r\n$0\r\n\r\n$4\r\na\0\r\n\r\n"
          "$6\r\n-12345\r\n*3\r\n*0\r\n"s);
  }
}

TEST_CASE("reply: RESP2 and RESP3 typed frames", "[reply]") {
  ReplyWriter w2 = writer(2), w3 = writer(3);
  for (ReplyWriter* w : {&w2, &w3}) {
    w->null();
    w->null_array();
    w->map_len(3);
    w->set_len(2);
    w->push_len(4);
    w->boolean(true);
    w->boolean(false);
    w->verbatim("abc");
    w->verbatim("x", "mkd");
  }
  CHECK(w2.buffer() == "$-1\r\n*-1\r\n*6\r\n*2\r\n*4\r\n:1\r\n:0\r\n$3\r\nabc\r\n$1\r\nx\r\n");
  CHECK(w3.buffer() == "_\r\n_\r\n%3\r\n~2\r\n>4\r\n#t\r\n#f\r\n=7\r\ntxt:abc\r\n=5\r\nmkd:x\r\n");
}

TEST_CASE("reply: doubles use %.17g", "[reply]") {
  CHECK(ReplyWriter::format_double(1.5) == "1.5");
  CHECK(ReplyWriter::format_double(3.0) == "3");
  CHECK(ReplyWriter::format_double(0.1) == "0.10000000000000001");
  CHECK(ReplyWriter::format_double(-2.25) == "-2.25");
  CHECK(ReplyWriter::format_double(1e20) == "1e+20");
  CHECK(ReplyWriter::format_double(123456789012345678.0) == "1.2345678901234568e+17");
  CHECK(ReplyWriter::format_double(1e-5) == "1.0000000000000001e-05");
  CHECK(ReplyWriter::format_double(0.0) == "0");
  CHECK(ReplyWriter::format_double(-0.0) == "-0");
  CHECK(ReplyWriter::format_double(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(ReplyWriter::format_double(-std::numeric_limits<double>::infinity()) == "-inf");

  ReplyWriter w2 = writer(2), w3 = writer(3);
  for (ReplyWriter* w : {&w2, &w3}) {
    w->dbl(0.1);
    w->dbl(std::numeric_limits<double>::infinity());
    w->dbl(-std::numeric_limits<double>::infinity());
    w->dbl(10);
  }
  CHECK(w2.buffer() == "$19\r\n0.10000000000000001\r\n$3\r\ninf\r\n$4\r\n-inf\r\n$2\r\n10\r\n");
  CHECK(w3.buffer() == ",0.10000000000000001\r\n,inf\r\n,-inf\r\n,10\r\n");
}

TEST_CASE("reply: errors are one line", "[reply]") {
  ReplyWriter w;
  w.error("ERR syntax error");
  w.error("ERR bad\r\nthing\nhere\r");
  CHECK(w.buffer() == "-ERR syntax error\r\n-ERR bad  thing here \r\n");
  CHECK(w.error_count() == 2);
}

TEST_CASE("reply: deferred lengths", "[reply]") {
  SECTION("array, various widths") {
    ReplyWriter w;
    w.simple("before");
    size_t h = w.defer_len();
    for (int i = 0; i < 12; ++i) w.integer(i);
    w.set_deferred_array(h, 12);
    w.simple("after");
    std::string expect = "+before\r\n*12\r\n";
    for (int i = 0; i < 12; ++i) expect += ":" + std::to_string(i) + "\r\n";
    expect += "+after\r\n";
    CHECK(w.buffer() == expect);
  }
  SECTION("nested deferred lengths") {
    ReplyWriter w;
    size_t outer = w.defer_len();
    size_t inner = w.defer_len();
    w.bulk("a");
    w.set_deferred_array(inner, 1);
    w.bulk("b");
    w.set_deferred_array(outer, 2);
    CHECK(w.buffer() == "*2\r\n*1\r\n$1\r\na\r\n$1\r\nb\r\n");
  }
  SECTION("empty and large counts") {
    ReplyWriter w;
    size_t h = w.defer_len();
    w.set_deferred_array(h, 0);
    h = w.defer_len();
    w.set_deferred_array(h, 1234567);
    CHECK(w.buffer() == "*0\r\n*1234567\r\n");
  }
  SECTION("maps and sets follow the protocol") {
    ReplyWriter w2 = writer(2), w3 = writer(3);
    for (ReplyWriter* w : {&w2, &w3}) {
      size_t m = w->defer_len();
      w->bulk("k");
      w->integer(7);
      w->set_deferred_map(m, 1);
      size_t s = w->defer_len();
      w->bulk("x");
      w->bulk("y");
      w->set_deferred_set(s, 2);
    }
    CHECK(w2.buffer() == "*2\r\n$1\r\nk\r\n:7\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n");
    CHECK(w3.buffer() == "%1\r\n$1\r\nk\r\n:7\r\n~2\r\n$1\r\nx\r\n$1\r\ny\r\n");
  }
}

TEST_CASE("reply: muted writer drops everything but counts errors", "[reply]") {
  ReplyWriter w;
  w.set_muted(true);
  w.ok();
  w.integer(5);
  w.bulk("x");
  w.dbl(1.5);
  w.null();
  w.error("ERR nope");
  size_t h = w.defer_len();
  w.set_deferred_array(h, 3);
  w.raw("+RAW\r\n");
  CHECK(w.buffer().empty());
  CHECK(w.error_count() == 1);
  w.set_muted(false);
  w.raw("+RAW\r\n");
  CHECK(w.buffer() == "+RAW\r\n");
}

TEST_CASE("reply: a push scope gets through a muted writer and restores it", "[reply]") {
  ReplyWriter w;
  w.set_proto(3);
  w.set_muted(true);
  {
    ReplyWriter::PushScope push(w);
    CHECK_FALSE(w.muted());
    {
      ReplyWriter::PushScope nested(w);
      w.push_len(1);
    }
    w.bulk("m");
  }
  CHECK(w.muted());
  w.ok();
  CHECK(w.buffer() == ">1\r\n$1\r\nm\r\n");
  w.set_muted(false);
  {
    ReplyWriter::PushScope push(w);
  }
  CHECK_FALSE(w.muted());
}
