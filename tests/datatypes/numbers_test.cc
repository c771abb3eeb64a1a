// Tests for Redis-compatible number parsing and formatting. The INCRBYFLOAT expectations were
// taken from redis-server 7.0 (SET x a; INCRBYFLOAT x b).
#include "datatypes/numbers.h"

#include <catch.hpp>
#include <cmath>
#include <limits>
#include <string>

using namespace sable;

namespace {
bool int_ok(std::string_view s, int64_t expect) {
  int64_t v = 0;
  return parse_int64(s, &v) && v == expect;
}
bool int_bad(std::string_view s) {
  int64_t v = 0;
  return !parse_int64(s, &v);
}
// What INCRBYFLOAT replies when the key holds `a` and the increment is `b`.
std::string incrbyfloat(std::string_view a, std::string_view b) {
  long double x = 0, y = 0;
  REQUIRE(parse_long_double(a, &x));
  REQUIRE(parse_long_double(b, &y));
  return format_long_double(x + y);
}
}  // namespace

TEST_CASE("numbers: parse_int64 accepts canonical integers only", "[numbers]") {
  CHECK(int_ok("0", 0));
  CHECK(int_ok("1", 1));
  CHECK(int_ok("-1", -1));
  CHECK(int_ok("1234567890", 1234567890));
  CHECK(int_ok("9223372036854775807", INT64_MAX));
  CHECK(int_ok("-9223372036854775808", INT64_MIN));

  CHECK(int_bad(""));
  CHECK(int_bad("-"));
  CHECK(int_bad("007"));
  CHECK(int_bad("00"));
  CHECK(int_bad("-01"));
  CHECK(int_bad("-0"));
  CHECK(int_bad("+1"));
  CHECK(int_bad(" 1"));
  CHECK(int_bad("1 "));
  CHECK(int_bad("1a"));
  CHECK(int_bad("0x10"));
  CHECK(int_bad("1.0"));
  CHECK(int_bad("1e3"));
  CHECK(int_bad("9223372036854775808"));
  CHECK(int_bad("-9223372036854775809"));
  CHECK(int_bad("18446744073709551616"));
  CHECK(int_bad("99999999999999999999"));
  CHECK(int_bad("100000000000000000000"));
  CHECK(int_bad(std::string_view("1\0", 2)));
}

TEST_CASE("numbers: parse_uint64", "[numbers]") {
  uint64_t v = 0;
  CHECK((parse_uint64("0", &v) && v == 0));
  CHECK((parse_uint64("18446744073709551615", &v) && v == UINT64_MAX));
  CHECK_FALSE(parse_uint64("18446744073709551616", &v));
  CHECK_FALSE(parse_uint64("-1", &v));
  CHECK_FALSE(parse_uint64("01", &v));
  CHECK_FALSE(parse_uint64("", &v));
  CHECK_FALSE(parse_uint64("1x", &v));
}

TEST_CASE("numbers: format_int64", "[numbers]") {
  CHECK(int64_to_string(0) == "0");
  CHECK(int64_to_string(-42) == "-42");
  CHECK(int64_to_string(INT64_MAX) == "9223372036854775807");
  CHECK(int64_to_string(INT64_MIN) == "-9223372036854775808");
  char buf[24];
  CHECK(format_int64(123, buf) == 3);
}

TEST_CASE("numbers: parse_double like getDoubleFromObject", "[numbers]") {
  double d = 0;
  CHECK((parse_double("1.5", &d) && d == 1.5));
  CHECK((parse_double("-3", &d) && d == -3));
  CHECK((parse_double("1e3", &d) && d == 1000));
  CHECK((parse_double(".5", &d) && d == 0.5));
  CHECK((parse_double("0x10", &d) && d == 16));
  CHECK((parse_double("inf", &d) && std::isinf(d) && d > 0));
  CHECK((parse_double("-inf", &d) && std::isinf(d) && d < 0));
  CHECK((parse_double("+2", &d) && d == 2));
  CHECK_FALSE(parse_double("", &d));
  CHECK_FALSE(parse_double(" 1", &d));
  CHECK_FALSE(parse_double("1 ", &d));
  CHECK_FALSE(parse_double("1x", &d));
  CHECK_FALSE(parse_double("nan", &d));
  CHECK_FALSE(parse_double("1e400", &d));
  CHECK_FALSE(parse_double("-1e400", &d));
  CHECK_FALSE(parse_double(std::string_view("1\0", 2), &d));
  CHECK_FALSE(parse_double(std::string(6000, '1'), &d));
}

TEST_CASE("numbers: parse_long_double like string2ld", "[numbers]") {
  long double v = 0;
  CHECK((parse_long_double("10.5", &v) && v == 10.5L));
  CHECK((parse_long_double("1e308", &v) && v == 1e308L));
  CHECK_FALSE(parse_long_double("", &v));
  CHECK_FALSE(parse_long_double(" 1", &v));
  CHECK_FALSE(parse_long_double("1.5x", &v));
  CHECK_FALSE(parse_long_double("nan", &v));
}

TEST_CASE("numbers: format_long_double matches INCRBYFLOAT", "[numbers]") {
  CHECK(incrbyfloat("10.5", "0.1") == "10.6");
  CHECK(incrbyfloat("1", "0.25") == "1.25");
  CHECK(incrbyfloat("1.5", "1.5") == "3");
  CHECK(incrbyfloat("17179869184", "1.5") == "17179869185.5");
  CHECK(incrbyfloat("0", "5.0e3") == "5000");
  CHECK(incrbyfloat("0", "1e-20") == "0");
  CHECK(incrbyfloat("0", "-1e-20") == "0");
  CHECK(incrbyfloat("1", "-1") == "0");
  CHECK(incrbyfloat("0", "0.1") == "0.1");
  CHECK(incrbyfloat("3", "-3.5") == "-0.5");
  CHECK(incrbyfloat("1e20", "0") == "100000000000000000000");
  CHECK(incrbyfloat("0", "1.23456789012345678") == "1.23456789012345678");
  CHECK(incrbyfloat("0", "123456789.123456789") == "123456789.12345678899873747");
  CHECK(incrbyfloat("-0", "0") == "0");
  CHECK(incrbyfloat("5", "1e-17") == "5.00000000000000001");
  CHECK(incrbyfloat("0", "0x10") == "16");
  CHECK(incrbyfloat("0", "1e308") ==
        "9999999999999999999668587965584564566056009984741556720779704799492173486883806187210012"
        "6921888539320446747225054013223152134749593960583597420814430196418767959100019603190778"
        "6631096045071066679391533957889389145605435630612683649016186302170865892534448816237913"
        "00855757318142424510452728255046343928578048");
  CHECK(format_long_double(std::numeric_limits<long double>::infinity()) == "inf");
  CHECK(format_long_double(-std::numeric_limits<long double>::infinity()) == "-inf");
  CHECK(format_long_double(-0.0L) == "0");
}

TEST_CASE("numbers: format_double uses %.17g", "[numbers]") {
  CHECK(format_double(0.1) == "0.10000000000000001");
  CHECK(format_double(2.5) == "2.5");
  CHECK(format_double(100) == "100");
  CHECK(format_double(1e100) == "1e+100");
  CHECK(format_double(1.0 / 3) == "0.33333333333333331");
  CHECK(format_double(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_double(-std::numeric_limits<double>::infinity()) == "-inf");
}
